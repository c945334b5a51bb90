package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which exchange runs, waits or gives way when the heap's budget is spent, on a manual clock: no thread. */
class ExchangeBudgetTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final ExchangeBudget budget = new ExchangeBudget(3, now::get);
  private final List<String> started = new ArrayList<>();
  private final List<String> evicted = new ArrayList<>();
  private final Map<String, ExchangeBudget.Exchange> exchanges = new HashMap<>();

  /** Records what the budget does to the exchange {@code name}. */
  private ExchangeBudget.Job job(String name) {
    return new ExchangeBudget.Job() {
      @Override
      public void start(ExchangeBudget.Exchange exchange) {
        started.add(name);
        exchanges.put(name, exchange);
      }

      @Override
      public void evict() {
        evicted.add(name);
      }
    };
  }

  private boolean offer(String name) {
    ExchangeBudget.Decision d = budget.offer(job(name));
    d.apply();
    return !d.refused();
  }

  private void done(String name) {
    exchanges.get(name).done().apply();
  }

  private void answering(String name) {
    exchanges.get(name).answering();
  }

  private void advanceMillis(long ms) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void withinTheBudgetEveryExchangeStartsAtOnce() {
    offer("a");
    offer("b");
    offer("c");
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(evicted).isEmpty();
    assertThat(budget.waiting()).isZero();
  }

  @Test
  void atTheBudgetTheLongestRequestStillBeingReadGivesWay() {
    offer("first");
    advanceMillis(5);
    offer("second");
    answering("first"); // no: first has been answering since now, so second is the only reader
    advanceMillis(20);
    offer("third");
    answering("third");
    advanceMillis(20);
    offer("newcomer");
    assertThat(evicted).containsExactly("second");
    assertThat(started).endsWith("newcomer");
    assertThat(budget.counts()).containsExactly(1, 0, 0);
  }

  @Test
  void aNewcomerWaitsWhileNoReaderIsOverItsGraceAndStartsWhenAPlaceFrees() {
    offer("a");
    offer("b");
    offer("c");
    advanceMillis(9);
    offer("newcomer");
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(evicted).isEmpty();
    assertThat(budget.waiting()).isEqualTo(1);
    done("b");
    assertThat(started).endsWith("newcomer");
    assertThat(budget.waiting()).isZero();
    assertThat(budget.counts()).containsExactly(0, 0, 1);
  }

  @Test
  void whileSomethingWaitsTheDecisionSaysWhenTheNextRunningExchangePassesItsGrace() {
    offer("a");
    answering("a"); // answering from t0: its grace ends at t0 + 10 s
    advanceMillis(4);
    offer("b"); // reading from t0 + 4 ms: its grace ends at t0 + 14 ms
    offer("c");
    long t0 = now.get() - TimeUnit.MILLISECONDS.toNanos(4);
    ExchangeBudget.Decision waits = budget.offer(job("waits"));
    assertThat(waits.start()).isEmpty();
    assertThat(waits.promoteAt()).isEqualTo(t0 + TimeUnit.MILLISECONDS.toNanos(14) + 1);
    now.set(waits.promoteAt());
    ExchangeBudget.Decision then = budget.promote();
    then.apply();
    assertThat(evicted).containsExactly("b");
    assertThat(started).endsWith("waits");
    assertThat(then.promoteAt()).as("nothing waits any more").isEqualTo(ExchangeBudget.NEVER);
  }

  @Test
  void aWaitingExchangeGetsItsPlaceOnceAReaderPassesItsGrace() {
    offer("a");
    offer("b");
    offer("c");
    offer("waits");
    assertThat(started).doesNotContain("waits");
    advanceMillis(11);
    budget.promote().apply();
    assertThat(evicted).containsExactly("a");
    assertThat(started).endsWith("waits");
  }

  @Test
  void withNoRequestBeingReadTheLongestAnswerOverItsGraceGivesWay() {
    offer("a");
    answering("a");
    advanceMillis(3000);
    offer("b");
    answering("b");
    advanceMillis(3000);
    offer("c");
    answering("c");
    advanceMillis(5000); // a: 11 s answering, b: 8 s, c: 5 s
    offer("newcomer");
    assertThat(evicted).containsExactly("a");
    answering("newcomer");
    advanceMillis(1000); // b: 9 s: under the answer's grace
    offer("another");
    assertThat(started).doesNotContain("another");
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void waitingExchangesStartFirstComeFirstServed() {
    offer("a");
    offer("b");
    offer("c");
    offer("w1");
    offer("w2");
    done("a");
    done("b");
    assertThat(started).containsExactly("a", "b", "c", "w1", "w2");
  }

  @Test
  void anEvictedExchangeKeepsNoPlaceAndIsNotEvictedTwice() {
    offer("old");
    offer("b");
    answering("b");
    offer("c");
    answering("c");
    advanceMillis(20);
    offer("d");
    assertThat(evicted).containsExactly("old");
    offer("e"); // d reads for 0 ms: e waits
    assertThat(started).doesNotContain("e");
    done("old"); // the evicted one ends: its place was already d's
    assertThat(started).doesNotContain("e");
    assertThat(evicted).containsExactly("old");
    assertThat(budget.running()).isEqualTo(3);
  }

  @Test
  void evictionsNotYetEndedAreBounded() {
    ExchangeBudget wide = new ExchangeBudget(ExchangeBudget.EVICTED_SLACK + 1, now::get);
    for (int i = 0; i <= ExchangeBudget.EVICTED_SLACK; i++) {
      wide.offer(job("slow")).apply();
    }
    advanceMillis(20);
    for (int i = 0; i <= ExchangeBudget.EVICTED_SLACK; i++) {
      wide.offer(job("new")).apply();
    }
    assertThat(evicted).hasSize(ExchangeBudget.EVICTED_SLACK);
    assertThat(wide.waiting()).as("the evicted have not ended yet").isEqualTo(1);
  }

  @Test
  void pastTheWaitingBoundANewcomerIsRefused() {
    ExchangeBudget one = new ExchangeBudget(1, now::get);
    one.offer(job("a")).apply();
    for (int i = 0; i < ExchangeBudget.MAX_WAITING; i++) {
      assertThat(one.offer(job("w")).refused()).isFalse();
    }
    assertThat(one.offer(job("late")).refused()).isTrue();
    assertThat(one.counts()[1]).isEqualTo(1);
  }

  @Test
  void theCapacityIsWhatTheHeapHoldsWithinItsBounds() {
    assertThat(ExchangeBudget.capacityFor(12L << 20, 7L << 20, 40 * 1024, 16, 512)).isEqualTo(128);
    assertThat(ExchangeBudget.capacityFor(8L << 20, 7L << 20, 40 * 1024, 16, 512)).isEqualTo(25);
    assertThat(ExchangeBudget.capacityFor(4L << 20, 7L << 20, 40 * 1024, 16, 512)).isEqualTo(16);
    assertThat(ExchangeBudget.capacityFor(1L << 30, 7L << 20, 40 * 1024, 16, 512)).isEqualTo(512);
  }
}
