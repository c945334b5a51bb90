package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The stall decisions on a manual clock: no thread, no socket. */
class StallWatchTest {
  private static final long BOUND = TimeUnit.SECONDS.toNanos(60);
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Map<String, Long> queues = new HashMap<>();
  private final StallWatch watch = new StallWatch(BOUND, now::get, () -> queues);

  private void advanceSeconds(long s) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(s));
  }

  @Test
  void anAnswerWithoutProgressForTheBoundIsAbandonedOnce() {
    AtomicInteger abandoned = new AtomicInteger();
    watch.start(abandoned::incrementAndGet, List.of());
    advanceSeconds(60);
    assertThat(watch.sweep()).isZero(); // exactly the bound is not over it
    advanceSeconds(1);
    assertThat(watch.sweep()).isEqualTo(1);
    assertThat(abandoned).hasValue(1);
    advanceSeconds(120);
    assertThat(watch.sweep()).isZero();
    assertThat(abandoned).hasValue(1);
    assertThat(watch.watching()).isZero();
  }

  @Test
  void aSlowButMovingAnswerIsNeverCut() {
    AtomicInteger abandoned = new AtomicInteger();
    StallWatch.Watched w = watch.start(abandoned::incrementAndGet, List.of());
    for (int minute = 0; minute < 600; minute++) { // ten hours, one write every 59 s
      advanceSeconds(59);
      w.progress();
      watch.sweep();
    }
    assertThat(abandoned).hasValue(0);
    w.close();
    assertThat(watch.watching()).isZero();
  }

  @Test
  void aFinishedAnswerIsNeverAbandonedLater() {
    AtomicInteger abandoned = new AtomicInteger();
    StallWatch.Watched w = watch.start(abandoned::incrementAndGet, List.of());
    w.close();
    advanceSeconds(3600);
    assertThat(watch.sweep()).isZero();
    assertThat(abandoned).hasValue(0);
  }

  @Test
  void onlyTheStalledOnesOfManyAreAbandoned() {
    AtomicInteger stalledAbandoned = new AtomicInteger();
    AtomicInteger movingAbandoned = new AtomicInteger();
    watch.start(stalledAbandoned::incrementAndGet, List.of());
    StallWatch.Watched moving = watch.start(movingAbandoned::incrementAndGet, List.of());
    for (int i = 0; i < 7; i++) {
      advanceSeconds(10);
      moving.progress();
    }
    assertThat(watch.sweep()).isEqualTo(1);
    assertThat(stalledAbandoned).hasValue(1);
    assertThat(movingAbandoned).hasValue(0);
  }

  @Test
  void theSweeperLooksAtLeastFourTimesPerBoundAndAtMostOnceASecond() {
    assertThat(watch.tickNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(new StallWatch(TimeUnit.SECONDS.toNanos(2), now::get, Map::of).tickNanos())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  void aClientAcknowledgingBytesKeepsItsAnswerThoughNoWriteReturns() {
    AtomicInteger abandoned = new AtomicInteger();
    watch.start(abandoned::incrementAndGet, List.of("5DBD 0100007F:C4AA"));
    queues.put("5DBD 0100007F:C4AA", 200_000L);
    for (int i = 0; i < 60; i++) { // an hour; the client acknowledges 1 KB a second, no write ever returns
      advanceSeconds(31);
      queues.put("5DBD 0100007F:C4AA", queues.get("5DBD 0100007F:C4AA") - 31_000);
      watch.sweep();
      if (queues.get("5DBD 0100007F:C4AA") < 40_000) {
        queues.put("5DBD 0100007F:C4AA", 200_000L);
      }
    }
    assertThat(abandoned).hasValue(0);
    // then it stops reading: abandoned within the bound and a half of its last movement
    for (int i = 0; i < 4; i++) {
      advanceSeconds(30);
      watch.sweep();
    }
    assertThat(abandoned).hasValue(1);
  }

  @Test
  void aConnectionTheTablesDoNotShowGoesByWritesAlone() {
    AtomicInteger abandoned = new AtomicInteger();
    watch.start(abandoned::incrementAndGet, List.of("0050 0100007F:0001"));
    advanceSeconds(31);
    watch.sweep();
    advanceSeconds(30);
    assertThat(watch.sweep()).isEqualTo(1);
  }

  @Test
  void aFailingSweepIsLoggedAtMostOncePerBoundAndTheNextTickSweepsAgain() {
    AtomicInteger reads = new AtomicInteger();
    StallWatch failing = new StallWatch(BOUND, now::get, () -> {
      reads.incrementAndGet();
      throw new IllegalStateException("no /proc/net/tcp");
    });
    failing.start(() -> { }, List.of("5DBD 0100007F:C4AA"));
    advanceSeconds(20); // past a quarter of the bound: each sweep reads the send queues
    PrintStream saved = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      failing.tick();
      advanceSeconds(59);
      failing.tick();
      advanceSeconds(1);
      failing.tick();
    } finally {
      System.setErr(saved);
    }
    assertThat(reads).hasValue(3);
    assertThat(log.toString(StandardCharsets.UTF_8).split("a sweep for stalled answers failed", -1))
        .as("logged at the first failure and once the bound had passed").hasSize(3);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("IllegalStateException: no /proc/net/tcp");
  }

  @Test
  void keysAreSpelledAsTheKernelWritesThem() throws Exception {
    java.net.InetSocketAddress peer = new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 50346);
    assertThat(SendQueues.keys(23997, peer)).containsExactly("5DBD 0100007F:C4AA",
        "5DBD 0000000000000000FFFF00000100007F:C4AA");
    Map<String, Long> parsed = new HashMap<>();
    SendQueues.parse(List.of(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   1: 0100007F:5DBD 0100007F:C4AA 01 0002F000:00000000 01:00000014 00000000     0        0 1 1 0"), parsed);
    assertThat(parsed).containsEntry("5DBD 0100007F:C4AA", 0x2F000L);
  }
}
