package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes; each test waits for exactly its own pid so it never reaps another test's child. */
class ProcessLauncherTest {
  @TempDir Path dir;

  private static ExitStatus waitFor(int pid) {
    int[] status = new int[1];
    assertThat(Posix.waitpid(pid, 0, status)).isEqualTo(pid);
    return ExitStatus.fromWaitStatus(status[0]);
  }

  @Test
  void runsTheCommandWithExactlyTheGivenEnvironmentInTheGivenDirectory() throws IOException {
    int pid = new ProcessLauncher().launch("echo \"$GREETING\" > out.txt; pwd >> out.txt; exit 7",
        Map.of("GREETING", "hello world", "PATH", "/usr/bin:/bin"), dir);
    assertThat(waitFor(pid).code()).isEqualTo(7);
    assertThat(Files.readAllLines(dir.resolve("out.txt")))
        .containsExactly("hello world", dir.toRealPath().toString());
  }

  @Test
  void theTaskLeadsItsOwnSessionAndProcessGroup() throws IOException {
    int pid = new ProcessLauncher().launch(
        "cut -d' ' -f1,5,6 /proc/$$/stat > ids.txt", Map.of("PATH", "/usr/bin:/bin"), dir);
    assertThat(waitFor(pid).code()).isZero();
    String[] ids = Files.readString(dir.resolve("ids.txt")).trim().split("\\s+");
    assertThat(ids).containsExactly(String.valueOf(pid), String.valueOf(pid), String.valueOf(pid));
  }

  @Test
  void aSignalIsReportedAsMinusItsNumberNotAsAnExitCode() throws IOException {
    int pid = new ProcessLauncher().launch("kill -TERM $$; sleep 5", Map.of("PATH", "/usr/bin:/bin"), dir);
    assertThat(waitFor(pid).code()).isEqualTo(-15);
    int exits = new ProcessLauncher().launch("exit 143", Map.of(), dir);
    assertThat(waitFor(exits).code()).isEqualTo(143);
  }

  @Test
  void descendantsAreFoundThroughProc() throws IOException {
    int pid = new ProcessLauncher().launch("sleep 30 & sleep 30 & wait", Map.of("PATH", "/usr/bin:/bin"), dir);
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> ProcessTree.descendantsOf(pid).size() == 2);
    } finally {
      for (int child : ProcessTree.descendantsOf(pid)) {
        Posix.kill(child, LibC.SIGKILL);
      }
      Posix.kill(pid, LibC.SIGKILL);
      waitFor(pid);
    }
  }
}
