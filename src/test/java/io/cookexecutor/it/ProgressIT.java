package io.cookexecutor.it;

import static io.cookexecutor.it.ExecutorRun.number;
import static io.cookexecutor.it.ExecutorRun.text;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.cookexecutor.local.agent.AgentSettings;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance 4-10 and 25: progress tracking through the real executor. */
class ProgressIT {
  private static final String TEN_LINES =
      "for k in 1 2 3 4 5 6 7 8 9 10; do echo \"progress: $((k * 10)), step $k\"; sleep %s; done";

  private static List<Struct> progress(ExecutorRun run) {
    return run.messagesWith("progress-sequence");
  }

  @Test
  void progressLinesBecomeMessagesInOrderEndingAtOneHundred() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command(String.format(TEN_LINES, "0.2")).taskEnv("PROGRESS_SAMPLE_INTERVAL_MS", "100"))) {
      assertThat(run.awaitExit()).isZero();
      List<Struct> p = progress(run);
      assertThat(p).hasSizeGreaterThanOrEqualTo(5);
      for (int i = 1; i < p.size(); i++) {
        assertThat(number(p.get(i), "progress-sequence")).isGreaterThan(number(p.get(i - 1), "progress-sequence"));
        assertThat(number(p.get(i), "progress-percent")).isGreaterThan(number(p.get(i - 1), "progress-percent"));
      }
      Struct last = p.get(p.size() - 1);
      assertThat(number(last, "progress-percent")).isEqualTo(100);
      assertThat(text(last, "progress-message")).isEqualTo("step 10");
      assertThat(text(last, "task-id")).isEqualTo(run.agent.taskId().getValue());
    }
  }

  @Test
  void aFastWriterCausesFewMessagesAndTheLastCarriesTheFinalState() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command(String.format(TEN_LINES, "0.001")).taskEnv("PROGRESS_SAMPLE_INTERVAL_MS", "1000"))) {
      assertThat(run.awaitExit()).isZero();
      List<Struct> p = progress(run);
      assertThat(p).hasSizeBetween(1, 3);
      Struct last = p.get(p.size() - 1);
      assertThat(number(last, "progress-percent")).isEqualTo(100);
      assertThat(text(last, "progress-message")).isEqualTo("step 10");
      assertThat(number(last, "progress-sequence")).isEqualTo(10);
    }
  }

  @Test
  void theJobsProgressFileIsTrackedAndNamedInItsEnvironment() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("echo \"progress: 42, from the file\" >> \"$EXECUTOR_PROGRESS_OUTPUT_FILE\"; "
            + "echo \"$EXECUTOR_PROGRESS_OUTPUT_FILE\" > name.txt"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(Files.readString(run.sandbox().resolve("name.txt")).trim())
          .isEqualTo(run.sandbox().resolve(run.agent.settings().executorId() + ".progress").toString());
      Struct last = progress(run).get(progress(run).size() - 1);
      assertThat(number(last, "progress-percent")).isEqualTo(42);
      assertThat(text(last, "progress-message")).isEqualTo("from the file");
    }
  }

  @Test
  void stdoutStderrAndTheProgressFileShareOneSequence() throws Exception {
    String command = "f=\"$EXECUTOR_PROGRESS_OUTPUT_FILE\"; "
        + "echo 'progress: 10, out'; sleep 0.15; echo 'progress: 20, err' >&2; sleep 0.15; "
        + "echo 'progress: 30, file' >> \"$f\"; sleep 0.15; echo 'progress: 40, out'; sleep 0.15; "
        + "echo 'progress: 50, err' >&2; sleep 0.15; echo 'progress: 60, file' >> \"$f\"";
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(command)
        .taskEnv("PROGRESS_SAMPLE_INTERVAL_MS", "100"))) {
      assertThat(run.awaitExit()).isZero();
      List<Struct> p = progress(run);
      assertThat(p.stream().map(s -> (int) number(s, "progress-sequence")).toList())
          .isSorted().doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 6).contains(6);
      assertThat(p.stream().map(s -> text(s, "progress-message")).toList()).contains("out", "err", "file");
      assertThat(number(p.get(p.size() - 1), "progress-percent")).isEqualTo(60);
    }
  }

  @Test
  void aLongMessageIsTrimmedToTheMaximumWithAnEllipsis() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("echo \"progress: 50, $(printf 'x%.0s' $(seq 1 300))\"")
        .taskEnv("EXECUTOR_MAX_MESSAGE_LENGTH", "100"))) {
      assertThat(run.awaitExit()).isZero();
      String message = text(progress(run).get(0), "progress-message");
      assertThat(message).hasSize(100).endsWith("...").startsWith("x".repeat(97));
    }
  }

  @Test
  void binaryNoiseDoesNotHurtAndANonAsciiMessageBecomesEmpty() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("head -c 20000 /dev/urandom; echo; echo 'progress: 30, caf\u00e9'; sleep 1; "
            + "head -c 20000 /dev/urandom; printf '\\000\\001\\377\\n'; echo 'progress: 70, plain'")
        .taskEnv("PROGRESS_SAMPLE_INTERVAL_MS", "100"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      List<Struct> p = progress(run);
      assertThat(p).anySatisfy(s -> {
        assertThat(number(s, "progress-percent")).isEqualTo(70);
        assertThat(text(s, "progress-message")).isEqualTo("plain");
      });
      // The 30 % state has a second to itself, so it is delivered before the 70 % one could replace it
      // (progress is latest-wins): its message must be empty.
      assertThat(p).filteredOn(s -> number(s, "progress-percent") == 30).singleElement()
          .satisfies(s -> assertThat(text(s, "progress-message")).isEmpty());
    }
  }

  @Test
  void aTenMegabyteLineKeepsMemoryBoundedAndTheNextProgressLineIsFound() throws Exception {
    String tenMegabytes = "head -c 10000000 /dev/zero | tr '\\000' 'a'";
    long longLine = peakKbAfterProgress90(tenMegabytes + "; echo");
    long shortLines = peakKbAfterProgress90(tenMegabytes + " | fold -w 100");
    // The executor's peak RSS with the ten megabytes in one line, against the same bytes in 100-byte
    // lines: measured 0.3 MB apart at most (53.1 MB against 53.0 MB). A reader that held the line whole
    // would need at least its 10 MB more (as bytes; 20 MB more as chars).
    assertThat(longLine - shortLines).as("peak RSS (kB) of one long line over short ones").isLessThan(5_000);
  }

  /** Runs {@code command} and then a progress line of 90 %, which must arrive; the executor's peak RSS in kB. */
  private static long peakKbAfterProgress90(String command) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command(command + "; echo 'progress: 90, after the long line'"))) {
      assertThat(run.awaitExit()).isZero();
      Struct last = progress(run).get(progress(run).size() - 1);
      assertThat(number(last, "progress-percent")).isEqualTo(90);
      assertThat(text(last, "progress-message")).isEqualTo("after the long line");
      Matcher hwm = Pattern.compile("VmHWM: (\\d+) kB").matcher(run.sandboxFile("executor.log"));
      assertThat(hwm.find()).isTrue();
      return Long.parseLong(hwm.group(1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"directory", "fifo", "never created"})
  void anOddProgressPathLeavesTheTaskResultAlone(String kind) throws Exception {
    AgentSettings.Builder settings = AgentSettings.builder()
        .command("echo 'progress: 55, on stdout'; exit 0").taskEnv("PROGRESS_OUTPUT_FILE", "odd-progress");
    try (ExecutorRun run = ExecutorRun.startPrepared(settings, sandbox -> {
      if (kind.equals("directory")) {
        Files.createDirectory(sandbox.resolve("odd-progress"));
      } else if (kind.equals("fifo")) {
        new ProcessBuilder("mkfifo", sandbox.resolve("odd-progress").toString()).start().waitFor();
      }
    })) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(number(progress(run).get(progress(run).size() - 1), "progress-percent")).isEqualTo(55);
    }
  }
}
