package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cookexecutor.local.agent.AgentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full sandbox disk (a small tmpfs, filled before the executor starts) must not stop status updates:
 * the log and stdout writes fail, the protocol does not. Skipped where tmpfs cannot be mounted.
 */
class FullDiskIT {
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountTinyDisk() throws Exception {
    mount = Files.createTempDirectory("cook-full-disk-");
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs here");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(mount);
  }

  @Test
  void updatesStillArriveWhenTheSandboxIsFull() throws Exception {
    Path sandbox = Files.createDirectories(mount.resolve("sandbox"));
    // Fill the disk: the file grows until the write fails.
    try (var out = Files.newOutputStream(sandbox.resolve("filler"))) {
      byte[] block = new byte[4096];
      for (int i = 0; i < 1024; i++) {
        out.write(block);
        out.flush();
      }
    } catch (java.io.IOException full) {
      // expected: no space left on device
    }
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().sandbox(sandbox)
        .command("for i in 1 2 3 4 5; do echo progress: $((i * 20)), step $i; done; exit 4"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states())
          .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FAILED);
      assertThat(ExecutorRun.number(run.messagesWith("exit-code").get(0), "exit-code")).isEqualTo(4);
    }
  }
}
