package io.cookexecutor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stub's own rules: a bounded wait for another unpacker, and JVM options taken as words, never globs. */
class DistStubIT {
  @TempDir Path tmp;

  @Test
  void theWaitForAnotherUnpackerStaysBoundedWhereSleepTakesNoFractions() throws Exception {
    Path artifact = Dist.artifact();
    Path tools = Dist.toolsWithoutJava(tmp);
    // An old busybox sleep: refuses 0.1, and here returns at once for whole seconds, logging each call.
    Path log = tmp.resolve("sleeps");
    Files.delete(tools.resolve("sleep"));
    Files.writeString(tools.resolve("sleep"), "#!/bin/sh\necho \"$1\" >> '" + log + "'\n"
        + "case $1 in *.*) exit 1 ;; esac\nexit 0\n");
    tools.resolve("sleep").toFile().setExecutable(true);
    Path cache = Files.createDirectory(tmp.resolve("cache"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    // Another executor, alive, that never finishes its unpack.
    Process other = new ProcessBuilder("sleep", "300").start();
    try {
      Path scratch = Files.createDirectory(cache.resolve(".unpack-other"));
      Files.writeString(scratch.resolve(".unpacker"), other.pid() + "\n");
      Dist.Result r = Dist.run(tmp, Dist.env(tools, tmp, cache.toString()), List.of(artifact.toString(), "--version"));
      assertThat(r.exit()).as(r.stderr()).isZero();
      assertThat(r.stdout()).startsWith("cook-executor ");
      List<String> sleeps = Files.readAllLines(log);
      long whole = sleeps.stream().filter("1"::equals).count();
      // 15 s in whole seconds (not 150 of them), after the one try of a fraction.
      assertThat(whole).isEqualTo(15);
      assertThat(sleeps.stream().filter("0.1"::equals).count()).isEqualTo(1);
    } finally {
      Dist.kill(other);
    }
  }

  @Test
  void javaOptionsAreWordsNotGlobsInTheDistribution() throws Exception {
    Path artifact = Dist.artifact();
    Path tools = Dist.toolsWithoutJava(tmp);
    assertOptionsNotGlobbed(List.of(artifact.toString(), "--version"), Dist.env(tools, tmp, tmp.resolve("c").toString()));
  }

  @Test
  void javaOptionsAreWordsNotGlobsInTheLauncher() throws Exception {
    Map<String, String> env = new java.util.LinkedHashMap<>(System.getenv());
    assertOptionsNotGlobbed(List.of(Path.of("bin/cook-executor").toAbsolutePath().toString(), "--version"), env);
  }

  private void assertOptionsNotGlobbed(List<String> argv, Map<String, String> env) throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    Files.createFile(cwd.resolve("-Dcook.glob=expanded"));
    Map<String, String> withOpts = new java.util.LinkedHashMap<>(env);
    withOpts.put("COOK_EXECUTOR_JAVA_OPTS", "-Dcook.glob=* -XshowSettings:properties");
    Dist.Result r = Dist.run(cwd, withOpts, argv);
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("cook.glob = *").doesNotContain("cook.glob = expanded");
  }
}
