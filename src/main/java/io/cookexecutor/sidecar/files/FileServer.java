package io.cookexecutor.sidecar.files;

import io.cookexecutor.text.Charsets;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.sidecar.page.PageHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.cookexecutor.log.Log;

/**
 * The Mesos agent /files API over one sandbox, for Cook's CLI and UI (kubernetes-sidecar.md section 3).
 * A JDK server that ran out of memory (a flood of large request heads can exhaust the heap; an exchange
 * that dies of it leaves its connection, buffers and all, in the server's sets, so the heap stays full and
 * nothing is answered any more) or whose dispatcher thread died is started again on the same port, which
 * frees all of that: connections in flight are lost, the server is back within about two seconds.
 */
public final class FileServer implements AutoCloseable {
  private static final Log LOG = Log.of(FileServer.class);
  private static final long WATCH_MILLIS = 2000;
  /** Late enough to keep the rehearsal out of the pod's start-up (readiness under a 0.1-CPU quota). */
  private static final long REHEARSAL_MILLIS = 15_000;

  private final ServerThreads threads;
  private final StallWatch stalls;
  private final InetSocketAddress bound;
  private final HttpHandler router;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledExecutorService watch;
  private volatile HttpServer server;
  private volatile Thread dispatcher;
  private final AtomicBoolean outOfMemory = new AtomicBoolean();

  private FileServer(InetSocketAddress bind, HttpHandler router, ServerThreads threads, StallWatch stalls)
      throws IOException {
    this.router = router;
    this.threads = threads;
    this.stalls = stalls;
    HttpServer first = serve(bind);
    this.bound = new InetSocketAddress(bind.getAddress(), first.getAddress().getPort());
    this.watch = Executors.newSingleThreadScheduledExecutor(r -> Threads.daemon("file-server-watch", r));
    watch.scheduleWithFixedDelay(this::restartIfDead, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    watch.schedule(JdkHttpServer::rehearseRestart, REHEARSAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A JDK server on {@code bind} with the router and the threads; notes its dispatcher thread. */
  private HttpServer serve(InetSocketAddress bind) throws IOException {
    HttpServer s = HttpServer.create(bind, ServerLimits.BACKLOG);
    s.createContext("/", router).getFilters().add(new RequestLimits());
    s.setExecutor(exchange -> threads.execute(() -> {
      try {
        exchange.run();
      } catch (OutOfMemoryError e) {
        outOfMemory.set(true);
        throw e;
      }
    }));
    dispatcher = JdkHttpServer.start(s);
    server = s;
    return s;
  }

  private void restartIfDead() {
    try {
      Thread d = dispatcher;
      boolean dead = d != null && !d.isAlive();
      if (closed.get() || !(outOfMemory.getAndSet(false) || dead)) {
        return;
      }
      // Stopping first frees what the old server holds; only then is there room to log and start again.
      server.stop(0);
      LOG.error("file server: {}; serving port {} again", dead ? "the JDK server's dispatcher thread died"
          : "an exchange ran out of memory", bound.getPort());
      serve(bound);
    } catch (Throwable t) { // never let the watch itself die: the next round tries again
      outOfMemory.set(true);
      try {
        LOG.error("file server: cannot serve port {} again yet: {}", bound.getPort(), t.toString());
      } catch (Throwable again) {
        // no memory even to say so: the next round
      }
    }
  }

  /**
   * Starts serving {@code workdir} on {@code bind} (port 0 = any); workers/threads as the original's
   * --file-server-workers/--file-server-threads (accept, map sensibly); {@code afterAnswer} runs on the
   * worker after each request was answered and closed (it must be cheap and must not throw); the sandbox
   * page's header shows {@code page}.
   */
  public static FileServer start(Path workdir, InetSocketAddress bind, long maxReadLength, int workers, int threads,
      Runnable afterAnswer, PageHeader page) throws IOException {
    ServerLimits.apply();
    ServerThreads exchanges = ServerThreads.create(ServerLimits.workerThreads(workers, threads),
        ServerLimits.exchangeCapacity());
    StallWatch stalls = new StallWatch(ServerLimits.stallBound().toNanos(), System::nanoTime,
        SendQueues::read).startThread();
    Router router = Router.files(new Sandbox(workdir), maxReadLength, afterAnswer, stalls, page,
        exchanges::requestRead);
    FileServer files = new FileServer(bind, router, exchanges, stalls);
    LOG.info("file server: serving {} on {}:{} on {}", workdir, bind.getAddress().getHostAddress(), files.port(),
        exchanges.describe());
    return files;
  }

  public int port() {
    return bound.getPort();
  }

  /** Stops within about a second; in-flight downloads are aborted. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    watch.shutdownNow();
    server.stop(0);
    threads.close();
    stalls.close();
  }
}
