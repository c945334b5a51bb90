package io.cookexecutor.local.container;

/**
 * What a container was charged over its life, read just before it was removed.
 *
 * @param peakMemoryBytes the memory high-water mark (page cache the container touched included)
 * @param cpuNanos CPU time charged to the container (user and system, every process in it)
 * @param memoryLimited whether the kernel killed a process in it for exceeding its memory limit
 * @param leftoverProcesses processes still in the container after the executor exited (killed)
 */
public record ContainerUsage(long peakMemoryBytes, long cpuNanos, boolean memoryLimited, int leftoverProcesses) {}
