package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cook-executor local --kubernetes} end to end: the job shell, the real sidecar, the local scheduler. */
class LocalKubernetesIT {
  private static final Path LAUNCHER = Path.of("bin/cook-executor").toAbsolutePath();
  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  private Result run(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), "local", "--kubernetes"));
    argv.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("local --kubernetes did not finish:\n" + Files.readString(out));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void theQuickStartExamplePrintsBothUpdatesAndTheOutputUrl() throws Exception {
    String marker = UUID.randomUUID().toString();
    Path box = dir.resolve("sandbox");
    Result r = run("--sandbox", box.toString(), "--env", "COOK_IT_MARKER=" + marker, "--",
        "echo \"progress: 50 half\"; sleep 1; echo \"progress: 100 done\"");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("progress 50% half (sequence 1)", "progress 100% done (sequence 2)",
        "output_url http://127.0.0.1:", "/files/read.json?path=" + box.toString().replace("/", "%2F"),
        "final-progress 100% done (sequence 2)", "sidecar exited with 0");
    // The job's output went to the sandbox through Cook's job shell, not to the terminal.
    assertThat(Files.readString(box.resolve("stdout"))).isEqualTo("progress: 50 half\nprogress: 100 done\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> Survivors.withMarker(marker).isEmpty());
  }

  @Test
  void jsonLinesCarryTheDecodedBodiesAndTheExitCodeIsTheJobs() throws Exception {
    Result r = run("--json", "--env", "PROGRESS_SAMPLE_INTERVAL_MS=100", "--",
        "echo \"progress: 30 third\" >&2; echo 'progress: 70 seventy' >> \"$EXECUTOR_PROGRESS_OUTPUT_FILE\"; exit 3");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out().lines()).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
    assertThat(r.out()).contains("\"type\":\"progress-post\"", "\"status\":202",
        "\"data\":{\"progress-message\":\"seventy\",\"progress-percent\":70,\"progress-sequence\":",
        "\"type\":\"exit-code\"", "\"value\":\"3\"", "\"type\":\"output_url\"");
    assertThat(r.out()).containsPattern("\"type\":\"final-progress\",\"time\":[0-9.]+,\"value\":\\{");
  }
}
