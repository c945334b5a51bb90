package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.testing.ScriptedScheduler;
import io.cookexecutor.testing.Closer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance scenarios 11-16 of kubernetes-sidecar.md through the real {@code cook-sidecar} process, with
 * the scheduler's default variables, against a {@link ScriptedScheduler} on 127.0.0.1.
 */
class SidecarProgressIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Kubernetes' default termination grace period. */
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final String INSTANCE = "5f1d2a9c-0000-4000-8000-000000000011";
  private static final String JOB = "0b6f3e1a-0000-4000-8000-000000000022";

  @TempDir Path sandbox;
  @TempDir Path logs;
  @RegisterExtension final Closer closing = new Closer();

  private ScriptedScheduler scheduler() throws IOException {
    return closing.add(ScriptedScheduler.start());
  }

  /** The variables the scheduler gives the pod (section 1), with its defaults. */
  private Map<String, String> podEnv(ScriptedScheduler s) {
    Map<String, String> env = new HashMap<>();
    env.put("COOK_WORKDIR", sandbox.toString());
    env.put("COOK_SANDBOX", sandbox.toString());
    env.put("COOK_INSTANCE_UUID", INSTANCE);
    env.put("COOK_JOB_UUID", JOB);
    env.put("COOK_SCHEDULER_REST_URL", s.baseUrl().toString());
    env.put("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "EXECUTOR_PROGRESS_OUTPUT_FILE");
    env.put("PROGRESS_REGEX_STRING", "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)");
    env.put("PROGRESS_SAMPLE_INTERVAL_MS", "300000");
    env.put("EXECUTOR_MAX_MESSAGE_LENGTH", "512");
    return env;
  }

  private SidecarProcess sidecar(Map<String, String> env, String... options) throws IOException {
    SidecarProcess p = SidecarProcess.start(logs, env, options);
    closing.add(p);
    p.awaitFileServerPort();
    return p;
  }

  private void append(String file, String text) throws IOException {
    Files.writeString(sandbox.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static String body(int percent, String message, int seq) {
    return "{\"progress-message\":\"" + message + "\",\"progress-percent\":" + percent
        + ",\"progress-sequence\":" + seq + "}";
  }

  private static int sequence(String body) {
    return Integer.parseInt(body.replaceAll(".*\"progress-sequence\":([0-9]+).*", "$1"));
  }

  @Test
  void scenario11_aProgressLineBecomesOnePost() throws Exception {
    ScriptedScheduler s = scheduler();
    SidecarProcess p = sidecar(podEnv(s));
    append(JOB + ".progress", "progress: 25 Twenty-five\n");

    await().atMost(WAIT).until(() -> !s.posts().isEmpty());
    assertThat(s.posts()).singleElement().satisfies(post -> {
      assertThat(post.path()).isEqualTo("/progress/" + INSTANCE);
      assertThat(post.body()).isEqualTo(body(25, "Twenty-five", 1));
    });
    p.terminate();
    assertThat(p.awaitExit(WAIT)).isZero();
    assertThat(s.posts()).hasSize(1); // the final state was already delivered
  }

  @Test
  void scenario12_aBurstIsThrottledAndSigtermSendsTheLastState() throws Exception {
    ScriptedScheduler s = scheduler();
    SidecarProcess p = sidecar(podEnv(s));
    StringBuilder burst = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      burst.append("progress: ").append(i * 5).append(" step ").append(i).append('\n');
    }
    append("stdout", burst.toString());
    await().atMost(WAIT).until(() -> !s.posts().isEmpty());
    // Throttled: the first state at once, the rest wait for the 300 s interval.

    p.terminate();
    assertThat(p.awaitExit(WAIT)).isZero();
    assertThat(s.bodies()).containsExactly(body(5, "step 1", 1), body(100, "step 20", 20));
  }

  @Test
  void scenario13_aRedirectIsFollowedAndKeptA500IsRetriedThenSuperseded() throws Exception {
    ScriptedScheduler s = scheduler();
    ScriptedScheduler leader = scheduler();
    Map<String, String> env = podEnv(s);
    env.put("PROGRESS_SAMPLE_INTERVAL_MS", "100");
    env.put("PROGRESS_MAX_POST_ATTEMPTS", "50");
    s.redirectNext(1, leader);
    SidecarProcess p = sidecar(env);

    append("stdout", "progress: 10 first\n");
    await().atMost(WAIT).until(() -> leader.posts().size() == 1);
    append("stdout", "progress: 20 second\n");
    await().atMost(WAIT).until(() -> leader.posts().size() == 2);
    assertThat(leader.bodies()).containsExactly(body(10, "first", 1), body(20, "second", 2));
    assertThat(s.posts()).hasSize(1); // the 307 only: the Location was kept

    leader.answerNext(1, 500);
    s.answerNext(1000, 500);
    append("stdout", "progress: 30 third\n");
    // The 500 from the leader sends the retries back to the base URL, which fails them too.
    await().atMost(WAIT).until(() -> s.bodies().stream().filter(b -> sequence(b) == 3).count() >= 2);
    append("stdout", "progress: 40 fourth\n");
    await().atMost(WAIT).until(() -> s.bodies().stream().anyMatch(b -> sequence(b) == 4));
    List<String> base = s.bodies();
    int firstFour = base.indexOf(base.stream().filter(b -> sequence(b) == 4).findFirst().orElseThrow());
    await().atMost(WAIT).until(() -> s.bodies().size() >= firstFour + 3); // 4 is retried in turn
    assertThat(s.bodies().subList(firstFour, s.bodies().size())).allMatch(b -> sequence(b) == 4);
  }

  @Test
  void scenario14_outOfRangeAndNonNumbersAreNotSentAndNonAsciiMessagesBecomeEmpty() throws Exception {
    ScriptedScheduler s = scheduler();
    Map<String, String> env = podEnv(s);
    env.put("PROGRESS_SAMPLE_INTERVAL_MS", "100");
    SidecarProcess p = sidecar(env);
    append("stdout", "progress: 150 too much\nprogress: abc not a number\nprogress: 1e5 nor this\n");
    append("stdout", "progress: 50 caf\u00e9\n");

    await().atMost(WAIT).until(() -> !s.posts().isEmpty());
    p.terminate();
    assertThat(p.awaitExit(WAIT)).isZero();
    assertThat(s.bodies()).containsExactly(body(50, "", 1));
  }

  @Test
  void scenario15_theExitSentinelSendsTheFinalStateAndExitsZero() throws Exception {
    ScriptedScheduler s = scheduler();
    Path sentinel = sandbox.resolve("..").resolve(sandbox.getFileName() + "-exit").normalize();
    SidecarProcess p = sidecar(podEnv(s), "--exit-sentinel-file-path", sentinel.toString());
    append("stdout", "progress: 10 a\n");
    await().atMost(WAIT).until(() -> s.posts().size() == 1);
    append("stdout", "progress: 90 almost\n");

    Files.createFile(sentinel);
    long created = System.nanoTime();
    assertThat(p.awaitExit(WAIT)).isZero();
    Duration took = Duration.ofNanos(System.nanoTime() - created);
    assertThat(s.bodies()).last().isEqualTo(body(90, "almost", 2));
    assertThat(p.log()).contains("exit sentinel");
    assertThat(took).as("exit after the sentinel appeared").isLessThan(Duration.ofSeconds(10));
    Files.deleteIfExists(sentinel);
  }

  @Test
  void scenario16_aHungSchedulerHoldsNeitherFileReadsNorTheStop() throws Exception {
    ScriptedScheduler s = scheduler();
    s.hangNext(1000);
    Map<String, String> env = podEnv(s);
    env.put("PROGRESS_SAMPLE_INTERVAL_MS", "100");
    SidecarProcess p = SidecarProcess.start(logs, env);
    closing.add(p);
    int port = p.awaitFileServerPort();
    append("stdout", "progress: 10 a\n");
    await().atMost(WAIT).until(() -> s.posts().size() == 1);
    append("stdout", "progress: 20 b\n");

    FilesClient.Answer read = new FilesClient(port).get("/files/read.json", sandbox.resolve("stdout").toString(),
        "&offset=0");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text()).contains("progress: 20 b");

    p.terminate();
    long start = System.nanoTime();
    int code = p.awaitExit(GRACE);
    assertThat(code).as("ended within the grace period").isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GRACE);
    assertThat(p.log()).contains("Final progress state NOT delivered");
  }
}
