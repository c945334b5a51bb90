package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpServer;
import io.cookexecutor.sidecar.page.PageHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** The Mesos agent /files API over one sandbox, for Cook's CLI and UI (kubernetes-sidecar.md section 3). */
public final class FileServer implements AutoCloseable {
  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FileServer(HttpServer server, ThreadPoolExecutor pool) {
    this.server = server;
    this.pool = pool;
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
    int size = ServerLimits.workerThreads(workers, threads);
    AtomicInteger counter = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(ServerLimits.QUEUED_REQUESTS), r -> {
          Thread t = new Thread(null, r, "file-server-" + counter.incrementAndGet(), ServerLimits.STACK_BYTES);
          t.setDaemon(true);
          return t;
        });
    // Idle, the server holds no worker thread at all.
    pool.allowCoreThreadTimeOut(true);
    HttpServer server = HttpServer.create(bind, ServerLimits.BACKLOG);
    server.createContext("/", Router.files(new Sandbox(workdir), maxReadLength, afterAnswer, page));
    server.setExecutor(pool);
    server.start();
    LoggerFactory.getLogger(FileServer.class).info("file server: serving {} on {}:{} with {} threads",
        workdir, bind.getAddress().getHostAddress(), server.getAddress().getPort(), size);
    return new FileServer(server, pool);
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
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
