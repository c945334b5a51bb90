package io.cookexecutor.sidecar;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.message.FrameworkMessages;
import io.cookexecutor.progress.ProgressSink;
import io.cookexecutor.progress.ProgressUpdate;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import io.cookexecutor.log.Log;

/**
 * The tracker's sink in sidecar mode, a small loop of its own: one thread ({@code progress-sender}) owns
 * the {@link PostDecisions} and alone POSTs what they say, each POST under a deadline. Other threads only
 * hand it work: {@link #send} drops the state into a latest-wins slot (so a slow or hung scheduler never
 * holds the tracker thread, and a burst of states costs one slot), {@link #finish} and {@link #close} post a
 * {@link Command} to its mailbox.
 */
final class ProgressSender implements ProgressSink, AutoCloseable {
  private static final Log LOG = Log.of(ProgressSender.class);

  /** What other threads tell the sender thread. */
  private sealed interface Command permits Signal, Finish {}

  private enum Signal implements Command {
    /** A state is waiting in the slot. */
    WAKE,
    /** Stop at once. */
    CLOSE
  }

  /** The job is over: deliver the latest state before {@code deadline}, then say whether it was accepted. */
  private record Finish(long deadline, CompletableFuture<Boolean> accepted) implements Command {}

  private final PostDecisions decisions;
  private final HttpPost http;
  private final Duration postTimeout;
  private final LongSupplier nanoTime;
  private final AtomicReference<ProgressUpdate> slot = new AtomicReference<>();
  private final BlockingQueue<Command> mailbox = new LinkedBlockingQueue<>();

  ProgressSender(URI progressUrl, int maxAttempts, Duration postTimeout, LongSupplier nanoTime) {
    this.decisions = new PostDecisions(progressUrl, maxAttempts);
    this.http = new HttpPost();
    this.postTimeout = postTimeout;
    this.nanoTime = nanoTime;
  }

  /** Starts the sender thread (once). */
  void start() {
    Threads.start("progress-sender", this::run);
  }

  @Override
  public void send(ProgressUpdate update) {
    // One WAKE per filling of the empty slot: the mailbox stays small however fast states come.
    if (slot.getAndAccumulate(update, (held, u) -> held == null || u.sequence() > held.sequence() ? u : held)
        == null) {
      mailbox.add(Signal.WAKE);
    }
  }

  /**
   * Sends the latest state until it is accepted or {@code deadline} (on {@code nanoTime}'s scale) passes.
   *
   * @return whether the latest state was accepted (true when there never was one)
   */
  boolean finish(long deadline) {
    Finish finish = new Finish(deadline, new CompletableFuture<>());
    mailbox.add(finish);
    try {
      return finish.accepted().get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops at once: the POST in flight is aborted, nothing more is sent. */
  @Override
  public void close() {
    mailbox.add(Signal.CLOSE);
    http.abort();
  }

  /** Each turn: what came in, then the POST that is due, then the wait for the next thing to do. */
  private void run() {
    List<Command> commands = new ArrayList<>();
    Finish finishing = null;
    try {
      while (true) {
        long wait = decisions.nanosUntilNext(nanoTime.getAsLong());
        Command first = wait == Long.MAX_VALUE ? mailbox.take() : mailbox.poll(wait, TimeUnit.NANOSECONDS);
        commands.clear();
        if (first != null) {
          commands.add(first);
        }
        mailbox.drainTo(commands);
        long now = nanoTime.getAsLong();
        // After the commands: a state sent before finish() was called is in the slot by now.
        ProgressUpdate u = slot.getAndSet(null);
        if (u != null) {
          decisions.offer(u, now);
        }
        for (Command c : commands) {
          if (c == Signal.CLOSE) {
            return;
          } else if (c instanceof Finish f) {
            finishing = f;
            decisions.finish(now, f.deadline());
          }
        }
        PostDecisions.Attempt a = decisions.next(now);
        if (a != null) {
          post(a, finishing, now);
        }
        if (finishing != null && slot.get() == null && decisions.idle(nanoTime.getAsLong())) {
          finishing.accepted().complete(decisions.latestAccepted());
        }
      }
    } catch (InterruptedException e) {
      // Stopped.
    }
  }

  /** One POST; while finishing, its timeout also ends at the final deadline. */
  private void post(PostDecisions.Attempt a, Finish finishing, long now) {
    Duration timeout = postTimeout;
    if (finishing != null) {
      timeout = Duration.ofNanos(Math.max(1_000_000, Math.min(timeout.toNanos(), finishing.deadline() - now)));
    }
    ProgressUpdate u = a.update();
    byte[] body = FrameworkMessages.progressUpdate(u.sequence(), u.percent(), u.message());
    PostResult r = http.post(a.url(), body, timeout);
    String note = decisions.onResult(a, r, nanoTime.getAsLong());
    if (r.accepted()) {
      LOG.debug("Progress sequence {} ({} %) accepted by {}", u.sequence(), u.percent(), a.url());
    } else if (r.redirect()) {
      LOG.info("Progress update redirected; later updates go to {}", r.location());
    }
    if (note != null) {
      LOG.warn("Progress POST to {}: {}", a.url(), note);
    }
  }
}
