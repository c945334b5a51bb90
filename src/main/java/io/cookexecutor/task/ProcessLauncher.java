package io.cookexecutor.task;

import io.cookexecutor.log.Log;
import io.cookexecutor.posix.Posix;
import java.io.IOException;
import java.nio.charset.Charset;
import io.cookexecutor.text.Charsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the task as {@code /bin/sh -c COMMAND}, leader of a new session and process group, with
 * {@code posix_spawn}. Spawning natively (not with ProcessBuilder) makes the executor the only reaper of
 * its children, so it sees the exact wait status (a signal is not confused with exit 128+N) and can reap
 * the orphans it adopts as a child subreaper.
 */
public final class ProcessLauncher {
  private static final Log LOG = Log.of(ProcessLauncher.class);
  private static final String SHELL = "/bin/sh";
  /** Signals whose disposition the JVM may have changed; the task gets the defaults back. */
  private static final int[] DEFAULT_SIGNALS = {1, 2, 3, 10, 12, 13, 14, 15, 17, 20, 21, 22};

  private static volatile boolean subreaper;


  /**
   * Makes the executor a child subreaper, so that processes the task orphans (double forks, daemons)
   * become the executor's children, to be found, killed and reaped. Idempotent.
   */
  public static void becomeSubreaper() {
    if (subreaper) {
      return;
    }
    if (!Posix.available()) {
      LOG.error("Cannot become a child subreaper: {}", Posix.loadError());
      return;
    }
    if (Posix.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1) != 0) {
      LOG.warn("Cannot become a child subreaper; orphans of the task may escape a kill");
    }
    subreaper = true;
  }

  /**
   * Spawns the task with exactly {@code environment} in {@code workingDirectory}. The command is UTF-8
   * (it comes from the task's JSON); the environment is {@link EnvironmentBytes}'.
   *
   * @return the pid, which is also the task's process group and session id
   */
  public int launch(String command, Map<String, String> environment, Path workingDirectory)
      throws IOException {
    if (!Posix.available()) {
      throw new IOException(Posix.loadError());
    }
    byte[][] env = EnvironmentBytes.encode(environment, Posix.environ(), Posix.platformEncoding(),
        Charset.defaultCharset());
    byte[] dir = directory(workingDirectory);
    byte[] commandBytes = command.getBytes(Charsets.UTF_8);
    int pid = spawn(SHELL, new byte[][] {bytes(SHELL), bytes("-c"), commandBytes}, env, dir, true);
    if (pid != -LibC.EINVAL) {
      return started(pid);
    }
    // glibc before 2.26 has no POSIX_SPAWN_SETSID: let setsid(1) make the session; it execs in place.
    String setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "/bin/setsid";
    LOG.info("posix_spawn cannot start a session here; using {}", setsid);
    return started(spawn(setsid, new byte[][] {bytes(setsid), bytes(SHELL), bytes("-c"), commandBytes}, env,
        dir, false));
  }

  private static int spawn(String path, byte[][] argv, byte[][] env, byte[] dir, boolean newSession) {
    return Posix.spawn(bytes(path), argv, env, dir, DEFAULT_SIGNALS, newSession);
  }

  private static int started(int pid) throws IOException {
    if (pid <= 0) {
      throw new IOException("cannot start " + SHELL + ": " + Posix.strerror(-pid));
    }
    return pid;
  }

  /** The directory to start in, or null for the executor's own (also when the C library cannot change it). */
  private static byte[] directory(Path dir) {
    Path cwd = Path.of("").toAbsolutePath();
    if (dir.toAbsolutePath().normalize().equals(cwd.normalize())) {
      return null;
    }
    if (!Posix.canSpawnInDirectory()) {
      // glibc before 2.29: the task starts where the agent started the executor, which is the sandbox.
      LOG.warn("Cannot start the task in {} (no posix_spawn_file_actions_addchdir_np); it starts in {}", dir, cwd);
      return null;
    }
    return Posix.fileName(dir);
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(Charsets.US_ASCII);
  }
}
