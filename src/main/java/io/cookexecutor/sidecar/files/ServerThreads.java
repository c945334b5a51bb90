package io.cookexecutor.sidecar.files;

import io.cookexecutor.lifetime.Threads;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.cookexecutor.log.Log;

/**
 * Where the file server's exchanges run. The JDK server reads a request's line and headers, and writes its
 * answer, blocking on the thread of this executor, so a client trickling its request or reading slowly holds
 * that thread for as long as it takes. On a runtime whose virtual threads do not pin their carrier inside
 * {@code synchronized} (JDK 24 and later, JEP 491; the JDK server's streams are synchronized), each exchange
 * gets a virtual thread ({@link JdkHttpServer#virtualThreads}): a slow client then costs a parked virtual
 * thread (a few KiB of heap), never a worker. Elsewhere (the development launcher on JDK 17), a bounded
 * platform pool.
 */
abstract class ServerThreads implements Executor, AutoCloseable {
  private static final Log LOG = Log.of(ServerThreads.class);

  /** What runs the exchanges, for the start-up log line. */
  abstract String describe();

  /** Interrupts every running exchange (which closes its connection) and waits up to {@code millis}. */
  abstract void stop(long millis) throws InterruptedException;

  /** Called on an exchange's thread once its request line and headers were read (its answer begins). */
  void requestRead() {
  }

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Virtual threads, at most {@code maxExchanges} exchanges at once (then {@link ExchangeBudget} decides),
   * where this runtime has them without pinning; else {@code platformThreads} platform threads and a
   * bounded queue.
   */
  static ServerThreads create(int platformThreads, int maxExchanges) {
    ThreadFactory virtual = JdkHttpServer.virtualThreads("file-server-");
    return virtual != null ? new Virtual(virtual, new ExchangeBudget(maxExchanges, System::nanoTime))
        : new Platform(platformThreads);
  }

  /** A virtual thread per exchange, within the heap's budget (evicting or refusing beyond it). */
  static final class Virtual extends ServerThreads {
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final ThreadFactory factory;
    private final ExchangeBudget budget;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ExchangeBudget.Exchange> current = new ThreadLocal<>();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile long loggedCount;
    private final AtomicBoolean noteLater = new AtomicBoolean();
    private volatile boolean stopped;
    /** When the pending re-ask of the budget runs; NEVER when none is pending. */
    private final AtomicLong promoteAt = new AtomicLong(ExchangeBudget.NEVER);
    /** Idle (nothing waits) its one thread blocks without a timeout: no wake-ups. */
    private final ScheduledThreadPoolExecutor promoter = new ScheduledThreadPoolExecutor(1,
        r -> Threads.daemon("file-server-budget", ServerLimits.STACK_BYTES, r));

    Virtual(ThreadFactory factory, ExchangeBudget budget) {
      this.factory = factory;
      this.budget = budget;
      promoter.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable exchange) {
      if (stopped) {
        throw new RejectedExecutionException("file server: stopped");
      }
      ExchangeBudget.Decision decision = budget.offer(new Job(exchange));
      noteBudget();
      if (decision.refused()) {
        throw new RejectedExecutionException("file server: " + ExchangeBudget.MAX_WAITING + " exchanges waiting");
      }
      carryOut(decision);
    }

    /** Starts what the budget says, and asks it again when it says (one pending ask: the earliest). */
    private void carryOut(ExchangeBudget.Decision decision) {
      decision.apply();
      long at = decision.promoteAt();
      if (at == ExchangeBudget.NEVER || stopped || promoteAt.get() <= at) {
        return; // nothing to ask, or an ask as early is pending
      }
      promoteAt.set(at);
      promoter.schedule(() -> {
        promoteAt.compareAndSet(at, ExchangeBudget.NEVER);
        carryOut(budget.promote()); // the places the budget can make now
        noteBudget();
      }, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** One exchange of the JDK server on its own virtual thread, started when the budget says. */
    private final class Job implements ExchangeBudget.Job {
      private final Runnable exchange;
      private volatile Thread thread;
      private volatile boolean evicted;

      Job(Runnable exchange) {
        this.exchange = exchange;
      }

      @Override
      public void start(ExchangeBudget.Exchange admitted) {
        if (stopped) {
          admitted.done();
          return;
        }
        Thread t = factory.newThread(() -> {
          current.set(admitted);
          try {
            exchange.run();
          } finally {
            live.remove(Thread.currentThread());
            carryOut(admitted.done());
          }
        });
        thread = t;
        live.add(t);
        t.start();
        if (evicted) {
          t.interrupt(); // evicted before its thread was known
        }
      }

      @Override
      public void evict() {
        evicted = true;
        Thread t = thread;
        if (t != null) {
          t.interrupt(); // closes its connection (the JDK server's channels are interruptible)
        }
      }
    }

    /**
     * At most one line per 10 s about exchanges evicted, refused or made to wait at the budget; what a burst
     * adds after its first line is told once the 10 s are over (one later look, none while quiet).
     */
    private void noteBudget() {
      long[] counts = budget.counts();
      long now = System.nanoTime();
      long last = lastLog.get();
      long total = counts[0] + counts[1] + counts[2];
      if (total <= loggedCount) {
        return;
      }
      if (now - last < LOG_EVERY_NANOS) {
        if (!stopped && noteLater.compareAndSet(false, true)) {
          promoter.schedule(() -> {
            noteLater.set(false);
            noteBudget();
          }, LOG_EVERY_NANOS - (now - last), TimeUnit.NANOSECONDS);
        }
        return;
      }
      if (lastLog.compareAndSet(last, now)) {
        loggedCount = total;
        LOG.warn("file server: {} exchanges running, as many as the heap holds; since start {} waited for a"
            + " place, {} evicted (reading a request for over {} ms, else answering for over {} s), {} refused",
            budget.capacity(), counts[2], counts[0], TimeUnit.NANOSECONDS.toMillis(ExchangeBudget.HEAD_GRACE_NANOS),
            TimeUnit.NANOSECONDS.toSeconds(ExchangeBudget.ANSWER_GRACE_NANOS), counts[1]);
      }
    }

    @Override
    void requestRead() {
      ExchangeBudget.Exchange e = current.get();
      if (e != null) {
        e.answering();
      }
    }

    @Override
    String describe() {
      return "a virtual thread per exchange, at most " + budget.capacity() + " at once";
    }

    @Override
    void stop(long millis) throws InterruptedException {
      stopped = true;
      promoter.shutdownNow();
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

    Platform(int size) {
      AtomicInteger counter = new AtomicInteger();
      pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(ServerLimits.QUEUED_REQUESTS),
          r -> Threads.daemon("file-server-" + counter.incrementAndGet(), ServerLimits.STACK_BYTES, r));
      // Idle, the server holds no worker thread at all.
      pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable exchange) {
      pool.execute(exchange);
    }

    @Override
    String describe() {
      return pool.getMaximumPoolSize() + " platform threads (virtual threads need Java " + JdkHttpServer.VIRTUAL_FROM + " or later)";
    }

    @Override
    void stop(long millis) throws InterruptedException {
      pool.shutdownNow();
      pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
  }
}
