package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.testing.Interruptible;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long {@code local} lets a task run: as long as it runs (no bound of its own), {@code --timeout} as
 * Cook's max-runtime (KILL, then the grace), and Ctrl-C as a graceful shutdown. {@code local} runs as a
 * real process: through {@code bin/cook-executor}, or, to get past a bound of minutes in seconds, through
 * the test launcher {@code JumpingClockLocal}, whose decision clock jumps ten minutes forward while the
 * task runs. Either way the executor is the real one, started through {@code bin/cook-executor}.
 */
class LocalTimeoutIT {
  private static final Path LAUNCHER = Path.of("bin/cook-executor").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String TIMEOUT_NOTE_2S =
      "cook-executor local: timeout of 2secs reached; killed the task (KILL: SIGTERM, then SIGKILL after the "
          + "grace period of 2secs)";

  @TempDir Path dir;
  private final String marker = "it-" + UUID.randomUUID();

  /** What a finished {@code local} printed and returned. */
  record Result(int exit, String out, String err) {}

  /** {@code bin/cook-executor local args...}, the task marked so that its survivors can be found. */
  private ProcessBuilder local(String... args) {
    List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), "local"));
    argv.addAll(marked(args));
    return new ProcessBuilder(argv);
  }

  /** {@code local args...} on a clock that jumps {@code by} forward {@code after} its start. */
  private ProcessBuilder localOnJumpingClock(String after, String by, String... args) {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dcook.executor.launcher=" + LAUNCHER,
        "-Dit.clock.jump-after=" + after, "-Dit.clock.jump-by=" + by, "io.cookexecutor.cli.JumpingClockLocal"));
    argv.addAll(marked(args));
    return new ProcessBuilder(argv);
  }

  private List<String> marked(String... args) {
    List<String> argv = new ArrayList<>(List.of("--env", "COOK_IT_MARKER=" + marker));
    argv.addAll(List.of(args));
    return argv;
  }

  private Result run(ProcessBuilder pb) throws Exception {
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("local did not finish within " + WAIT.toSeconds() + " s; it printed:\n"
            + Files.readString(out) + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Survivors.kill(marker);
    }
  }

  @Test
  void withoutATimeoutATaskRunsAsLongAsItTakesAndLocalExitsWithItsCode() throws Exception {
    // 3 s after local's start its clock says 10 minutes later, while the task still sleeps: with no
    // --timeout nothing bounds the task's run, so neither KILL nor SHUTDOWN comes.
    Result r = run(localOnJumpingClock("3secs", "10mins", "--", "sleep 8; exit 4"));
    assertThat(r.out()).contains("TASK_RUNNING", "\"exit-code\":4", "TASK_FAILED", "task exit code 4")
        .doesNotContain("TASK_KILLED", "timeout");
    assertThat(r.out().indexOf("TASK_RUNNING")).isLessThan(r.out().indexOf("TASK_FAILED"));
    assertThat(r.err()).doesNotContain("shutting");
    assertThat(r.exit()).isEqualTo(4);
  }

  @Test
  void theJumpingClockIsTheOneLocalDecidesBy() throws Exception {
    // The control for the test above: the same jump takes a task past a 5-minute --timeout at once.
    Result r = run(localOnJumpingClock("3secs", "10mins", "--timeout", "5mins", "--", "sleep 100"));
    assertThat(r.out()).contains("cook-executor local: timeout of 5mins reached; killed the task",
        "\"exit-code\":-15", "TASK_KILLED");
    assertThat(r.exit()).isEqualTo(128 + 15);
  }

  @Test
  void timeoutKillsTheTaskSaysSoAndExitsWithTheSignalCode() throws Exception {
    Result r = run(local("--timeout", "2secs", "--", "sleep 100"));
    assertThat(r.out()).contains(TIMEOUT_NOTE_2S, "\"exit-code\":-15", "TASK_KILLED", "task exit code -15");
    assertThat(r.out().indexOf("TASK_RUNNING")).isLessThan(r.out().indexOf(TIMEOUT_NOTE_2S));
    assertThat(r.out().indexOf(TIMEOUT_NOTE_2S)).isLessThan(r.out().indexOf("TASK_KILLED"));
    assertThat(r.exit()).isEqualTo(128 + 15);
    assertThat(Survivors.withMarker(marker)).isEmpty();
  }

  @Test
  void aTaskThatIgnoresSigtermIsKilledAfterTheGraceAsJsonLinesSay() throws Exception {
    Result r = run(local("--json", "--timeout", "1secs", "--grace", "1secs", "--",
        "trap '' TERM; sleep 100"));
    List<String> states = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Integer exitCode = null;
    for (String line : r.out().split("\n")) {
      Struct.Builder b = Struct.newBuilder();
      JsonFormat.parser().merge(line, b);
      Struct s = b.build();
      String type = s.getFieldsOrThrow("type").getStringValue();
      if (type.equals("status")) {
        states.add(s.getFieldsOrThrow("state").getStringValue());
      } else if (type.equals("note")) {
        notes.add(s.getFieldsOrThrow("message").getStringValue());
      } else if (type.equals("framework-message")
          && s.getFieldsOrThrow("data").getStructValue().containsFields("exit-code")) {
        exitCode = (int) s.getFieldsOrThrow("data").getStructValue().getFieldsOrThrow("exit-code").getNumberValue();
      }
    }
    assertThat(notes).contains("timeout of 1secs reached; killed the task (KILL: SIGTERM, then SIGKILL after "
        + "the grace period of 1secs)");
    assertThat(states).containsExactly("TASK_STARTING", "TASK_RUNNING", "TASK_KILLED");
    assertThat(exitCode).isEqualTo(-9);
    assertThat(r.exit()).isEqualTo(128 + 9);
    assertThat(Survivors.withMarker(marker)).isEmpty();
  }

  /**
   * Issue 20: an executor that never subscribes and ignores SIGTERM. The timeout's KILL cannot be sent;
   * SHUTDOWN follows 15 s past the grace, and 5 s past the grace after that {@code local} kills the executor
   * and its container at once: about 1 + 16 + 6 = 23 s. Before, it went on waiting for the terminal update
   * (2 s) and the container (15 s) while the executor lived: 40.7 s.
   */
  @Test
  void anExecutorThatIgnoresShutdownIsKilledWithinTheGiveUpBound() throws Exception {
    Path uri = Files.createFile(dir.resolve("executor-uri"));
    long start = System.nanoTime();
    Result r = run(local("--timeout", "1secs", "--grace", "1secs", "--executor-uri", uri.toString(),
        "--executor-command", "trap \"\" TERM INT HUP; while :; do sleep 1; done", "--", "true"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.err()).contains("the task did not end after the kill; shutting the executor down",
        "the executor did not exit after SHUTDOWN; killing it");
    assertThat(r.out()).contains("could not send KILL: the executor is not subscribed");
    assertThat(r.exit()).isEqualTo(1); // the task never ran
    // The bound is 23 s; the rest is local's own start and exit (a JVM each) on a busy machine.
    assertThat(took).isLessThan(Duration.ofSeconds(29));
    assertThat(Survivors.withMarker(marker)).isEmpty();
  }

  @Test
  void ctrlCShutsTheTaskDownGracefullyAndLeavesNothingBehind() throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    java.util.Set<String> groupsBefore = localCgroups();
    Process p = new ProcessBuilder(Interruptible.command(local("--", "sleep 100").command()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      await().atMost(WAIT).until(() -> Files.readString(out).contains("TASK_RUNNING"));
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("local exits after Ctrl-C").isTrue();
      assertThat(Files.readString(out)).contains("TASK_KILLED");
      assertThat(p.exitValue()).isEqualTo(128 + 2); // the JVM's exit on SIGINT
      assertThat(Survivors.withMarker(marker)).isEmpty();
      assertThat(localCgroups()).as("the container's cgroup is removed before local exits").isEqualTo(groupsBefore);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Survivors.kill(marker);
    }
  }

  /** The embedded agent's container cgroups in the v1 memory hierarchy (none where there is no such mount). */
  private static java.util.Set<String> localCgroups() throws java.io.IOException {
    Path memory = Path.of("/sys/fs/cgroup/memory");
    if (!Files.isDirectory(memory)) {
      return java.util.Set.of();
    }
    try (java.util.stream.Stream<Path> groups = Files.list(memory)) {
      return groups.map(g -> g.getFileName().toString()).filter(n -> n.startsWith("cook-executor-local-"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }
}
