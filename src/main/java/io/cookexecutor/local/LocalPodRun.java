package io.cookexecutor.local;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.sidecar.Sidecar;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import io.cookexecutor.text.Charsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code cook-executor local --kubernetes}: Cook's pod without Kubernetes (kubernetes-sidecar.md, section
 * 1). The job runs through Cook's default job shell in a sandbox, the sidecar beside it as the scheduler
 * starts it, a {@link LocalScheduler} on 127.0.0.1 as the scheduler's REST API; when the job ends the
 * sidecar gets SIGTERM, as on the pod's deletion. With {@code --keep-serving} the sidecar, and so the
 * sandbox page, stays up after the job until Ctrl-C (or SIGTERM), then stops as it would have.
 */
public final class LocalPodRun {
  /** Cook's default job shell: the job's output lands in the sandbox files stdout and stderr. */
  static final String COOK_JOB_SHELL =
      "exec 1>$COOK_SANDBOX/stdout; exec 2>$COOK_SANDBOX/stderr; exec /bin/sh -c \"$1\"";
  /** The scheduler's default progress regex and interval (its :executor config). */
  static final String SCHEDULER_REGEX = "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)";
  static final String SCHEDULER_INTERVAL_MS = "300000";
  private static final Duration READY_WAIT = Duration.ofSeconds(60);
  /** The sidecar's own final budget and some seconds to exit, as a pod's 30 s grace. */
  private static final Duration SIDECAR_STOP_WAIT = Sidecar.FINAL_SEND_BUDGET.plusSeconds(10);

  private final Path sandbox;
  private final Map<String, String> jobEnv;
  private final String command;
  private final LocalReport report;
  private final boolean keepServing;

  /** {@code sandbox} exists. */
  public LocalPodRun(Path sandbox, Map<String, String> jobEnv, String command, LocalReport report, boolean keepServing) {
    this.sandbox = sandbox;
    this.jobEnv = jobEnv;
    this.command = command;
    this.report = report;
    this.keepServing = keepServing;
  }

