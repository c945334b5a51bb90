package io.cookexecutor.local.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.local.container.CgroupSupport;
import io.cookexecutor.local.container.ContainerLimits;
import io.cookexecutor.local.container.ContainerUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded agent's containers in real cgroups, with stand-in executors (plain processes) so that what the
 * container does is seen apart from the executor. Skipped where cgroups are not writable.
 */
class LocalAgentContainerTest {
  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path sandbox;

  @BeforeEach
  void needsCgroups() {
    Assumptions.assumeTrue(CgroupSupport.detect().available(),
        "no writable cgroups here: " + CgroupSupport.detect().description());
  }

  private LocalAgent agent(ContainerLimits limits) throws Exception {
    return LocalAgent.start(AgentSettings.builder().sandbox(sandbox).build(), limits);
  }

  /** The directories a cgroup of this name would have, in whichever hierarchy is in use. */
  private static List<Path> cgroupDirs(String name) {
    return List.of(CGROUPS.resolve("memory").resolve(name), CGROUPS.resolve("cpu").resolve(name),
        CGROUPS.resolve("cpuacct").resolve(name), CGROUPS.resolve(name));
  }

  private static void assertGone(String name) {
    for (Path d : cgroupDirs(name)) {
      assertThat(d).as("cgroup left behind").doesNotExist();
    }
  }

  @Test
  void theExecutorIsInItsLimitedContainerFromItsFirstInstruction() throws Exception {
    ContainerLimits limits = new ContainerLimits(Optional.of(96L << 20), Optional.of(0.5));
    try (LocalAgent agent = agent(limits)) {
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c", "cat /proc/self/cgroup > cgroups; exec sleep 30"));
      String name = agent.containerName().orElseThrow();
      assertThat(name).startsWith("cook-executor-local-");
      Path listed = sandbox.resolve("cgroups");
      await().atMost(WAIT).until(() -> Files.exists(listed) && Files.size(listed) > 0);
      String cgroups = Files.readString(listed, StandardCharsets.US_ASCII);
      Path memory = CGROUPS.resolve("memory").resolve(name);
      if (Files.isDirectory(memory)) {
        assertThat(cgroups).containsPattern(":memory:/" + name + "\n")
            .containsPattern(":cpu(,cpuacct)?:/" + name + "\n").containsPattern(":(cpu,)?cpuacct:/" + name + "\n");
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).trim()).isEqualTo("100663296");
        assertThat(Files.readString(CGROUPS.resolve("cpu").resolve(name).resolve("cpu.cfs_quota_us")).trim())
            .isEqualTo("50000");
      } else {
        assertThat(cgroups).contains("0::/" + name + "\n");
        assertThat(Files.readString(CGROUPS.resolve(name).resolve("memory.max")).trim()).isEqualTo("100663296");
        assertThat(Files.readString(CGROUPS.resolve(name).resolve("cpu.max")).trim()).isEqualTo("50000 100000");
      }
      p.destroyForcibly();
      ContainerUsage usage = agent.awaitContainerEnd(WAIT).orElseThrow();
      assertThat(usage.memoryLimited()).isFalse();
      assertThat(usage.peakMemoryBytes()).isPositive();
      assertThat(usage.cpuNanos()).isPositive();
      assertGone(name);
    }
  }

  @Test
  void processesLeftWhenTheExecutorExitsAreKilledAndCounted() throws Exception {
    try (LocalAgent agent = agent(ContainerLimits.NONE)) {
      // setsid: out of the executor's session and process group, as a daemonising task would be.
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c",
          "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! > orphan; exit 0"));
      ContainerUsage usage = agent.awaitContainerEnd(WAIT).orElseThrow();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(usage.leftoverProcesses()).isEqualTo(1);
      long orphan = Long.parseLong(Files.readString(sandbox.resolve("orphan")).trim());
      await().atMost(WAIT).until(() -> ProcessHandle.of(orphan).map(h -> !h.isAlive()).orElse(true));
      assertGone(agent.containerName().orElseThrow());
      // Nothing was said to the scheduler: only the executor reports on its task.
      assertThat(agent.updates()).isEmpty();
    }
  }

  @Test
  void overItsMemoryLimitTheContainerIsDestroyedAndTheAgentFailsTheTask() throws Exception {
    ContainerLimits limits = new ContainerLimits(Optional.of(64L << 20), Optional.empty());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (LocalAgent agent = agent(limits)) {
      // The stand-in "executor" outlives its child, which touches 256 MB: only the agent can end this.
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c",
          "'" + java + "' -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseSerialGC -version; exec sleep 300"));
      ContainerUsage usage = agent.awaitContainerEnd(WAIT).orElseThrow();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(usage.memoryLimited()).isTrue();
      assertThat(usage.peakMemoryBytes()).isLessThanOrEqualTo(64L << 20);
      await().atMost(WAIT).until(() -> !agent.updates().isEmpty());
      TaskStatus failed = agent.updates().get(0);
      assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
      assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
      assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
      assertThat(failed.getMessage()).startsWith("Memory limit exceeded: Requested: 64MB Maximum Used: ");
      assertThat(failed.getLimitation().getResources(0).getName()).isEqualTo("mem");
      assertThat(failed.getTaskId().getValue()).isEqualTo(agent.taskId().getValue());
      assertGone(agent.containerName().orElseThrow());
    }
  }

  @Test
  void closingTheAgentDestroysARunningContainer() throws Exception {
    String name;
    Process p;
    try (LocalAgent agent = agent(ContainerLimits.NONE)) {
      p = agent.launchExecutor(List.of("/bin/sh", "-c", "sleep 300 & exec sleep 300"));
      name = agent.containerName().orElseThrow();
      await().atMost(WAIT).until(() -> p.descendants().count() > 0 || !p.isAlive());
    }
    assertThat(p.isAlive()).isFalse();
    assertGone(name);
  }
}
