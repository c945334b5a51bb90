package io.cookexecutor.task;

/** The C library's numbers the task's OS layer uses; the calls themselves are {@link io.cookexecutor.posix.Posix}'s. */
final class LibC {
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;
  static final int SIGCONT = 18;
  static final int SIGSTOP = 19;
  static final int EINTR = 4;
  static final int ECHILD = 10;
  static final int EINVAL = 22;
  static final int PR_SET_CHILD_SUBREAPER = 36;

  private LibC() {}
}
