package io.cookexecutor.local.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A cgroup v1 group: the same name under the memory, cpu and cpuacct hierarchies (one dir when co-mounted). */
final class CgroupV1 extends Cgroup {
  private final Path memory;
  private final Path cpu;
  private final Path cpuacct;

  CgroupV1(String name, Path memoryRoot, Path cpuRoot, Path cpuacctRoot) {
    super(name);
    this.memory = memoryRoot.resolve(name);
    this.cpu = cpuRoot.resolve(name);
    this.cpuacct = cpuacctRoot.resolve(name);
  }

  @Override
  List<Path> directories() {
    return List.of(memory, cpu, cpuacct).stream().distinct().toList();
  }

  @Override
  void applyLimits(ContainerLimits limits) throws IOException {
    Optional<Long> mem = limits.effectiveMemoryBytes();
    if (mem.isPresent()) {
      // The soft limit too, as the Mesos memory isolator sets both.
      write(memory.resolve("memory.soft_limit_in_bytes"), Long.toString(mem.get()));
      write(memory.resolve("memory.limit_in_bytes"), Long.toString(mem.get()));
    }
    Optional<Long> quota = limits.cfsQuotaMicros();
    if (quota.isPresent()) {
      write(cpu.resolve("cpu.cfs_period_us"), Long.toString(ContainerLimits.CFS_PERIOD_US));
      write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota.get()));
    }
  }

  @Override
  long peakMemoryBytes() throws IOException {
    return readLong(memory.resolve("memory.max_usage_in_bytes"));
  }

  @Override
  long cpuNanos() throws IOException {
    return readLong(cpuacct.resolve("cpuacct.usage"));
  }

  @Override
  long oomKills() throws IOException {
    Path control = memory.resolve("memory.oom_control");
    return Files.exists(control) ? keyed(control, "oom_kill") : -1;
  }

  @Override
  Optional<Path> v1MemoryDirectory() {
    return Optional.of(memory);
  }
}
