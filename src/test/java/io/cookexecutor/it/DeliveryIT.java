package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.ReceivedCall;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8 through the real executor: an agent that refuses updates, is busy for seconds, or never answers
 * one call. Whatever it does, what the agent accepted is every status once and in order, the executor
 * exits within a bounded time after the terminal state, and no process of the task is left.
 */
class DeliveryIT {
  /** Generous: the rules promise about 1 s after the acknowledgement, plus a call deadline or two. */
  private static final Duration EXIT_BOUND = Duration.ofSeconds(15);
  private static final List<TaskState> ALL = List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);

  private static AgentSettings.Builder settings(String encoding, boolean checkpoint) {
    return AgentSettings.builder().command("echo hi").checkpoint(checkpoint)
        .taskEnv("EXECUTOR_ENCODING", encoding).subscriptionBackoffMax(Duration.ofSeconds(1));
  }

  /** Issue 8's faults 1 and 2: 503 to the first two UPDATE calls (STARTING, RUNNING), or five (1.5 s busy). */
  @ParameterizedTest(name = "{0} refused, {1}, checkpoint {2}")
  @CsvSource({"2,protobuf,false", "2,protobuf,true", "2,json,false", "2,json,true",
      "5,protobuf,false", "5,protobuf,true", "5,json,false", "5,json,true"})
  void refusedUpdatesAreRetriedAndEveryStatusArrivesOnceInOrder(int refusals, String encoding, boolean checkpoint)
      throws Exception {
    try (ExecutorRun run = ExecutorRun.startWithAgent(settings(encoding, checkpoint),
        faults -> faults.refuse(Call.Type.UPDATE, refusals))) {
      deliveredOnceInOrderAndExited(run,
          "503 to the first " + refusals + " UPDATE calls, " + encoding + ", checkpoint " + checkpoint);
      assertThat(refused(run)).isEqualTo(refusals);
    }
  }

  @ParameterizedTest(name = "checkpoint {0}")
  @ValueSource(booleans = {false, true})
  void aHungExitCodeMessageHoldsBackNoUpdate(boolean checkpoint) throws Exception {
    try (ExecutorRun run = ExecutorRun.startWithAgent(settings("protobuf", checkpoint),
        faults -> faults.hangMessageContaining("exit-code"))) {
      deliveredOnceInOrderAndExited(run, "exit-code MESSAGE never answered, checkpoint " + checkpoint);
      assertThat(run.calls(Call.Type.MESSAGE)).anyMatch(c -> c.status() == 0);
      // Sent again on a fresh connection after the deadline: the agent took it once.
      assertThat(run.messagesWith("exit-code")).hasSize(1);
    }
  }

  @ParameterizedTest(name = "checkpoint {0}")
  @ValueSource(booleans = {false, true})
  void aCallHungWhenTheExecutorDecidesToExitDoesNotHoldTheExitBack(boolean checkpoint) throws Exception {
    // Every attempt of the exit-code message hangs until its 1 s deadline. After the terminal update is
    // accepted the executor waits 1 s for its acknowledgement and 4 s more for the messages: about five
    // attempts start in that time, so six hung ones leave one in flight when the executor decides to exit.
    try (ExecutorRun run = ExecutorRun.startWithAgent(settings("protobuf", checkpoint), faults -> faults
        .hangMessageContaining("exit-code").hangMessageContaining("exit-code").hangMessageContaining("exit-code")
        .hangMessageContaining("exit-code").hangMessageContaining("exit-code").hangMessageContaining("exit-code"))) {
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("executor.log").contains("Executor exiting")
          || !run.process.isAlive());
      // The attempt in flight is still unanswered: closing aborts it.
      await().atMost(Duration.ofSeconds(3)).until(() -> !run.process.isAlive());
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactlyElementsOf(ALL);
      assertThat(run.messagesWith("exit-code")).isEmpty();
      assertThat(run.sandboxFile("executor.log")).contains("Exiting without the delivery of 1 framework message(s)");
      assertThat(run.sandboxFile("executor.log"))
          .containsPattern("Framework message \\(exit code 0 of task [^)]*\\) was never delivered to the agent");
      assertThat(run.survivors()).isEmpty();
    }
  }

  @ParameterizedTest(name = "checkpoint {0}")
  @ValueSource(booleans = {false, true})
  void anAgentBusyForThreeSecondsGetsEveryUpdateOnceInOrder(boolean checkpoint) throws Exception {
    try (ExecutorRun run = ExecutorRun.startWithAgent(settings("protobuf", checkpoint), faults -> faults
        .refuseFor(Call.Type.UPDATE, Duration.ofSeconds(3)).refuseFor(Call.Type.MESSAGE, Duration.ofSeconds(3)))) {
      deliveredOnceInOrderAndExited(run, "503 to every UPDATE and MESSAGE for 3 s, checkpoint " + checkpoint);
      assertThat(refused(run)).isPositive();
      assertThat(run.messagesWith("exit-code")).hasSize(1);
    }
  }

  @ParameterizedTest(name = "checkpoint {0}")
  @ValueSource(booleans = {false, true})
  void aHungUpdateIsAbandonedAndSentAgain(boolean checkpoint) throws Exception {
    try (ExecutorRun run = ExecutorRun.startWithAgent(settings("protobuf", checkpoint),
        faults -> faults.hangNext(Call.Type.UPDATE))) {
      deliveredOnceInOrderAndExited(run, "first UPDATE never answered, checkpoint " + checkpoint);
      assertThat(run.calls(Call.Type.UPDATE)).anyMatch(c -> c.status() == 0);
    }
  }

  @ParameterizedTest(name = "checkpoint {0}")
  @ValueSource(booleans = {false, true})
  void aSubscribeWhoseAnswerNeverComesIsSentAgain(boolean checkpoint) throws Exception {
    try (ExecutorRun run = ExecutorRun.startWithAgent(settings("protobuf", checkpoint),
        faults -> faults.hangNext(Call.Type.SUBSCRIBE))) {
      deliveredOnceInOrderAndExited(run, "first SUBSCRIBE never answered, checkpoint " + checkpoint);
      assertThat(run.calls(Call.Type.SUBSCRIBE)).first().satisfies(c -> assertThat(c.status()).isZero());
    }
  }

  private static long refused(ExecutorRun run) {
    return run.calls(Call.Type.UPDATE).stream().filter(c -> c.status() == 503).count();
  }

  /**
   * What the agent accepted, by its answers, is each status once in the order produced; the executor is
   * gone within the bound after the terminal state was produced; nothing of the task survives.
   */
  private static void deliveredOnceInOrderAndExited(ExecutorRun run, String fault) throws Exception {
    await().atMost(ExecutorRun.WAIT).until(() -> run.states().contains(TASK_FINISHED) || !run.process.isAlive());
    await().atMost(EXIT_BOUND).until(() -> !run.process.isAlive());
    double exitedAt = System.currentTimeMillis() / 1000.0;
    assertThat(run.awaitExit()).isZero();
    assertThat(run.states()).as(fault).containsExactlyElementsOf(ALL);
    List<TaskState> accepted = run.calls(Call.Type.UPDATE).stream().filter(c -> c.status() == 202)
        .map(c -> c.call().orElseThrow().getUpdate().getStatus().getState()).collect(Collectors.toList());
    assertThat(accepted).as("UPDATE calls answered 202, " + fault).containsExactlyElementsOf(ALL);
    assertThat(run.agent.duplicateUpdates()).as(fault).isZero();
    assertThat(run.survivors()).isEmpty();
    TaskStatus terminal = run.update(TASK_FINISHED);
    String received = run.calls(Call.Type.UPDATE).stream().map(DeliveryIT::describe)
        .collect(Collectors.joining(", "));
    System.out.printf(Locale.ROOT, "DELIVERY %s: UPDATE calls %s; messages %d; exited %.2f s after %s%n",
        fault, received, run.messages().size(), exitedAt - terminal.getTimestamp(), terminal.getState());
  }

  private static String describe(ReceivedCall c) {
    return c.call().orElseThrow().getUpdate().getStatus().getState().name().substring(5) + "->"
        + (c.status() == 0 ? "no answer" : String.valueOf(c.status()));
  }
}
