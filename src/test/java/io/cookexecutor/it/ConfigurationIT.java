package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.agent.AgentSettings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Acceptance 23-24: bad configuration never stops a task; the task's environment is built as specified. */
class ConfigurationIT {

  @Test
  void badValuesInEveryVariableAreWarnedAboutAndTheTaskStillRuns() throws Exception {
    Map<String, String> taskSide = new LinkedHashMap<>();
    for (String name : List.of("EXECUTOR_MAX_MESSAGE_LENGTH", "EXECUTOR_MAX_BYTES_READ_PER_LINE",
        "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "PROGRESS_SAMPLE_INTERVAL_MS")) {
      taskSide.put(name, "twelve");
    }
    taskSide.put("PROGRESS_REGEX_STRING", "progress: ([0-9");
    taskSide.put("EXECUTOR_LOG_LEVEL", "LOUD");
    taskSide.put("EXECUTOR_ENCODING", "xml");
    Map<String, String> executorSide = new LinkedHashMap<>();
    executorSide.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "soon");
    executorSide.put("MESOS_RECOVERY_TIMEOUT", "-5mins");
    executorSide.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2 secs");
    executorSide.put("LIBPROCESS_SSL_VERIFY_CERT", "maybe");
    AgentSettings.Builder settings = AgentSettings.builder().command("echo still ran");
    taskSide.forEach(settings::taskEnv);
    executorSide.forEach(settings::executorEnv);
    try (ExecutorRun run = ExecutorRun.start(settings)) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("stdout")).contains("still ran");
      String log = run.sandboxFile("executor.log");
      List<String> names = new ArrayList<>(taskSide.keySet());
      names.addAll(executorSide.keySet());
      for (String name : names) {
        assertThat(log).as("warning for " + name).containsPattern("WARN .*config: .*" + name);
      }
    }
  }

  @Test
  void resetVariablesComeFromTheTaskAndTheProgressFileIsNamed() throws Exception {
    AgentSettings.Builder settings = AgentSettings.builder()
        .command("echo \"A=${A-unset} B=${B-unset} P=$EXECUTOR_PROGRESS_OUTPUT_FILE\" > env.txt")
        .taskEnv("EXECUTOR_RESET_VARS", "A,B")
        .taskEnv("A", "1")
        .executorEnv("A", "0")
        .executorEnv("B", "2");
    try (ExecutorRun run = ExecutorRun.start(settings)) {
      assertThat(run.awaitExit()).isZero();
      String expectedProgress = run.sandbox().resolve(run.agent.settings().executorId() + ".progress").toString();
      assertThat(Files.readString(run.sandbox().resolve("env.txt")).trim())
          .isEqualTo("A=1 B=unset P=" + expectedProgress);
    }
  }
}
