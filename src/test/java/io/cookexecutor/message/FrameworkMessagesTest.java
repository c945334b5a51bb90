package io.cookexecutor.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden JSON: the Cook scheduler dispatches on these exact keys. */
class FrameworkMessagesTest {

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void sandboxDirectoryMessage() {
    assertThat(text(FrameworkMessages.sandboxDirectory("t-1", "/var/lib/mesos/s")))
        .isEqualTo("{\"sandbox-directory\":\"/var/lib/mesos/s\",\"task-id\":\"t-1\",\"type\":\"directory\"}");
  }

  @Test
  void exitCodeMessage() {
    assertThat(text(FrameworkMessages.exitCode("t-1", -15)))
        .isEqualTo("{\"exit-code\":-15,\"task-id\":\"t-1\"}");
  }

  @Test
  void progressMessageEscapesItsText() {
    assertThat(text(FrameworkMessages.progress("t-1", 3, 50, "half \"way\"")))
        .isEqualTo("{\"progress-message\":\"half \\\"way\\\"\",\"progress-percent\":50,"
            + "\"progress-sequence\":3,\"task-id\":\"t-1\"}");
  }

  @Test
  void stdoutLinesKeepTheirWording() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SandboxOutput out = new SandboxOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    out.banner("1.2.3");
    out.forked(42);
    out.killReceived("t", "2secs");
    out.commandExited(-15, 42);
    out.completed("t", "TASK_KILLED");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
        "Cook Executor version 1.2.3", "Forked command at 42",
        "Received kill for task t with grace period of 2secs", "Command exited with status -15 (pid: 42)",
        "Executor completed execution of t (state=TASK_KILLED)", ""));
  }
}
