package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.testing.ScriptedScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the real cook-sidecar ends: a second signal cuts the graceful stop short; start-up errors exit 1. */
class SidecarStopIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path sandbox;
  @TempDir Path logs;

  @Test
  void aSecondSignalExitsAtOnceWhileTheFinalSendWaitsOnAHungScheduler() throws Exception {
    try (ScriptedScheduler s = ScriptedScheduler.start()) {
      s.hangNext(1000);
      Map<String, String> env = Map.of("COOK_WORKDIR", sandbox.toString(), "COOK_INSTANCE_UUID", "i",
          "COOK_SCHEDULER_REST_URL", s.baseUrl().toString(), "PROGRESS_SAMPLE_INTERVAL_MS", "100");
      try (SidecarProcess p = SidecarProcess.start(logs, env)) {
        p.awaitFileServerPort();
        Files.writeString(sandbox.resolve("stdout"), "progress: 10, a\n", StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> s.posts().size() == 1);

        p.terminate();
        p.awaitLog("Stopping: SIGTERM");
        assertThat(p.alive()).as("still sending the final state (20 s budget)").isTrue();
        p.terminate();

        assertThat(p.awaitExit(WAIT)).isEqualTo(128 + 15);
        assertThat(p.log()).contains("Second signal (SIGTERM) during the graceful stop: exiting at once")
            .doesNotContain("Final progress state");
      }
    }
  }

  @Test
  void startUpErrorsExitOne() throws Exception {
    assertThat(run(Map.of(), "--file-server-port", "0")).isEqualTo(1); // no COOK_WORKDIR
    assertThat(run(Map.of("COOK_WORKDIR", sandbox.toString()))).isEqualTo(1); // no port
    assertThat(run(Map.of("COOK_WORKDIR", sandbox.toString()), "--bind", "no-such-host.invalid",
        "--file-server-port", "0")).isEqualTo(1);
  }

  private int run(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of(SidecarProcess.LAUNCHER.toString())));
    pb.command().addAll(List.of(args));
    pb.environment().keySet().removeIf(k -> k.startsWith("COOK_"));
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).redirectOutput(logs.resolve("run-" + System.nanoTime()).toFile()).start();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("cook-sidecar did not exit");
    }
    return p.exitValue();
  }
}