  /** Runs the pod; returns the job's exit code (128+N for signal N). */
  public int run() throws IOException, InterruptedException {
    Path sidecarDir = Files.createTempDirectory("cook-sidecar-");
    report.note("sandbox " + sandbox + " (kept); sidecar log " + sidecarDir.resolve("sidecar.log"));
    try (LocalScheduler scheduler = LocalScheduler.start(
        p -> report.progressPost(p.path(), 202, p.body().getBytes(Charsets.UTF_8)))) {
      Map<String, String> pod = podEnvironment(sandbox, sidecarDir, scheduler.baseUrl(), jobEnv);
      int port = freePort();
      Path sentinel = sidecarDir.resolve("stop");
      Process sidecar = startSidecar(pod, sandbox, sidecarDir, port, keepServing ? sentinel : null);
      Process job = startJob(pod, sandbox);
      try (Threads.ExitHook onCtrlC = Threads.onExit("local-pod-shutdown", () -> {
        job.destroy();
        sidecar.destroy();
      })) {
        String page = "http://127.0.0.1:" + port + "/";
        if (awaitReady(port, sidecar)) {
          report.fact("output_url", "http://127.0.0.1:" + port + "/files/read.json?path="
              + URLEncoder.encode(sandbox.toString(), Charsets.UTF_8));
          report.fact("sandbox_page", page);
        } else {
          report.note("the sidecar did not become ready; see its log");
        }
        int code = job.waitFor();
        report.fact("exit-code", String.valueOf(code));
        if (keepServing && sidecar.isAlive()) {
          report.note("the job ended; the sidecar keeps serving the sandbox at " + page + " until Ctrl-C");
          untilStopped(sidecar);
          // The sentinel stops it as SIGTERM would; a Ctrl-C on the terminal, which reached it too, is not
          // followed by a second signal (that would make it exit at once, without the final update).
          Files.writeString(sentinel, "");
        } else {
          sidecar.destroy(); // SIGTERM, as when the scheduler deletes the pod
        }
        if (!sidecar.waitFor(SIDECAR_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          report.note("the sidecar did not stop within " + SIDECAR_STOP_WAIT.toSeconds() + " s; killing it");
          sidecar.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        List<LocalScheduler.Post> posts = scheduler.posts();
        report.fact("final-progress", posts.isEmpty() ? "none" : posts.get(posts.size() - 1).body());
        report.note("sidecar exited with " + (sidecar.isAlive() ? "nothing (killed)" : sidecar.exitValue()));
        return code;
      }
    }
  }

  /**
   * The job container's variables as the scheduler sets them (its api.clj): the job's own, then the
   * progress, sandbox and metadata variables, the progress file when the job names none; {@code --env}
   * values win so that a job's :progress-regex-string or interval can be modelled.
   */
  private static Map<String, String> podEnvironment(Path box, Path sidecarDir, URI rest, Map<String, String> job) {
    Map<String, String> env = new LinkedHashMap<>();
    String user = System.getProperty("user.name", "cook");
    env.put("EXECUTOR_LOG_LEVEL", "INFO");
    env.put("EXECUTOR_MAX_MESSAGE_LENGTH", "512");
    env.put("PROGRESS_REGEX_STRING", SCHEDULER_REGEX);
    env.put("PROGRESS_SAMPLE_INTERVAL_MS", SCHEDULER_INTERVAL_MS);
    env.put("COOK_SANDBOX", box.toString());
    env.put("HOME", box.toString());
    env.put("MESOS_DIRECTORY", box.toString());
    env.put("MESOS_SANDBOX", box.toString());
    env.put("SIDECAR_WORKDIR", sidecarDir.toString());
    env.put("COOK_JOB_NAME", "local");
    env.put("COOK_JOB_USER", user);
    env.put("USER", user);
    env.put("COOK_SCHEDULER_REST_URL", rest.toString());
    env.put("COOK_JOB_UUID", UUID.randomUUID().toString());
    env.put("COOK_INSTANCE_UUID", UUID.randomUUID().toString());
    env.putAll(job);
    String fileVar = env.getOrDefault("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "EXECUTOR_PROGRESS_OUTPUT_FILE");
    env.putIfAbsent(fileVar, box + "/" + env.get("COOK_JOB_UUID") + ".progress");
    return env;
  }

  private Process startJob(Map<String, String> pod, Path box) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", COOK_JOB_SHELL, "--", command)
        .directory(box.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    containerEnvironment(pb, pod);
    return pb.start();
  }

  private static Process startSidecar(Map<String, String> pod, Path box, Path dir, int port, Path sentinel)
      throws IOException {
    List<String> argv = new ArrayList<>(SelfCommand.argv());
    // As the scheduler's :command ["cook-sidecar" "--file-server-port"], the port appended last; bound to
    // loopback since nothing outside this machine is meant to read the sandbox.
    argv.addAll(List.of("sidecar", "--bind", "127.0.0.1"));
    if (sentinel != null) {
      argv.addAll(List.of("--exit-sentinel-file-path", sentinel.toString()));
    }
    argv.addAll(List.of("--file-server-port", String.valueOf(port)));
    ProcessBuilder pb = new ProcessBuilder(argv)
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sidecar.log").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("sidecar.log").toFile()));
    containerEnvironment(pb, pod);
    pb.environment().put("COOK_WORKDIR", box.toString());
    return pb.start();
  }

  /** A container's environment: the pod's variables, and from this machine only what finds programs. */
  private static void containerEnvironment(ProcessBuilder pb, Map<String, String> pod) {
    Map<String, String> env = pb.environment();
    String path = env.get("PATH");
    String javaHome = env.get("JAVA_HOME");
    env.clear();
    env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome);
    }
    env.putAll(pod);
  }

  /** Probes /readiness-probe as Kubernetes does, until it answers 200, the sidecar exits or time is up. */
  private static boolean awaitReady(int port, Process sidecar) throws InterruptedException {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    URI probe = URI.create("http://127.0.0.1:" + port + "/readiness-probe");
    while (sidecar.isAlive() && System.nanoTime() - deadline < 0) {
      try {
        HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(1000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50); // the probe's period
    }
    return false;
  }

  /**
   * Waits until the user stops {@code local} (SIGINT, i.e. Ctrl-C, or SIGTERM) or the sidecar ends on its
   * own. Meanwhile those signals only end the wait: the JVM's own handling (its shutdown hooks, then exit)
   * is put back at once, so a second Ctrl-C still ends {@code local} as before.
   */
  private static void untilStopped(Process sidecar) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    SignalHandler onInt = Signal.handle(new Signal("INT"), s -> stop.countDown());
    SignalHandler onTerm = Signal.handle(new Signal("TERM"), s -> stop.countDown());
    try {
      while (sidecar.isAlive() && !stop.await(200, TimeUnit.MILLISECONDS)) {
        // the sidecar serves the sandbox page
      }
    } finally {
      Signal.handle(new Signal("INT"), onInt);
      Signal.handle(new Signal("TERM"), onTerm);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
