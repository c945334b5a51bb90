package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cookexecutor.local.agent.AgentSettings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;

/** Acceptance 16-20: disconnection, recovery, unacknowledged updates and authentication. */
class AgentFaultsIT {
  /** The task runs until the test creates the file {@code go} in the sandbox. */
  private static final String WAIT_FOR_GO = "while [ ! -f go ]; do sleep 0.05; done; echo went";

  @Test
  void withoutCheckpointingALostAgentMeansTheTaskIsKilled() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100").checkpoint(false))) {
      run.awaitState(TASK_RUNNING);
      run.faults.dropStream();
      assertThat(run.awaitExit()).isZero();
      assertThat(run.survivors()).isEmpty();
      assertThat(run.sandboxFile("executor.log")).contains("checkpointing is off");
    }
  }

  @Test
  void withCheckpointingTheTaskSurvivesARestartAndEveryUpdateArrivesOnce() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(WAIT_FOR_GO).checkpoint(true)
        .subscriptionBackoffMax(Duration.ofMillis(500)))) {
      run.awaitState(TASK_RUNNING);
      run.agent.stopListening();
      await().atMost(ExecutorRun.WAIT).until(() -> Files.readString(run.sandbox().resolve("executor.log"))
          .contains("Disconnected from the agent"));
      // While the agent is away the task ends; its updates must wait for the agent.
      Files.createFile(run.sandbox().resolve("go"));
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("stdout").contains("went"));
      run.agent.resumeListening();
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.agent.subscribeCount()).isGreaterThanOrEqualTo(2);
      assertThat(run.messagesWith("exit-code")).hasSize(1);
    }
  }

  @Test
  void unacknowledgedUpdatesGoOutAgainInTheNextSubscribe() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(WAIT_FOR_GO).checkpoint(true)
        .subscriptionBackoffMax(Duration.ofMillis(500)))) {
      run.faults.setAcknowledging(false);
      run.awaitState(TASK_RUNNING);
      run.faults.dropStream();
      await().atMost(ExecutorRun.WAIT).until(() -> run.agent.subscribeCount() >= 2);
      Call resubscribe = run.calls(Call.Type.SUBSCRIBE).get(1).call().orElseThrow();
      Set<ByteString> carried = new HashSet<>();
      for (Call.Update u : resubscribe.getSubscribe().getUnacknowledgedUpdatesList()) {
        carried.add(u.getStatus().getUuid());
      }
      List<ByteString> delivered = run.agent.updates().stream().map(TaskStatus::getUuid).toList();
      assertThat(carried).containsExactlyInAnyOrderElementsOf(delivered);
      assertThat(resubscribe.getSubscribe().getUnacknowledgedTasksList()).singleElement()
          .satisfies(t -> assertThat(t.getTaskId()).isEqualTo(run.agent.taskId()));
      run.faults.setAcknowledging(true);
      Files.createFile(run.sandbox().resolve("go"));
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.agent.duplicateUpdates()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void anAgentGoneLongerThanTheRecoveryTimeoutMeansTheTaskIsKilled() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100").checkpoint(true)
        .recoveryTimeout(Duration.ofSeconds(2)).subscriptionBackoffMax(Duration.ofMillis(300)))) {
      run.awaitState(TASK_RUNNING);
      run.agent.stopListening();
      assertThat(run.awaitExit()).isZero();
      assertThat(run.survivors()).isEmpty();
      assertThat(run.sandboxFile("executor.log")).contains("Giving up on the agent");
      assertThat(run.sandboxFile("stdout")).contains("state=TASK_KILLED");
    }
  }

  @Test
  void theBearerTokenIsSentAndNeverWrittenAnywhere() throws Exception {
    String token = "s3cr3t-token-" + System.nanoTime();
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("echo ok").token(token)
        .taskEnv("EXECUTOR_LOG_LEVEL", "DEBUG"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.calls(Call.Type.UPDATE)).allMatch(c -> c.status() == 202);
      for (String file : new String[] {"executor.log", "stdout", "stderr"}) {
        assertThat(run.sandboxFile(file)).doesNotContain(token);
      }
      assertThat(run.messages().toString()).doesNotContain(token);
    }
  }

  @Test
  void aWrongTokenIsRefusedAndTheExecutorGivesUp() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("echo never")
        .token("the-right-one").executorEnv("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "a-wrong-one")
        .recoveryTimeout(Duration.ofSeconds(2)).subscriptionBackoffMax(Duration.ofMillis(200)))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.calls(Call.Type.SUBSCRIBE)).isNotEmpty().allMatch(c -> c.status() == 401);
      assertThat(run.sandboxFile("stdout")).doesNotContain("never");
    }
  }

  @Test
  void killedAfterADisconnectionTheTerminalStateIsStillReportedOnReturn() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100").checkpoint(true)
        .subscriptionBackoffMax(Duration.ofMillis(300)))) {
      run.awaitState(TASK_RUNNING);
      run.agent.stopListening();
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("executor.log")
          .contains("Disconnected from the agent"));
      ProcessHandle.of(run.process.pid()).orElseThrow().destroy();
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("stdout").contains("state=TASK_KILLED"));
      run.agent.resumeListening();
      assertThat(run.awaitExit()).isEqualTo(1);
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
    }
  }
}
