package io.cookexecutor.it.sidecar;

import io.cookexecutor.sidecar.files.FileServer;
import io.cookexecutor.sidecar.page.PageHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The file server scenarios against {@link FileServer} started in this JVM. */
class FileServerIT extends FilesScenarios {
  @Override
  Started start(Path workdir, long maxReadLength) throws IOException {
    FileServer server = start(workdir, maxReadLength, 2, 2);
    return new Started(server.port(), server);
  }

  /** The product's start on 127.0.0.1 (any port), with nothing to run after an answer and no page header. */
  static FileServer start(Path workdir, long maxReadLength, int workers, int threads) throws IOException {
    return FileServer.start(workdir, new InetSocketAddress("127.0.0.1", 0), maxReadLength, workers, threads,
        () -> { }, new PageHeader(null, null, null, false, () -> null));
  }
}
