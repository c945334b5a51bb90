package io.cookexecutor.local.container;

import java.io.IOException;
import io.cookexecutor.text.Charsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Whether this machine lets the embedded agent make containers, and where: cgroup v1 with writable memory,
 * cpu and cpuacct hierarchies (each its own mount, or cpu,cpuacct co-mounted), else cgroup v2 with the
 * memory and cpu controllers. Found out once per process by creating and removing a probe group.
 */
public final class CgroupSupport {
  private static final Path MOUNT = Path.of("/sys/fs/cgroup");

  private final String description;
  private final Path v1Memory;
  private final Path v1Cpu;
  private final Path v1Cpuacct;
  private final Path v2Root;

  private CgroupSupport(String description, Path v1Memory, Path v1Cpu, Path v1Cpuacct, Path v2Root) {
    this.description = description;
    this.v1Memory = v1Memory;
    this.v1Cpu = v1Cpu;
    this.v1Cpuacct = v1Cpuacct;
    this.v2Root = v2Root;
  }

  /** Probed when first asked for (the JVM initialises a class once, lazily). */
  private static final class Here {
    static final CgroupSupport SUPPORT = probe(MOUNT);
  }

  /** This machine's support, probed at the first call. */
  public static CgroupSupport detect() {
    return Here.SUPPORT;
  }

  public boolean available() {
    return v1Memory != null || v2Root != null;
  }

  /** What is used ({@code cgroup v1 (memory, cpu, cpuacct)}), or why nothing can be. */
  public String description() {
    return description;
  }

  /** A new cgroup named {@code name} with {@code limits} applied; nothing is left behind when it fails. */
  Cgroup create(String name, ContainerLimits limits) throws IOException {
    if (!available()) {
      throw new IOException("no cgroup support: " + description);
    }
    Cgroup group = v1Memory != null ? new CgroupV1(name, v1Memory, v1Cpu, v1Cpuacct) : new CgroupV2(name, v2Root);
    try {
      for (Path d : group.directories()) {
        Files.createDirectory(d);
      }
      group.applyLimits(limits);
      return group;
    } catch (IOException | RuntimeException e) {
      group.remove();
      throw e;
    }
  }

  static CgroupSupport probe(Path mount) {
    Path memory = mount.resolve("memory");
    Path cpu = mount.resolve("cpu");
    Path cpuacct = mount.resolve("cpuacct");
    String why;
    if (isHierarchy(memory) && isHierarchy(cpu) && isHierarchy(cpuacct)) {
      try {
        CgroupSupport v1 = new CgroupSupport("cgroup v1 (memory, cpu, cpuacct)", memory.toRealPath(),
            cpu.toRealPath(), cpuacct.toRealPath(), null);
        why = v1.tryProbe();
        if (why == null) {
          return v1;
        }
      } catch (IOException e) {
        why = e.toString();
      }
    } else if (Files.isRegularFile(mount.resolve("cgroup.controllers"))) {
      why = v2Problem(mount);
      if (why == null) {
        CgroupSupport v2 = new CgroupSupport("cgroup v2 (memory, cpu)", null, null, null, mount);
        why = v2.tryProbe();
        if (why == null) {
          return v2;
        }
      }
    } else {
      why = "no cgroup v1 memory, cpu and cpuacct hierarchies and no cgroup v2 under " + mount;
    }
    return new CgroupSupport(why, null, null, null, null);
  }

  private static boolean isHierarchy(Path dir) {
    return Files.isRegularFile(dir.resolve("cgroup.procs"));
  }

  /** Null when the v2 root offers memory and cpu to its children (enabling them if need be). */
  private static String v2Problem(Path root) {
    try {
      List<String> have = words(root.resolve("cgroup.controllers"));
      if (!have.contains("memory") || !have.contains("cpu")) {
        return "cgroup v2 at " + root + " lacks the memory or cpu controller";
      }
      Path subtree = root.resolve("cgroup.subtree_control");
      if (!words(subtree).containsAll(List.of("memory", "cpu"))) {
        Cgroup.write(subtree, "+memory +cpu");
      }
      return null;
    } catch (IOException e) {
      return "cgroup v2 at " + root + " is not writable here (" + e.getMessage() + ")";
    }
  }

  private static List<String> words(Path file) throws IOException {
    return List.of(Files.readString(file, Charsets.US_ASCII).trim().split("\\s+"));
  }

  /** Null when a group can be created, limited and removed here; else why not. */
  private String tryProbe() {
    String name = "cook-executor-probe-" + UUID.randomUUID().toString().substring(0, 8);
    Cgroup g = null;
    try {
      g = create(name, ContainerLimits.NONE);
      for (Path procs : g.procsFiles()) {
        if (!Files.isWritable(procs)) {
          return procs + " is not writable";
        }
      }
      return null;
    } catch (java.nio.file.AccessDeniedException e) {
      return "no permission to create cgroups in " + Path.of(e.getFile()).getParent() + " (root is needed)";
    } catch (IOException | RuntimeException e) {
      return "cannot create a cgroup (" + e + ")";
    } finally {
      if (g != null) {
        g.remove();
      }
    }
  }
}
