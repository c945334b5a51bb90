package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {

  private static TaskInfo taskWithEnv(Map<String, String> vars) {
    Environment.Builder env = Environment.newBuilder();
    vars.forEach((k, v) -> env.addVariables(Environment.Variable.newBuilder().setName(k).setValue(v)));
    ExecutorInfo.Builder ex = ExecutorInfo.newBuilder()
        .setCommand(CommandInfo.newBuilder().setEnvironment(env));
    ex.getExecutorIdBuilder().setValue("e");
    return TaskInfo.newBuilder().setName("t").setExecutor(ex.buildPartial()).buildPartial();
  }

  @Test
  void resetVariablesComeFromTheTaskOrAreRemoved() {
    Map<String, String> executorEnv = Map.of("A", "0", "B", "2", "C", "3", "PATH", "/bin");
    Map<String, String> env = TaskEnvironment.build(executorEnv, taskWithEnv(Map.of("A", "1")),
        List.of("A", "B"), "EXECUTOR_PROGRESS_OUTPUT_FILE", "/s/e.progress");
    assertThat(env).containsEntry("A", "1").doesNotContainKey("B").containsEntry("C", "3")
        .containsEntry("PATH", "/bin").containsEntry("EXECUTOR_PROGRESS_OUTPUT_FILE", "/s/e.progress");
  }

  @Test
  void theExecutorTokenNeverReachesTheTask() {
    Map<String, String> env = TaskEnvironment.build(
        Map.of("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "secret"), taskWithEnv(Map.of()), List.of(),
        "P", "/p");
    assertThat(env).doesNotContainKey("MESOS_EXECUTOR_AUTHENTICATION_TOKEN").containsEntry("P", "/p");
  }
}
