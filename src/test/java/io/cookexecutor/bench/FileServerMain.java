package io.cookexecutor.bench;

import io.cookexecutor.sidecar.files.FileServer;
import io.cookexecutor.sidecar.page.PageHeader;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The file server alone, for benchmarks and manual checks before the sidecar command exists:
 * {@code FileServerMain WORKDIR PORT [MAX_READ_LENGTH]}, bound to 127.0.0.1, until killed.
 */
public final class FileServerMain {
  private FileServerMain() {}

  public static void main(String[] args) throws Exception {
    long max = args.length > 2 ? Long.parseLong(args[2]) : 25_000_000L;
    FileServer server = FileServer.start(Path.of(args[0]), new InetSocketAddress("127.0.0.1",
        Integer.parseInt(args[1])), max, 2, 2, () -> { }, new PageHeader(null, null, null, false, () -> null));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("listening on " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
