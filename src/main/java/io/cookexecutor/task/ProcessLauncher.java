package io.cookexecutor.task;

import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.cookexecutor.log.Log;

/**
 * Starts the task as {@code /bin/sh -c COMMAND}, leader of a new session and process group, with
 * {@code posix_spawn}. Spawning natively (not with ProcessBuilder) makes the executor the only reaper of
 * its children, so it sees the exact wait status (a signal is not confused with exit 128+N) and can reap
 * the orphans it adopts as a child subreaper.
 */
public final class ProcessLauncher {
  private static final Log LOG = Log.of(ProcessLauncher.class);
  private static final String SHELL = "/bin/sh";
  private static final int EINVAL = 22;
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
    if (LibC.INSTANCE.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
      LOG.warn("Cannot become a child subreaper; orphans of the task may escape a kill");
    }
    subreaper = true;
  }

  /**
   * Spawns the task with exactly {@code environment} in {@code workingDirectory}.
   *
   * @return the pid, which is also the task's process group and session id
   */
  public int launch(String command, Map<String, String> environment, Path workingDirectory)
      throws IOException {
    String[] env = new String[environment.size()];
    int i = 0;
    for (Map.Entry<String, String> e : environment.entrySet()) {
      env[i++] = e.getKey() + "=" + e.getValue();
    }
    int pid = spawn(SHELL, new String[] {SHELL, "-c", command}, env, workingDirectory, true);
    if (pid > 0) {
      return pid;
    }
    // glibc before 2.26 has no POSIX_SPAWN_SETSID: let setsid(1) make the session; it execs in place.
    String setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "/bin/setsid";
    LOG.info("posix_spawn cannot start a session here; using {}", setsid);
    pid = spawn(setsid, new String[] {setsid, SHELL, "-c", command}, env, workingDirectory, false);
    if (pid <= 0) {
      throw new IOException("cannot start " + SHELL + ": " + LibC.INSTANCE.strerror(-pid));
    }
    return pid;
  }

  /** Returns the pid, or minus the error number; -EINVAL with {@code newSession} means no SETSID. */
  private int spawn(String path, String[] argv, String[] env, Path dir, boolean newSession)
      throws IOException {
    Memory attributes = new Memory(LibC.SPAWN_STRUCT_BYTES);
    Memory actions = new Memory(LibC.SPAWN_STRUCT_BYTES);
    Memory emptyMask = new Memory(LibC.SIGSET_BYTES);
    Memory defaults = new Memory(LibC.SIGSET_BYTES);
    check(LibC.INSTANCE.posix_spawnattr_init(attributes), "posix_spawnattr_init");
    check(LibC.INSTANCE.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
    try {
      LibC.INSTANCE.sigemptyset(emptyMask);
      LibC.INSTANCE.sigemptyset(defaults);
      for (int s : DEFAULT_SIGNALS) {
        LibC.INSTANCE.sigaddset(defaults, s);
      }
      short flags = (short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF
          | (newSession ? LibC.POSIX_SPAWN_SETSID : 0));
      int rc = LibC.INSTANCE.posix_spawnattr_setflags(attributes, flags);
      if (rc == EINVAL && newSession) {
        return -EINVAL;
      }
      check(rc, "posix_spawnattr_setflags");
      check(LibC.INSTANCE.posix_spawnattr_setsigmask(attributes, emptyMask), "posix_spawnattr_setsigmask");
      check(LibC.INSTANCE.posix_spawnattr_setsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
      changeDirectory(actions, dir);
      IntByReference pid = new IntByReference();
      rc = LibC.INSTANCE.posix_spawn(pid, path, actions, attributes, new StringArray(argv, "UTF-8"),
          new StringArray(env, "UTF-8"));
      if (rc != 0) {
        return -rc;
      }
      return pid.getValue();
    } finally {
      LibC.INSTANCE.posix_spawn_file_actions_destroy(actions);
      LibC.INSTANCE.posix_spawnattr_destroy(attributes);
    }
  }

  private void changeDirectory(Memory actions, Path dir) {
    Path cwd = Path.of("").toAbsolutePath();
    if (dir.toAbsolutePath().normalize().equals(cwd.normalize())) {
      return;
    }
    try {
      check(LibC.INSTANCE.posix_spawn_file_actions_addchdir_np(actions, dir.toString()), "addchdir");
    } catch (UnsatisfiedLinkError | IOException e) {
      // glibc before 2.29: the task starts where the agent started the executor, which is the sandbox.
      LOG.warn("Cannot start the task in {} ({}); it starts in {}", dir, e.getMessage(), cwd);
    }
  }

  private void check(int rc, String what) throws IOException {
    if (rc != 0) {
      throw new IOException(what + " failed: " + LibC.INSTANCE.strerror(rc));
    }
  }
}
