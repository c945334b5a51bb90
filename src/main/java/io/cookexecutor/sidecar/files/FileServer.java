package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpServer;
import io.cookexecutor.sidecar.page.PageHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/** The Mesos agent /files API over one sandbox, for Cook's CLI and UI (kubernetes-sidecar.md section 3). */
public final class FileServer implements AutoCloseable {
  private final HttpServer server;
  private final ServerThreads threads;
  private final StallWatch stalls;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FileServer(HttpServer server, ServerThreads threads, StallWatch stalls) {
    this.server = server;
    this.threads = threads;
    this.stalls = stalls;
  }

  /**
   * Starts serving {@code workdir} on {@code bind} (port 0 = any); workers/threads as the original's
   * --file-server-workers/--file-server-threads (accept, map sensibly).
   */
  public static FileServer start(Path workdir, InetSocketAddress bind, long maxReadLength, int workers, int threads)
      throws IOException {
    return start(workdir, bind, maxReadLength, workers, threads, () -> { });
  }

  /**
   * As {@link #start(Path, InetSocketAddress, long, int, int)}; {@code afterAnswer} runs on the worker after
   * each request was answered and closed (it must be cheap and must not throw).
   */
  public static FileServer start(Path workdir, InetSocketAddress bind, long maxReadLength, int workers, int threads,
      Runnable afterAnswer) throws IOException {
    return start(workdir, bind, maxReadLength, workers, threads, afterAnswer, PageHeader.none());
  }

  /**
   * As {@link #start(Path, InetSocketAddress, long, int, int, Runnable)}; the sandbox page's header shows
   * {@code page}.
   */
  public static FileServer start(Path workdir, InetSocketAddress bind, long maxReadLength, int workers, int threads,
      Runnable afterAnswer, PageHeader page) throws IOException {
    ServerLimits.apply();
    ServerThreads exchanges = ServerThreads.create(ServerLimits.workerThreads(workers, threads),
        ServerLimits.MAX_EXCHANGES);
    StallWatch stalls = new StallWatch(ServerLimits.stallBound().toNanos(), System::nanoTime,
        SendQueues::read).startThread();
    HttpServer server = HttpServer.create(bind, ServerLimits.BACKLOG);
    server.createContext("/", Router.files(new Sandbox(workdir), maxReadLength, afterAnswer, stalls, page))
        .getFilters().add(new RequestLimits());
    server.setExecutor(exchanges);
    server.start();
    LoggerFactory.getLogger(FileServer.class).info("file server: serving {} on {}:{} on {}",
        workdir, bind.getAddress().getHostAddress(), server.getAddress().getPort(), exchanges.describe());
    return new FileServer(server, exchanges, stalls);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops within about a second; in-flight downloads are aborted. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    threads.close();
    stalls.close();
  }
}
