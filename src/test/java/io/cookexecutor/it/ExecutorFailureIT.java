package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.agent.AgentSettings;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The executor's own failures, made by the test-only launcher {@code FaultyExecutorMain} (the product has
 * no way to fail on purpose): the task fails with the right reason, its tree dies, the exit is non-zero.
 */
class ExecutorFailureIT {

  @ParameterizedTest
  @CsvSource({"exception, REASON_EXECUTOR_TERMINATED", "oom, REASON_CONTAINER_LIMITATION_MEMORY"})
  void aFailureInsideTheExecutorFailsTheTaskAndKillsItsTree(String fault, TaskStatus.Reason reason)
      throws Exception {
    try (ExecutorRun run = ExecutorRun.startTestLauncher(AgentSettings.builder().command("sleep 1000 & sleep 1000"),
        "io.cookexecutor.FaultyExecutorMain", "-Dcook.test.fault=" + fault)) {
      assertThat(run.awaitExit()).isEqualTo(1);
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FAILED);
      assertThat(run.update(TASK_FAILED).getReason()).isEqualTo(reason);
      assertThat(run.survivors()).isEmpty();
      assertThat(run.sandboxFile("executor.log")).contains("Executor failure");
    }
  }
}
