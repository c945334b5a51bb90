package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.testing.OriginalEnvironments;
import java.nio.file.Path;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The task's environment, variable for variable, as the Python executor gives it ({@link OriginalEnvironments}). */
class TaskEnvironmentAsTheOriginalTest {
  private static final Path WORKING_DIRECTORY = Path.of("/work/dir");

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cookexecutor.testing.OriginalEnvironments#cases")
  void theTaskGetsTheOriginalsEnvironmentAndTheExecutorWatchesTheSameFile(OriginalEnvironments.Case c) {
    ExecutorConfig config = ExecutorConfig.from(c.env(), WORKING_DIRECTORY);

    assertThat(taskEnvironment(config, c.env(), c.taskEnv())).isEqualTo(c.expected());
    // The executor's own copy, resolved where the task runs (the sandbox), names the original's file.
    assertThat(config.progressOutputFile()).isEqualTo(config.sandbox().resolve(c.watched()).normalize());
  }

  @Test
  void anEmptyJobVariableReachesTheTaskEmptyWhileTheExecutorWatchesTheDefaultFile() {
    Map<String, String> env = Map.of("MESOS_SANDBOX", "/sandbox/location", "EXECUTOR_PROGRESS_OUTPUT_FILE", "");
    ExecutorConfig config = ExecutorConfig.from(env, WORKING_DIRECTORY);

    assertThat(taskEnvironment(config, env, Map.of())).containsEntry("EXECUTOR_PROGRESS_OUTPUT_FILE", "");
    // The original would watch "", which names no file; the default is the useful choice.
    assertThat(config.progressOutputFile()).isEqualTo(Path.of("/sandbox/location/executor.progress"));
  }

  @Test
  void progressOutputFileIsTheOperatorsDefaultWhichTheOriginalNeverRead() {
    Map<String, String> env = Map.of("MESOS_SANDBOX", "/sandbox/location", "PROGRESS_OUTPUT_FILE", "op.progress",
        "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "name.progress");
    ExecutorConfig config = ExecutorConfig.from(env, WORKING_DIRECTORY);

    assertThat(taskEnvironment(config, env, Map.of()))
        .containsEntry("EXECUTOR_PROGRESS_OUTPUT_FILE", "/sandbox/location/op.progress");
    assertThat(config.progressOutputFile()).isEqualTo(Path.of("/sandbox/location/op.progress"));
  }

  @Test
  void theExecutorsTokenIsTheOneVariableTheTaskNeverGets() {
    Map<String, String> env = Map.of("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "secret", "A", "1");
    ExecutorConfig config = ExecutorConfig.from(env, WORKING_DIRECTORY);

    assertThat(taskEnvironment(config, env, Map.of()))
        .isEqualTo(Map.of("A", "1", "EXECUTOR_PROGRESS_OUTPUT_FILE", "executor.progress"));
  }

  private static Map<String, String> taskEnvironment(ExecutorConfig config, Map<String, String> env,
      Map<String, String> taskEnv) {
    return TaskEnvironment.build(env, task(taskEnv), config.resetVars(), config.progressOutputFileEnvName(),
        config.progressOutputFileForTask());
  }

  private static TaskInfo task(Map<String, String> vars) {
    Environment.Builder env = Environment.newBuilder();
    vars.forEach((k, v) -> env.addVariables(Environment.Variable.newBuilder().setName(k).setValue(v)));
    ExecutorInfo.Builder executor = ExecutorInfo.newBuilder().setCommand(CommandInfo.newBuilder().setEnvironment(env));
    executor.getExecutorIdBuilder().setValue("e");
    return TaskInfo.newBuilder().setName("t").setExecutor(executor.buildPartial()).buildPartial();
  }
}
