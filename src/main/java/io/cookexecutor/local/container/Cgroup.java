package io.cookexecutor.local.container;

import java.io.IOException;
import io.cookexecutor.text.Charsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One cgroup holding an executor and its task: on cgroup v1 a directory of the same name in each of the
 * memory, cpu and cpuacct hierarchies, on v2 one directory. Reads and writes the control files; owns no
 * thread and takes no decision.
 */
abstract class Cgroup {
  private final String name;

  Cgroup(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The directories of this cgroup, created by {@link CgroupSupport}. */
  abstract List<Path> directories();

  /** The files a process writes its pid to, to join (all of them, before it execs the executor). */
  final List<Path> procsFiles() {
    return directories().stream().map(d -> d.resolve("cgroup.procs")).toList();
  }

  abstract void applyLimits(ContainerLimits limits) throws IOException;

  abstract long peakMemoryBytes() throws IOException;

  abstract long cpuNanos() throws IOException;

  /** How many processes the kernel's OOM killer has killed in this cgroup; -1 when the kernel does not say. */
  abstract long oomKills() throws IOException;

  /** The memory directory of a v1 cgroup, for the OOM eventfd; empty on v2. */
  Optional<Path> v1MemoryDirectory() {
    return Optional.empty();
  }

  /** The processes in the cgroup now (across every hierarchy). */
  final Set<Long> pids() {
    Set<Long> pids = new LinkedHashSet<>();
    for (Path procs : procsFiles()) {
      try {
        for (String line : Files.readAllLines(procs, Charsets.US_ASCII)) {
          if (!line.isBlank()) {
            pids.add(Long.parseLong(line.trim()));
          }
        }
      } catch (NoSuchFileException gone) {
        // removed already
      } catch (IOException | NumberFormatException e) {
        // unreadable now: the next look will tell
      }
    }
    return pids;
  }

  /** Removes every directory that is empty; true when none is left. */
  final boolean remove() {
    boolean all = true;
    for (Path d : directories()) {
      try {
        Files.deleteIfExists(d);
      } catch (IOException busy) {
        all = false;
      }
    }
    return all;
  }

  final boolean exists() {
    return directories().stream().anyMatch(Files::isDirectory);
  }

  static void write(Path file, String value) throws IOException {
    Files.write(file, value.getBytes(Charsets.US_ASCII));
  }

  static long readLong(Path file) throws IOException {
    return Long.parseLong(Files.readString(file, Charsets.US_ASCII).trim());
  }

  /** The value of {@code key} in a flat-keyed file ({@code memory.events}, {@code cpu.stat}), or -1. */
  static long keyed(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file, Charsets.US_ASCII)) {
      int space = line.indexOf(' ');
      if (space > 0 && line.substring(0, space).equals(key)) {
        return Long.parseLong(line.substring(space + 1).trim());
      }
    }
    return -1;
  }
}
