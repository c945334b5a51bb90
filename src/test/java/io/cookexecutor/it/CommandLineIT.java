package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.local.agent.AgentSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as operators and job authors use it: bin/cook-executor as a real process. */
class CommandLineIT {
  private static final Path LAUNCHER = Path.of("bin/cook-executor").toAbsolutePath();
  @TempDir Path dir;

  /** What a finished command printed and returned. */
  record Result(int exit, String out, String err) {}

  private Result run(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString()));
    argv.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("cook-executor " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void versionAndHelp() throws Exception {
    Result version = run("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("cook-executor ");
    for (String[] help : new String[][] {{"--help"}, {"local", "--help"}, {"progress", "--help"}}) {
      Result r = run(help);
      assertThat(r.exit()).as(String.join(" ", help)).isZero();
      assertThat(r.out()).contains("Usage:");
    }
  }

  @Test
  void unknownArgumentsGiveUsageOnStderrAndExitTwo() throws Exception {
    Result r = run("--no-such-option");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Usage:");
  }

  @Test
  void executorModeOutsideAnAgentSaysWhatIsMissing() throws Exception {
    Process p = new ProcessBuilder(LAUNCHER.toString()).directory(dir.toFile())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(text).startsWith("Cook Executor version ").contains("MESOS_FRAMEWORK_ID is not set");
  }

  @Test
  void localRunsATaskAndExitsWithItsCode() throws Exception {
    Result hello = run("local", "--sandbox", dir.resolve("a").toString(), "--", "echo hello");
    assertThat(hello.exit()).isZero();
    assertThat(hello.out()).contains("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED", "\"exit-code\":0",
        "\"type\":\"directory\"");
    assertThat(Files.readString(dir.resolve("a/stdout"))).contains("hello");
    assertThat(run("local", "--", "exit 3").exit()).isEqualTo(3);
  }

  @Test
  void localShowsProgressAsLinesWhenNotOnATerminal() throws Exception {
    Result r = run("local", "--", "echo 'progress: 40, almost'; echo 'progress: 100, done'");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("progress 100% done (sequence 2)");
  }

  @Test
  void localKillAfterGivesAKilledTaskAndTheSignalExitCode() throws Exception {
    Result r = run("local", "--kill-after", "1secs", "--", "sleep 100");
    assertThat(r.out()).contains("TASK_KILLED", "\"exit-code\":-15");
    assertThat(r.exit()).isEqualTo(128 + 15);
  }

  @Test
  void localJsonLinesInBothEncodings() throws Exception {
    for (String encoding : new String[] {"protobuf", "json"}) {
      Result r = run("local", "--json", "--encoding", encoding, "--env", "GREETING=hi", "--",
          "echo $GREETING; exit 5");
      assertThat(r.exit()).isEqualTo(5);
      List<String> states = new ArrayList<>();
      int exitCode = Integer.MIN_VALUE;
      for (String line : r.out().split("\n")) {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(line, b);
        Struct s = b.build();
        assertThat(s.getFieldsMap()).containsKey("type");
        if (s.getFieldsOrThrow("type").getStringValue().equals("status")) {
          assertThat(s.getFieldsMap()).containsKeys("state", "reason", "message");
          states.add(s.getFieldsOrThrow("state").getStringValue());
        }
        if (s.getFieldsOrThrow("type").getStringValue().equals("framework-message")
            && s.getFieldsOrThrow("data").getStructValue().containsFields("exit-code")) {
          exitCode = (int) s.getFieldsOrThrow("data").getStructValue().getFieldsOrThrow("exit-code").getNumberValue();
        }
      }
      assertThat(states).containsExactly("TASK_STARTING", "TASK_RUNNING", "TASK_FAILED");
      assertThat(exitCode).isEqualTo(5);
    }
  }

  @Test
  void testExitHookEndsTheExecutorWithItsCodeAndNoSurvivors() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100")
        .taskEnv("EXECUTOR_TEST_EXIT", "7"))) {
      run.awaitState(TaskState.TASK_RUNNING);
      assertThat(run.awaitExit()).isEqualTo(7);
      assertThat(run.survivors()).isEmpty();
    }
  }

  static String utf8(byte[] b) throws IOException {
    return new String(b, StandardCharsets.UTF_8);
  }
}
