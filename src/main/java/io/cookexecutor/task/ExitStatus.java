package io.cookexecutor.task;

/**
 * How the task's process ended: {@code code} is its exit status, or minus the signal number when a signal
 * killed it, which is the form the Cook scheduler receives in the exit-code message.
 */
public record ExitStatus(int code) {
  /** Decodes a raw {@code waitpid} status. */
  public static ExitStatus fromWaitStatus(int raw) {
    int signal = raw & 0x7f;
    if (signal == 0) {
      return new ExitStatus((raw >> 8) & 0xff);
    }
    return new ExitStatus(-signal);
  }

  /** Whether a signal ended the process. */
  public boolean signalled() {
    return code < 0;
  }
}
