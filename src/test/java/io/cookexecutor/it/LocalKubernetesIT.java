package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.it.sidecar.FilesClient;
import io.cookexecutor.testing.Interruptible;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        "sandbox_page http://127.0.0.1:",
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

  @Test
  void keepServingLeavesTheSandboxPageUpAfterTheJobUntilCtrlC() throws Exception {
    String marker = UUID.randomUUID().toString();
    Path box = dir.resolve("kept");
    Path out = dir.resolve("kept-out");
    Process p = new ProcessBuilder(Interruptible.command(List.of(LAUNCHER.toString(), "local", "--kubernetes",
        "--keep-serving", "--sandbox", box.toString(), "--env", "COOK_IT_MARKER=" + marker, "--",
        "echo \"progress: 60 sixty\"; echo done")))
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Pattern serving = Pattern.compile("keeps serving the sandbox at http://127\\.0\\.0\\.1:([0-9]+)/ until Ctrl-C");
      int[] port = new int[1];
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        Matcher m = serving.matcher(Files.readString(out));
        if (m.find()) {
          port[0] = Integer.parseInt(m.group(1));
        }
        return port[0] > 0 || !p.isAlive();
      });
      assertThat(port[0]).as(Files.readString(out)).isPositive();
      assertThat(Files.readString(out)).contains("exit-code 0", "sandbox_page http://127.0.0.1:" + port[0] + "/");

      // The job is over and the page is still served, with the job's output behind it.
      FilesClient files = new FilesClient(port[0]);
      FilesClient.Answer page = files.raw("GET", "/");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(files.get("/files/read.json", box.resolve("stdout").toString(), "&offset=0").text())
          .isEqualTo("{\"data\":\"progress: 60 sixty\\ndone\\n\",\"offset\":0}\n");
      assertThat(p.isAlive()).isTrue();

      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("local ends after Ctrl-C").isTrue();
      assertThat(p.exitValue()).as(Files.readString(out)).isZero(); // the job's code, not the signal's
      assertThat(Files.readString(out)).contains("final-progress 60% sixty (sequence 1)", "sidecar exited with 0");
      await().atMost(Duration.ofSeconds(10)).until(() -> Survivors.withMarker(marker).isEmpty());
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly); // the sidecar and the job, if the test failed
      p.destroyForcibly();
    }
  }
}
