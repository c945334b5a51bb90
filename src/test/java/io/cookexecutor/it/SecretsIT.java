package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.agent.AgentSettings;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token and the values of the task's environment never appear in executor.log, stdout, stderr or a
 * framework message, at any log level: planted values are searched for in every output.
 */
class SecretsIT {

  @ParameterizedTest
  @ValueSource(strings = {"TRACE", "DEBUG", "INFO"})
  void plantedSecretsAppearNowhere(String level) throws Exception {
    String token = "tok-" + System.nanoTime();
    String secret = "env-secret-" + System.nanoTime();
    String reset = "reset-secret-" + System.nanoTime();
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("sleep 100").token(token)
        .taskEnv("EXECUTOR_LOG_LEVEL", level)
        .taskEnv("DATABASE_PASSWORD", secret)
        .taskEnv("EXECUTOR_RESET_VARS", "RESET_ME")
        .taskEnv("RESET_ME", reset))) {
      run.awaitState(TaskState.TASK_RUNNING);
      run.agent.killTask(Optional.empty());
      assertThat(run.awaitExit()).isZero();
      for (String file : new String[] {"executor.log", "stdout", "stderr"}) {
        String text = run.sandboxFile(file);
        assertThat(text).as(file).doesNotContain(token).doesNotContain(secret).doesNotContain(reset);
      }
      for (byte[] m : run.agent.messages()) {
        assertThat(new String(m, StandardCharsets.UTF_8)).doesNotContain(token, secret, reset);
      }
      if (!level.equals("INFO")) {
        // The names may be logged; proves the log was written at that level.
        assertThat(run.sandboxFile("executor.log")).contains("DATABASE_PASSWORD");
      }
    }
  }
}
