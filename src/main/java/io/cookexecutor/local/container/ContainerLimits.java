package io.cookexecutor.local.container;

import java.util.Optional;

/**
 * What the embedded agent enforces on an executor's container, as the Mesos cgroups/mem and cgroups/cpu
 * isolators do from the task's resources: a hard memory limit (never below the agent's 32 MB floor) and a
 * CFS quota of {@code cpus} CPUs per 100 ms period. Empty means no limit.
 */
public record ContainerLimits(Optional<Long> memoryBytes, Optional<Double> cpus) {
  /** Mesos's MIN_MEMORY: the memory isolator never sets a limit below this. */
  public static final long MIN_MEMORY_BYTES = 32L << 20;
  /** Mesos's CPU_CFS_PERIOD, 100 ms. */
  public static final long CFS_PERIOD_US = 100_000;
  /** Mesos's MIN_CPU_CFS_QUOTA, 1 ms. */
  public static final long MIN_CFS_QUOTA_US = 1_000;

  /** No limits: the container only accounts. */
  public static final ContainerLimits NONE = new ContainerLimits(Optional.empty(), Optional.empty());

  public ContainerLimits {
    if (memoryBytes.filter(m -> m <= 0).isPresent()) {
      throw new IllegalArgumentException("memory limit must be positive");
    }
    if (cpus.filter(c -> !(c > 0) || c.isInfinite()).isPresent()) {
      throw new IllegalArgumentException("cpus must be a positive number");
    }
  }

  /** The value written to {@code memory.limit_in_bytes} ({@code memory.max}), floor applied. */
  public Optional<Long> effectiveMemoryBytes() {
    return memoryBytes.map(m -> Math.max(m, MIN_MEMORY_BYTES));
  }

  /** The CFS quota in microseconds per {@link #CFS_PERIOD_US}, floor applied. */
  public Optional<Long> cfsQuotaMicros() {
    return cpus.map(c -> Math.max((long) (c * CFS_PERIOD_US), MIN_CFS_QUOTA_US));
  }
}
