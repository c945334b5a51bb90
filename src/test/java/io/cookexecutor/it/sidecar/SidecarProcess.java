package io.cookexecutor.it.sidecar;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code bin/cook-sidecar} process, started as the scheduler starts it (options, then
 * {@code --file-server-port} with the port appended last), bound to 127.0.0.1, its stderr kept in a file.
 */
public final class SidecarProcess implements AutoCloseable {
  public static final Path LAUNCHER = Path.of("bin/cook-sidecar").toAbsolutePath();
  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("File server on 127\\.0\\.0\\.1:([0-9]+)");

  private final Process process;
  private final Path log;

  private SidecarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the sidecar with {@code env} (besides a PATH and HOME) and {@code options}, then
   * {@code --file-server-port 0}; the log goes to {@code logDir}.
   */
  public static SidecarProcess start(Path logDir, Map<String, String> env, String... options) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "--bind", "127.0.0.1"));
    cmd.addAll(List.of(options));
    cmd.add("--file-server-port");
    cmd.add("0");
    Path log = Files.createTempFile(logDir, "sidecar-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("COOK_") || k.startsWith("PROGRESS_")
        || k.startsWith("EXECUTOR_"));
    pb.environment().putAll(env);
    return new SidecarProcess(pb.start(), log);
  }

  /** The file server's port, once its start-up line is logged. */
  public int awaitFileServerPort() {
    int[] port = new int[1];
    await().atMost(START_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      Matcher m = LISTENING.matcher(log());
      if (m.find()) {
        port[0] = Integer.parseInt(m.group(1));
        return true;
      }
      return !process.isAlive();
    });
    if (port[0] == 0) {
      throw new IllegalStateException("the sidecar did not start its file server:\n" + log());
    }
    return port[0];
  }

  /** Waits until the log holds {@code text}. */
  public void awaitLog(String text) {
    await().atMost(START_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> log().contains(text));
  }

  /** Sends SIGTERM (as the pod's deletion does). */
  public void terminate() {
    process.destroy();
  }

  /** The exit code, waiting at most {@code max}; -1 when still running. */
  public int awaitExit(Duration max) throws InterruptedException {
    return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** What the sidecar logged so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills the process (and its JVM) if still running. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
