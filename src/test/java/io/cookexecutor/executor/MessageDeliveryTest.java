package io.cookexecutor.executor;

import static io.cookexecutor.agent.RecordingAgentCalls.Channel.MESSAGES;
import static org.apache.mesos.v1.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.agent.CallOutcome;
import io.cookexecutor.agent.RecordingAgentCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the scheduler needs from the framework messages, on a manual clock: the sandbox directory and the
 * exit code are never dropped and never wait behind progress, progress is latest-wins, and at the end of
 * a task the exit code and the final progress go before the terminal update (section 8 of the contract).
 */
class MessageDeliveryTest {
  private static final int BURST = 10_000;

  private static List<String> described(List<RecordingAgentCalls.Sent> calls) {
    return calls.stream().map(ExecutorHarness::describe).toList();
  }

  private static List<String> messageData(ExecutorHarness h) {
    return h.agent.sent().stream().filter(s -> s.channel == MESSAGES)
        .map(s -> s.call.getMessage().getData().toStringUtf8()).toList();
  }

  private static String progressJson(int sequence, int percent, String message) {
    return "{\"progress-message\":\"" + message + "\",\"progress-percent\":" + percent + ",\"progress-sequence\":"
        + sequence + ",\"task-id\":\"task-1\"}";
  }

  /** Every SUBSCRIBE after the first is refused for {@code outage}, as while an agent restarts. */
  private static void agentAwayFor(ExecutorHarness h, Duration outage) {
    Duration step = Duration.ofMillis(500);
    for (Duration gone = Duration.ZERO; gone.compareTo(outage) < 0; gone = gone.plus(step)) {
      h.advance(step);
      h.agent.subscribes().stream().skip(1).filter(s -> !s.closedByExecutor() && !s.open())
          .forEach(s -> s.end(CallOutcome.failed("connection refused")));
    }
  }

  /** The agent is back: the executor's next SUBSCRIBE attempt (made within its 2 s backoff cap). */
  private static RecordingAgentCalls.Subscribe nextSubscribe(ExecutorHarness h) {
    int made = h.agent.subscribes().size();
    for (int i = 0; i < 30 && h.agent.subscribes().size() == made; i++) {
      h.advance(Duration.ofMillis(100));
    }
    assertThat(h.agent.subscribes()).as("a SUBSCRIBE within the backoff cap").hasSizeGreaterThan(made);
    return h.agent.lastSubscribe();
  }

