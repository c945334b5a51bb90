package io.cookexecutor.local.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A cgroup v2 group: one directory with the memory and cpu controllers enabled by its parent. */
final class CgroupV2 extends Cgroup {
  private final Path dir;

  CgroupV2(String name, Path root) {
    super(name);
    this.dir = root.resolve(name);
  }

  @Override
  List<Path> directories() {
    return List.of(dir);
  }

  @Override
  void applyLimits(ContainerLimits limits) throws IOException {
    Optional<Long> mem = limits.effectiveMemoryBytes();
    if (mem.isPresent()) {
      write(dir.resolve("memory.max"), Long.toString(mem.get()));
      // No swapping around the limit, as a v1 agent without swap behaves.
      Path swap = dir.resolve("memory.swap.max");
      if (Files.exists(swap)) {
        write(swap, "0");
      }
    }
    Optional<Long> quota = limits.cfsQuotaMicros();
    if (quota.isPresent()) {
      write(dir.resolve("cpu.max"), quota.get() + " " + ContainerLimits.CFS_PERIOD_US);
    }
  }

  @Override
  long peakMemoryBytes() throws IOException {
    Path peak = dir.resolve("memory.peak"); // Linux 5.19 and later
    return Files.exists(peak) ? readLong(peak) : readLong(dir.resolve("memory.current"));
  }

  @Override
  long cpuNanos() throws IOException {
    return keyed(dir.resolve("cpu.stat"), "usage_usec") * 1000;
  }

  @Override
  long oomKills() throws IOException {
    return keyed(dir.resolve("memory.events"), "oom_kill");
  }

  /** Linux 5.14 and later: one write kills every process in the group. */
  boolean killAll() {
    Path kill = dir.resolve("cgroup.kill");
    if (!Files.exists(kill)) {
      return false;
    }
    try {
      write(kill, "1");
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
