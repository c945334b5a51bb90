package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.progress.ProgressUpdate;
import io.cookexecutor.testing.Closer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sender thread and its real HTTP POSTs to a scheduler stand-in on 127.0.0.1, its decisions on a test
 * clock: time moves only when the test moves it, so backoffs and deadlines are the test's to pass.
 */
class ProgressSenderTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration POST_TIMEOUT = Duration.ofSeconds(30);
  private static final long SEC = 1_000_000_000L;
  private static final long TEN_MS = 10_000_000L;

  @RegisterExtension final Closer closing = new Closer();
  private final TestClock clock = new TestClock();

  /**
   * A manual clock (it starts far from 0, as nanoTime does). It can run a hook at the sender thread's n-th
   * read, and it counts the reads made by a thread named {@code test-finish}.
   */
  static final class TestClock implements LongSupplier {
    private final AtomicLong now = new AtomicLong(1_000_000 * SEC);
    private final AtomicInteger senderReads = new AtomicInteger();
    private volatile int hookAt;
    private volatile Runnable atSenderRead;
    final CountDownLatch finisherRead = new CountDownLatch(1);

    @Override
    public long getAsLong() {
      String thread = Thread.currentThread().getName();
      if (thread.equals("progress-sender")) {
        if (senderReads.incrementAndGet() == hookAt) {
          atSenderRead.run();
        }
      } else if (thread.equals("test-finish")) {
        finisherRead.countDown();
      }
      return now.get();
    }

    void advance(long nanos) {
      now.addAndGet(nanos);
    }

    /** Runs {@code hook} on the sender thread when it reads the clock for the {@code n}-th time. */
    void atSenderRead(int n, Runnable hook) {
      atSenderRead = hook;
      hookAt = n;
    }
  }

  private HoldingScheduler scheduler() throws Exception {
    return closing.add(new HoldingScheduler(clock));
  }

  private ProgressSender sender(HoldingScheduler s, int attempts) {
    return closing.add(new ProgressSender(s.progressUrl(), attempts, POST_TIMEOUT, clock));
  }

  private static ProgressUpdate update(int sequence) {
    return new ProgressUpdate(sequence, sequence * 10, "step " + sequence);
  }

  /** {@code finish} on a thread named {@code test-finish}, whose clock reads the clock counts. */
  private static CompletableFuture<Boolean> finishOnItsOwnThread(ProgressSender sender, long deadline) {
    return CompletableFuture.supplyAsync(() -> sender.finish(deadline), r -> {
      Thread t = new Thread(r, "test-finish");
      t.setDaemon(true);
      t.start();
    });
  }

  @Test
  void updatesMadeWhileAPostIsInFlightCoalesceIntoTheLatest() throws Exception {
    HoldingScheduler s = scheduler();
    CountDownLatch release = s.holdNext();
    ProgressSender sender = sender(s, 5);
    sender.start();
    sender.send(update(1));
    await().atMost(WAIT).until(() -> s.posts().size() == 1);

    for (int seq = 2; seq <= 40; seq++) {
      sender.send(update(seq));
    }
    sender.send(update(7)); // an older state never replaces a newer one
    release.countDown();

    await().atMost(WAIT).until(() -> s.posts().size() == 2);
    assertThat(sender.finish(clock.getAsLong() + 10 * SEC)).isTrue();
    assertThat(s.sequences()).containsExactly(1, 40);
  }

  @Test
  void aFailedPostIsRetriedOnlyOnceTheBackoffHasPassedOnTheClock() throws Exception {
    HoldingScheduler s = scheduler();
    s.answerNext(500);
    ProgressSender sender = sender(s, 5);
    sender.start();
    sender.send(update(1));
    await().atMost(WAIT).until(() -> s.posts().size() == 1);
    long firstAt = s.posts().get(0).clock();

    // Time passes 10 ms at each look until the retry comes: it must not come before the backoff.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      clock.advance(TEN_MS);
      return s.posts().size() == 2;
    });
    assertThat(s.sequences()).containsExactly(1, 1);
    assertThat(s.posts().get(1).clock() - firstAt).isGreaterThanOrEqualTo(PostDecisions.FIRST_BACKOFF_NANOS);
    assertThat(sender.finish(clock.getAsLong() + 10 * SEC)).isTrue();
    assertThat(s.posts()).hasSize(2);
  }

  @Test
  void aFinishWhileThePostIsUnderWayDoesNotCutThatPostShort() throws Exception {
    HoldingScheduler s = scheduler();
    // Slower than the 1 ms a POST got when finish() came between the sender's two looks at the state.
    s.answerNextAfter(Duration.ofMillis(300));
    ProgressSender sender = sender(s, 5);
    sender.send(update(1)); // waiting in the slot when the sender starts
    long deadline = clock.getAsLong() + 10 * SEC;
    AtomicReference<CompletableFuture<Boolean>> finishing = new AtomicReference<>();
    // The sender's second read of the clock: its first turn has taken its mail (the update's wake-up) and
    // is about to POST; finish() comes then and is waiting (it has read the clock) when the sender goes on.
    clock.atSenderRead(2, () -> {
      finishing.set(finishOnItsOwnThread(sender, deadline));
      try {
        assertThat(clock.finisherRead.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    sender.start();

    await().atMost(WAIT).until(() -> finishing.get() != null && finishing.get().isDone());
    assertThat(finishing.get().get()).as("the latest state was accepted").isTrue();
    assertThat(s.sequences()).as("one POST, not a wasted one and a retry").containsExactly(1);
  }
}
