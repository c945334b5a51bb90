package io.cookexecutor.sidecar.files;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the file server's exchanges run. The JDK server reads a request's line and headers, and writes its
 * answer, blocking on the thread of this executor, so a client trickling its request or reading slowly holds
 * that thread for as long as it takes. On a runtime whose virtual threads do not pin their carrier inside
 * {@code synchronized} (JDK 24 and later, JEP 491; the JDK server's streams are synchronized), each exchange
 * gets a virtual thread: a slow client then costs a parked virtual thread (a few KiB of heap), never a
 * worker. Elsewhere (the development launcher on JDK 17), a bounded platform pool, as before.
 */
abstract class ServerThreads implements Executor, AutoCloseable {
  /** The first runtime whose virtual threads unmount while blocked in {@code synchronized} code. */
  static final int VIRTUAL_FROM = 24;

  /** What runs the exchanges, for the start-up log line. */
  abstract String describe();

  /** Interrupts every running exchange (which closes its connection) and waits up to {@code millis}. */
  abstract void stop(long millis) throws InterruptedException;

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Virtual threads, at most {@code maxExchanges} exchanges at once, where this runtime has them without
   * pinning; else {@code platformThreads} platform threads and a bounded queue.
   */
  static ServerThreads create(int platformThreads, int maxExchanges) {
    ThreadFactory virtual = Runtime.version().feature() >= VIRTUAL_FROM ? virtualFactory() : null;
    return virtual != null ? new Virtual(virtual, maxExchanges) : new Platform(platformThreads);
  }

  /**
   * {@code Thread.ofVirtual().name("file-server-", 0).factory()}, looked up at run time (the language level
   * is 17); null when the runtime has no virtual threads.
   */
  static ThreadFactory virtualFactory() {
    try {
      Method ofVirtual = Thread.class.getMethod("ofVirtual");
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Object named = builder.getMethod("name", String.class, long.class)
          .invoke(ofVirtual.invoke(null), "file-server-", 0L);
      return (ThreadFactory) builder.getMethod("factory").invoke(named);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** A virtual thread per exchange; beyond the cap an exchange is refused (the JDK closes its connection). */
  static final class Virtual extends ServerThreads {
    private final ThreadFactory factory;
    private final int maxExchanges;
    private final AtomicInteger running = new AtomicInteger();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    Virtual(ThreadFactory factory, int maxExchanges) {
      this.factory = factory;
      this.maxExchanges = maxExchanges;
    }

    @Override
    public void execute(Runnable exchange) {
      if (stopped || running.incrementAndGet() > maxExchanges) {
        running.decrementAndGet();
        throw new RejectedExecutionException("file server: " + maxExchanges + " exchanges already running");
      }
      Thread t = factory.newThread(() -> {
        try {
          exchange.run();
        } finally {
          live.remove(Thread.currentThread());
          running.decrementAndGet();
        }
      });
      live.add(t);
      t.start();
    }

    int running() {
      return running.get();
    }

    @Override
    String describe() {
      return "a virtual thread per exchange, at most " + maxExchanges + " at once";
    }

    @Override
    void stop(long millis) throws InterruptedException {
      stopped = true;
      live.forEach(Thread::interrupt);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      for (Thread t : live) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** The bounded pool of platform threads (idle threads end after 30 s; at most 256 exchanges wait). */
  static final class Platform extends ServerThreads {
    private final ThreadPoolExecutor pool;
    private final int size;

    Platform(int size) {
      this.size = size;
      AtomicInteger counter = new AtomicInteger();
      pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(ServerLimits.QUEUED_REQUESTS), r -> {
            Thread t = new Thread(null, r, "file-server-" + counter.incrementAndGet(), ServerLimits.STACK_BYTES);
            t.setDaemon(true);
            return t;
          });
      // Idle, the server holds no worker thread at all.
      pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable exchange) {
      pool.execute(exchange);
    }

    @Override
    String describe() {
      return size + " platform threads (virtual threads need Java " + VIRTUAL_FROM + " or later)";
    }

    @Override
    void stop(long millis) throws InterruptedException {
      pool.shutdownNow();
      pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
  }
}
