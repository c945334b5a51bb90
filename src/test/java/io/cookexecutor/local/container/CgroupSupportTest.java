package io.cookexecutor.local.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which cgroups the embedded agent can use, and the cgroup v2 path on a fake tree in a temporary directory
 * (files as the kernel lays them out), since the machines that run the tests mount cgroup v1.
 */
class CgroupSupportTest {
  @TempDir Path dir;

  /** A v2 group directory with the interface files the kernel would create in it. */
  private Path v2Group(String name) throws Exception {
    Path g = Files.createDirectory(dir.resolve(name));
    for (String f : new String[] {"cgroup.procs", "memory.max", "memory.swap.max", "cpu.max"}) {
      Files.writeString(g.resolve(f), "");
    }
    return g;
  }

  @Test
  void aDirectoryWithoutCgroupHierarchiesOffersNoContainersAndSaysWhy() throws Exception {
    CgroupSupport none = CgroupSupport.probe(dir);
    assertThat(none.available()).isFalse();
    assertThat(none.description()).contains("no cgroup v1 memory, cpu and cpuacct hierarchies", dir.toString());
    Files.createDirectories(dir.resolve("memory"));
    assertThat(CgroupSupport.probe(dir).available()).isFalse();
  }

  @Test
  void aV2RootWithoutTheMemoryControllerIsRefused() throws Exception {
    Files.writeString(dir.resolve("cgroup.controllers"), "cpu io pids\n");
    CgroupSupport v2 = CgroupSupport.probe(dir);
    assertThat(v2.available()).isFalse();
    assertThat(v2.description()).contains("lacks the memory or cpu controller");
  }

  @Test
  void aV2RootWithBothControllersHasThemEnabledForItsChildrenAndLeavesNoProbeGroupBehind() throws Exception {
    Files.writeString(dir.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Files.writeString(dir.resolve("cgroup.subtree_control"), "io\n");
    CgroupSupport v2 = CgroupSupport.probe(dir);

    assertThat(Files.readString(dir.resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu");
    // A temporary directory has no kernel to create cgroup.procs in the probe group: refused, and said so.
    assertThat(v2.available()).isFalse();
    assertThat(v2.description()).contains("cgroup.procs is not writable");
    try (var left = Files.list(dir)) {
      assertThat(left.filter(Files::isDirectory)).as("the probe group is removed").isEmpty();
    }
  }

  @Test
  void aV2GroupGetsMemoryMaxWithoutSwapAndTheCpuQuotaOverTheCfsPeriod() throws Exception {
    Path g = v2Group("task");
    new CgroupV2("task", dir).applyLimits(new ContainerLimits(Optional.of(256L << 20), Optional.of(0.5)));

    assertThat(Files.readString(g.resolve("memory.max"))).isEqualTo(Long.toString(256L << 20));
    assertThat(Files.readString(g.resolve("memory.swap.max"))).isEqualTo("0");
    assertThat(Files.readString(g.resolve("cpu.max"))).isEqualTo("50000 100000");
  }

  @Test
  void aV2GroupBelowTheFloorsGetsMesossMinimumMemoryAndQuota() throws Exception {
    Path g = v2Group("small");
    new CgroupV2("small", dir).applyLimits(new ContainerLimits(Optional.of(1L << 20), Optional.of(0.001)));

    assertThat(Files.readString(g.resolve("memory.max"))).isEqualTo(Long.toString(32L << 20));
    assertThat(Files.readString(g.resolve("cpu.max"))).isEqualTo("1000 100000");
  }

  @Test
  void aV2GroupReportsPeakMemoryCpuAndOomKillsFromTheKernelsFiles() throws Exception {
    Path g = v2Group("used");
    Files.writeString(g.resolve("memory.current"), "1000\n");
    Files.writeString(g.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
    Files.writeString(g.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    CgroupV2 group = new CgroupV2("used", dir);

    assertThat(group.peakMemoryBytes()).as("memory.current where the kernel has no memory.peak").isEqualTo(1000);
    Files.writeString(g.resolve("memory.peak"), "4096\n");
    assertThat(group.peakMemoryBytes()).isEqualTo(4096);
    assertThat(group.cpuNanos()).isEqualTo(2_500_000);
    assertThat(group.oomKills()).isEqualTo(1);
    assertThat(group.v1MemoryDirectory()).isEmpty();
  }

  @Test
  void aV2GroupIsKilledWholeThroughCgroupKillWhereTheKernelHasIt() throws Exception {
    Path g = v2Group("doomed");
    CgroupV2 group = new CgroupV2("doomed", dir);
    assertThat(group.killAll()).as("before Linux 5.14 there is no cgroup.kill").isFalse();
    Files.writeString(g.resolve("cgroup.kill"), "");

    assertThat(group.killAll()).isTrue();
    assertThat(Files.readString(g.resolve("cgroup.kill"))).isEqualTo("1");
  }
}
