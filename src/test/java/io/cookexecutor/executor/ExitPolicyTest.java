package io.cookexecutor.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.agent.AgentSession.Delivery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the executor may exit, as a pure decision on a clock given by the test. */
class ExitPolicyTest {
  private static final long S = 1_000_000_000L;
  private final ExitPolicy policy = new ExitPolicy(Duration.ofSeconds(60));

  private static ExitPolicy.Facts facts(Delivery terminal, int messages, boolean reachable) {
    return new ExitPolicy.Facts(true, true, terminal, messages, reachable);
  }

  @Test
  void neverWhileTheTaskLivesOrNoExitWasAskedFor() {
    assertThat(policy.decide(0, new ExitPolicy.Facts(true, false, Delivery.NONE, 0, true))).isEqualTo(ExitPolicy.Decision.WAIT);
    assertThat(policy.decide(0, new ExitPolicy.Facts(false, true, Delivery.NONE, 0, true))).isEqualTo(ExitPolicy.Decision.WAIT);
  }

  @Test
  void atOnceWhenEverythingIsDeliveredOrTheAgentIsGoneForGood() {
    assertThat(policy.decide(0, facts(Delivery.ACKNOWLEDGED, 0, true)).exit()).isTrue();
    assertThat(policy.decide(0, facts(Delivery.ACKNOWLEDGED, 0, true)).why()).isNull();
    ExitPolicy.Decision gone = policy.decide(0, facts(Delivery.PENDING, 2, false));
    assertThat(gone.exit()).isTrue();
    assertThat(gone.why()).contains("gone for good");
  }

  @Test
  void anUnacceptedTerminalUpdateHoldsTheExitForTheDeliveryBoundFromWhenItWasFirstSeen() {
    assertThat(policy.decide(5 * S, facts(Delivery.PENDING, 0, true)).wakeInNanos()).isEqualTo(60 * S);
    assertThat(policy.decide(64 * S, facts(Delivery.PENDING, 0, true)).wakeInNanos()).isEqualTo(S);
    ExitPolicy.Decision d = policy.decide(65 * S, facts(Delivery.PENDING, 0, true));
    assertThat(d.exit()).isTrue();
    assertThat(d.why()).contains("not accepted within 60000 ms");
  }

  @Test
  void anAcceptedTerminalUpdateGetsOneSecondForItsAcknowledgementAndFourMoreWhileMessagesAreUnsettled() {
    assertThat(policy.decide(0, facts(Delivery.ACCEPTED, 0, true)).wakeInNanos()).isEqualTo(S);
    assertThat(policy.decide(S, facts(Delivery.ACCEPTED, 0, true)).exit()).isTrue();

    ExitPolicy other = new ExitPolicy(Duration.ofSeconds(60));
    assertThat(other.decide(0, facts(Delivery.ACCEPTED, 1, true)).wakeInNanos()).isEqualTo(5 * S);
    assertThat(other.decide(S, facts(Delivery.ACKNOWLEDGED, 1, true)).wakeInNanos()).isEqualTo(4 * S);
    ExitPolicy.Decision d = other.decide(5 * S, facts(Delivery.ACKNOWLEDGED, 1, true));
    assertThat(d.exit()).isTrue();
    assertThat(d.why()).isEqualTo("Exiting without the delivery of 1 framework message(s) (waited 5000 ms)");
  }

  @Test
  void theWaitAfterAcceptanceDoesNotStartOverWhenAskedAgain() {
    policy.decide(0, facts(Delivery.ACCEPTED, 1, true));
    assertThat(policy.decide(3 * S, facts(Delivery.ACCEPTED, 1, true)).wakeInNanos()).isEqualTo(2 * S);
    assertThat(policy.decide(4 * S, facts(Delivery.ACCEPTED, 0, true)).exit()).as("messages settled, ack late")
        .isTrue();
  }
}
