package io.cookexecutor.task;

import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.time.Duration;

/**
 * The one pending SIGKILL of a kill: due when the grace period (less {@link KillPolicy}'s margin) is over;
 * a later kill may only bring it forward ({@link KillPolicy#deadline}). Runs on the loop; it is its own
 * timer's Runnable.
 */
final class Escalation implements Runnable {
  private final Loop loop;
  private final Runnable due;
  private Scheduled timer;
  private long deadline;

  Escalation(Loop loop, Runnable due) {
    this.loop = loop;
    this.due = due;
  }

  /** A kill with {@code grace}: the SIGKILL comes at its deadline, or earlier if one is already set. */
  void schedule(Duration grace) {
    long now = loop.nanoTime();
    long next = KillPolicy.deadline(deadline, timer != null, now, grace);
    if (timer != null && next == deadline) {
      return;
    }
    cancel();
    deadline = next;
    timer = loop.schedule(Duration.ofNanos(next - now), this);
  }

  @Override
  public void run() {
    timer = null;
    due.run();
  }

  void cancel() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
