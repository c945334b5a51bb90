package io.cookexecutor.local.agent;

import io.cookexecutor.lifetime.Threads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread of the agent that runs what it is given one at a time, in the order given. After
 * {@link #close} it refuses new work (RejectedExecutionException).
 */
final class AgentThread implements Executor {
  private static final long CLOSE_MILLIS = 2000;

  private final ExecutorService thread;

  AgentThread(String name) {
    this.thread = Executors.newSingleThreadExecutor(r -> Threads.daemon(name, r));
  }

  @Override
  public void execute(Runnable task) {
    thread.execute(task);
  }

  /** Lets the work already given finish (bounded), then stops the thread. */
  void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
