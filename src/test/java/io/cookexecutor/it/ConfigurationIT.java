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
import io.cookexecutor.testing.OriginalEnvironments;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  /**
   * Issue 20: for each configuration of {@link OriginalEnvironments}, the real executor, given exactly that
   * environment (plus what it needs to reach the agent and find Java), starts a task that copies its own
   * initial environment ({@code /proc/$$/environ}) to a file; that is the original's map, variable for
   * variable, with the case's sandbox paths replaced by the real sandbox.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cookexecutor.testing.OriginalEnvironments#cases")
  void theTaskGetsTheEnvironmentThePythonExecutorGivesIt(OriginalEnvironments.Case c) throws Exception {
    // The original's default executor id where the case sets none (a Mesos agent always sets one).
    AgentSettings.Builder settings = AgentSettings.builder().command("cat /proc/$$/environ > task-env")
        .executorId(c.env().getOrDefault("MESOS_EXECUTOR_ID", "executor"));
    c.taskEnv().forEach(settings::taskEnv);
    Map<String, String> plumbing = new TreeMap<>();
    try (ExecutorRun run = ExecutorRun.startWith(settings, agent -> {
      plumbing.put("MESOS_FRAMEWORK_ID", agent.settings().frameworkId());
      plumbing.put("MESOS_EXECUTOR_ID", agent.settings().executorId());
      plumbing.put("MESOS_AGENT_ENDPOINT", agent.endpoint());
      plumbing.put("PATH", System.getenv("PATH"));
      if (System.getenv("JAVA_HOME") != null) {
        plumbing.put("JAVA_HOME", System.getenv("JAVA_HOME"));
      }
      List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "-i"));
      placed(c.env(), agent.sandbox()).forEach((k, v) -> argv.add(k + "=" + v));
      plumbing.forEach((k, v) -> argv.add(k + "=" + v));
      argv.add(ExecutorRun.launcher());
      return argv;
    })) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      Map<String, String> expected = new TreeMap<>(placed(c.expected(), run.sandbox()));
      expected.putAll(plumbing);
      // The launcher is a shell script, which exports PWD, as the shell Mesos starts an executor with does.
      expected.put("PWD", run.sandbox().toString());
      assertThat(environ(run.sandbox().resolve("task-env"))).isEqualTo(expected);
    }
  }

  /** {@code vars} with the case's MESOS_SANDBOX, where it has one, moved to the real sandbox. */
  private static Map<String, String> placed(Map<String, String> vars, java.nio.file.Path sandbox) {
    Map<String, String> out = new TreeMap<>(vars);
    String fake = vars.get("MESOS_SANDBOX");
    if (fake == null) {
      return out;
    }
    String real = sandbox.toString() + (fake.endsWith("/") ? "/" : "");
    out.replaceAll((k, v) -> v.startsWith(fake) ? real + v.substring(fake.length()) : v);
    return out;
  }

  private static Map<String, String> environ(java.nio.file.Path file) throws java.io.IOException {
    Map<String, String> env = new TreeMap<>();
    for (String entry : Files.readString(file).split("\0")) {
      if (!entry.isEmpty()) {
        int eq = entry.indexOf('=');
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }
}
