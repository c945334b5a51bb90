package io.cookexecutor.dist;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.agent.AgentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance scenarios through the single-file build, started as Cook starts it ({@code mkdir .cook-executor
 * && ./cook-executor} in the sandbox after the fetcher's copy), with no Java on the executor's PATH.
 */
class DistExecutorIT {
  @TempDir Path tmp;

  private AgentSettings.Builder settings(Path cache) throws Exception {
    Path tools = Dist.toolsWithoutJava(tmp);
    return AgentSettings.builder()
        .executorEnv("PATH", tools.toString())
        .executorEnv("COOK_EXECUTOR_CACHE", cache.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void helloWorldFinishesWithNoJavaOnThePath(String encoding) throws Exception {
    Path artifact = Dist.artifact();
    try (DistRun run = DistRun.start(artifact, tmp.resolve("sandbox"), settings(tmp.resolve("cache"))
        .command("echo \"Hello World\"; command -v java || echo no java here")
        .taskEnv("EXECUTOR_ENCODING", encoding))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      // The task and the executor write to the same file: the executor's "Forked command at" line may land
      // between the task's two lines, as with the Python executor.
      assertThat(run.sandboxFile("stdout")).startsWith("Cook Executor version ")
          .containsSubsequence("Hello World\n", "no java here\n").contains("Command exited with status 0");
      assertThat(run.agent.messages()).hasSize(2);
      // Nothing from the stub or the JVM: no warning about a rejected archive, no unpack message.
      assertThat(run.sandboxFile("stderr")).isEmpty();
    }
  }

  @Test
  void aNonZeroExitFails() throws Exception {
    try (DistRun run = DistRun.start(Dist.artifact(), tmp.resolve("sandbox"), settings(tmp.resolve("cache"))
        .command("exit 3"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FAILED);
      assertThat(run.sandboxFile("stdout")).contains("Command exited with status 3");
    }
  }

  @Test
  void aKilledTaskIsReportedKilledAndItsProcessesEnd() throws Exception {
    try (DistRun run = DistRun.start(Dist.artifact(), tmp.resolve("sandbox"), settings(tmp.resolve("cache"))
        .command("sleep 100 & sleep 100"))) {
      run.awaitState(TASK_RUNNING);
      List<ProcessHandle> task = run.process.descendants().toList();
      assertThat(task).isNotEmpty();
      run.agent.killTask(Optional.empty());
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
      assertThat(task).noneMatch(ProcessHandle::isAlive);
    }
  }

  /**
   * The AOT cache is only valid for the class path it was made with: it must still be used from wherever
   * the file unpacks (here a fresh cache in a temporary directory, not the build's). AOTMode=on makes the
   * JVM refuse to start without it, and the class-load log shows where the executor's classes came from.
   */
  @Test
  void theClassDataArchiveIsUsedFromTheUnpackedCopy() throws Exception {
    Path sandbox = tmp.resolve("sandbox");
    Path log = tmp.resolve("classes.log");
    try (DistRun run = DistRun.start(Dist.artifact(), sandbox, settings(tmp.resolve("cache"))
        .executorEnv("COOK_EXECUTOR_JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info,class+load=info:file=" + log)
        .command("echo archived"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    }
    String text = Files.readString(log);
    assertThat(text).contains("Using AOT-linked classes: true");
    assertThat(text).contains("io.cookexecutor.ExecutorMain source: shared objects file")
        .contains("io.cookexecutor.agent.AgentSession source: shared objects file")
        .contains("org.apache.mesos.v1.executor.Protos$Event source: shared objects file");
    long archived = count(text, "source: shared objects file");
    long fromJars = count(text, "source: file:");
    assertThat(archived).isGreaterThan(1000);
    assertThat(fromJars).as("application classes loaded from jars, not the archive").isLessThan(archived / 20);
  }

  /** The native library loads from the unpacked tree: nothing is written to the temporary directory. */
  @Test
  void nothingIsWrittenToTheTemporaryDirectory() throws Exception {
    Path temp = Files.createDirectories(tmp.resolve("temp"));
    try (DistRun run = DistRun.start(Dist.artifact(), tmp.resolve("sandbox"), settings(tmp.resolve("cache"))
        .executorEnv("TMPDIR", temp.toString())
        .executorEnv("COOK_EXECUTOR_JAVA_OPTS", "-Djava.io.tmpdir=" + temp)
        .command("echo quiet"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    }
    assertThat(Dist.entries(temp)).isEmpty();
  }

  private static long count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    long n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