  @Test
  void tenThousandProgressUpdatesDuringAnOutageReachTheAgentAsOneMessageAfterTheDirectoryAndTheExitCode() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).build().subscribed().launch("work").acceptUpdates();
    // The agent restarts before it answers the directory message (RUNNING waits behind it).
    h.agent.unanswered(MESSAGES).forEach(s -> s.answer(CallOutcome.failed("connection reset")));
    h.dropStream();
    for (int i = 1; i <= BURST; i++) {
      h.progress.emit(i, i * 99 / BURST, "step " + i);
    }
    h.progress.emit(BURST + 1, 100, "done");
    h.exitTask(3);
    agentAwayFor(h, Duration.ofMinutes(2));
    assertThat(messageData(h)).as("nothing sent while the agent is away").hasSize(1);

    int before = h.agent.sent().size();
    nextSubscribe(h).answer();
    h.loop.runReady();
    h.acceptAll();
    h.acknowledge(TASK_FAILED);

    List<RecordingAgentCalls.Sent> after = h.agent.sent().subList(before, h.agent.sent().size());
    assertThat(described(after)).containsExactly("message sandbox-directory", "update TASK_RUNNING",
        "message exit-code", "message progress-message", "update TASK_FAILED");
    assertThat(after.get(2).call.getMessage().getData().toStringUtf8())
        .isEqualTo("{\"exit-code\":3,\"task-id\":\"task-1\"}");
    assertThat(after.get(3).call.getMessage().getData().toStringUtf8())
        .isEqualTo(progressJson(BURST + 1, 100, "done"));
    assertThat(h.exited()).isTrue();
    assertThat(h.loop.exitCode()).isZero();
  }

  @Test
  void aProgressUpdateNotYetSentIsReplacedByTheNewestAndAFailedOneIsNotRetriedOnceSuperseded() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("work").acceptAll();
    h.progress.emit(1, 10, "a");
    h.loop.runReady();
    RecordingAgentCalls.Sent first = h.agent.unanswered(MESSAGES).get(0);
    h.progress.emit(2, 20, "b");
    h.progress.emit(3, 30, "c");
    h.loop.runReady();
    first.refuse(503);
    h.advance(Duration.ofMillis(99)); // the backoff
    h.acceptAll();

    assertThat(messageData(h)).endsWith(progressJson(1, 10, "a"), progressJson(3, 30, "c"));
    assertThat(messageData(h)).doesNotContain(progressJson(2, 20, "b"));
  }

  @Test
  void aProgressUpdateRefusedWithNothingNewerIsSentAgain() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("work").acceptAll();
    h.progress.emit(1, 10, "a");
    h.loop.runReady();
    h.agent.unanswered(MESSAGES).get(0).refuse(503);
    h.advance(Duration.ofMillis(99)); // the backoff
    h.acceptAll();

    assertThat(messageData(h)).endsWith(progressJson(1, 10, "a"), progressJson(1, 10, "a"));
  }

  @Test
  void theExitCodeOvertakesAWaitingProgressUpdateAndTheTerminalUpdateWaitsForBoth() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("work").acceptAll();
    h.progress.emit(1, 10, "a");
    h.loop.runReady();
    RecordingAgentCalls.Sent inFlight = h.agent.unanswered(MESSAGES).get(0);
    h.progress.emit(2, 100, "done");
    h.exitTask(0);
    int before = h.agent.sent().size();
    inFlight.accept();
    h.loop.runReady();
    h.acceptAll();

    assertThat(described(h.agent.sent().subList(before, h.agent.sent().size())))
        .containsExactly("message exit-code", "message progress-message", "update TASK_FINISHED");
    assertThat(messageData(h)).last().isEqualTo(progressJson(2, 100, "done"));
  }

  @Test
  void anInvalidTaskGetsItsDirectoryMessageBeforeTaskError() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("");
    h.acceptAll();

    assertThat(described(h.agent.sent())).containsExactly("update TASK_STARTING", "message sandbox-directory",
        "update TASK_ERROR");
  }

  @Test
  void aMessageRefusedWith4xxIsGivenUpAndTheTerminalUpdateGoesAtOnce() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("work").acceptAll();
    h.exitTask(0);
    h.agent.unanswered(MESSAGES).get(0).refuse(400);
    h.loop.runReady();

    assertThat(h.pendingUpdate().status().getState()).isEqualTo(TASK_FINISHED);
  }

  @Test
  void anAgentGoneForGoodEndsTheExecutorAndTheLogNamesTheExitCodeAndTheProgressNeverDelivered() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).env("MESOS_RECOVERY_TIMEOUT", "15mins").build()
          .subscribed().launch("work").acceptAll();
      h.dropStream();
      h.progress.emit(1, 100, "done");
      h.exitTask(3);
      agentAwayFor(h, Duration.ofMinutes(20));

      assertThat(h.exited()).isTrue();
      assertThat(h.agent.sent().stream().filter(s -> s.channel == RecordingAgentCalls.Channel.UPDATES))
          .map(ExecutorHarness::describe).doesNotContain("update TASK_FAILED");
    } finally {
      System.setErr(saved);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .containsPattern("Update TASK_FAILED for task task-1 \\(uuid [^)]*\\) was never accepted by the agent")
        .contains("Framework message (exit code 3 of task task-1) was never delivered")
        .contains("Framework message (progress 100% (sequence 1) of task task-1) was never delivered");
  }

  @Test
  void aTaskWithoutProgressHasItsExitCodeDeliveredBeforeItsTerminalUpdateIsSent() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("work").acceptAll();
    h.exitTask(0);
    h.acceptAll();

    assertThat(described(h.agent.sent())).containsExactly("update TASK_STARTING", "message sandbox-directory",
        "update TASK_RUNNING", "message exit-code", "update TASK_FINISHED");
    assertThat(h.agent.unanswered(MESSAGES)).isEmpty();
  }
}
