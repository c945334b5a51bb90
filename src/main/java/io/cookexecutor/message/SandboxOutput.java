package io.cookexecutor.message;

import java.io.PrintStream;

/**
 * The executor's lines on its stdout, which the agent points at the sandbox {@code stdout} file that the
 * task writes to as well. Operators and job authors read these; keep the wording stable.
 */
public final class SandboxOutput {
  private final PrintStream out;

  public SandboxOutput(PrintStream out) {
    this.out = out;
  }

  public void banner(String version) {
    line("Cook Executor version " + version);
  }

  public void forked(int pid) {
    line("Forked command at " + pid);
  }

  public void killReceived(String taskId, String gracePeriod) {
    line("Received kill for task " + taskId + " with grace period of " + gracePeriod);
  }

  public void commandExited(int code, int pid) {
    line("Command exited with status " + code + " (pid: " + pid + ")");
  }

  public void completed(String taskId, String state) {
    line("Executor completed execution of " + taskId + " (state=" + state + ")");
  }

  private void line(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}
