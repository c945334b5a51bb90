package io.cookexecutor.local.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupSupportTest {
  @TempDir Path dir;

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
}
