package io.cookexecutor.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file as shipped: the "done" scenario on a machine with no Java on the PATH, the portability check,
 * the install script and the Debian package (extracted and run, never installed here).
 */
class DistPackagingIT {
  private static final String HELLO = "echo hi";

  @TempDir Path tmp;

  /** {@code cook-executor local --executor-uri ... --executor-command ... -- COMMAND} with only {@code env}. */
  private Dist.Result local(Path launcher, Path artifact, Map<String, String> env) throws Exception {
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    return Dist.run(tmp, env, List.of(launcher.toString(), "local", "--sandbox", sandbox.toString(),
        "--executor-uri", artifact.toString(), "--executor-command", DistRun.COMMAND, "--", HELLO));
  }

  @Test
  void theLocalCommandRunsATaskOnAMachineWithoutJava() throws Exception {
    Path tools = Dist.toolsWithoutJava(tmp);
    assertThat(tools.resolve("java")).doesNotExist();
    Path home = Files.createDirectories(tmp.resolve("home"));
    // env -i: PATH and HOME only; the default cache is then $HOME/.cache/cook-executor.
    Dist.Result r = local(Dist.artifact(), Dist.artifact(), Dist.env(tools, home, null));
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("TASK_RUNNING").contains("TASK_FINISHED")
        .contains("executor exited with 0; task exit code 0");
    assertThat(Files.readString(tmp.resolve("sandbox/stdout"))).contains("hi\n");
    assertThat(Dist.entries(home.resolve(".cache/cook-executor"))).hasSize(1);
  }

  @Test
  void everyNativeFileNeedsAtMostGlibc217() throws Exception {
    Path artifact = Dist.artifact();
    Dist.Result r = Dist.run(tmp, Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()),
        List.of(Path.of("bin/check-portability.sh").toAbsolutePath().toString(), artifact.toString()));
    assumeTrue(r.exit() != 2, "no objdump/readelf here: " + r.stderr());
    assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("rt/lib/server/libjvm.so").contains("app/native/libcook-posix.so")
        .contains("check-portability: ok");
  }

  @Test
  void installPutsItOnThePath() throws Exception {
    Path artifact = Dist.artifact();
    Path prefix = tmp.resolve("prefix");
    Dist.Result r = Dist.run(tmp, Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()),
        List.of(Path.of("bin/install.sh").toAbsolutePath().toString(), "--prefix", prefix.toString(),
            "--artifact", artifact.toString()));
    assertThat(r.exit()).as(r.stderr()).isZero();
    Path tools = Dist.toolsWithoutJava(tmp);
    Map<String, String> env = Dist.env(tools, tmp, tmp.resolve("cache").toString());
    env.put("PATH", prefix.resolve("bin") + ":" + tools);
    Dist.Result version = Dist.run(tmp, env, List.of("sh", "-c", "cook-executor --version"));
    assertThat(version.exit()).as(version.stderr()).isZero();
    assertThat(version.stdout()).startsWith("cook-executor ");
  }

  /** The development build: same stub and cache, the installed JDK runs the jars. */
  @Test
  void theLocalBuildRunsOnTheInstalledJdkAndSaysSoWithoutOne() throws Exception {
    Path local = Path.of(System.getProperty("cook.executor.dist", "dist/cook-executor")).toAbsolutePath()
        .resolveSibling("cook-executor-local");
    assumeTrue(Files.isExecutable(local), "no " + local + " (build it with bin/build-local.sh)");
    Map<String, String> env = Dist.env(Path.of("/usr/bin:/bin"), tmp, tmp.resolve("cache").toString());
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    Dist.Result r = Dist.run(tmp, env, List.of(local.toString(), "local", "--sandbox", sandbox.toString(),
        "--", HELLO));
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("TASK_FINISHED");

    Dist.Result none = Dist.run(tmp, Dist.env(Dist.toolsWithoutJava(tmp), tmp, tmp.resolve("cache").toString()),
        List.of(local.toString(), "--version"));
    assertThat(none.exit()).isNotZero();
    assertThat(none.stderr()).contains("no Java found");
  }

  @Test
  void theDebianPackageHoldsAWorkingExecutable() throws Exception {
    Dist.artifact();
    List<Path> debs = new ArrayList<>();
    if (Files.isDirectory(Path.of("dist"))) {
      try (Stream<Path> s = Files.list(Path.of("dist"))) {
        s.filter(p -> p.getFileName().toString().matches("cook-executor_.*_amd64\\.deb")).forEach(debs::add);
      }
    }
    assumeTrue(debs.size() == 1, "no single dist/cook-executor_*_amd64.deb (build it with bin/build-deb.sh)");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "no dpkg-deb here");
    Path root = tmp.resolve("deb");
    Dist.Result x = Dist.run(tmp, Map.of("PATH", "/usr/bin:/bin"),
        List.of("dpkg-deb", "-x", debs.get(0).toAbsolutePath().toString(), root.toString()));
    assertThat(x.exit()).as(x.stderr()).isZero();
    assertThat(root.resolve("opt/cook-executor/cook-executor")).isExecutable();
    assertThat(Files.readSymbolicLink(root.resolve("usr/bin/cook-executor")).toString())
        .isEqualTo("../../opt/cook-executor/cook-executor");
    Path tools = Dist.toolsWithoutJava(tmp);
    Dist.Result r = local(root.resolve("usr/bin/cook-executor"), root.resolve("opt/cook-executor/cook-executor"), Dist.env(tools, tmp, tmp.resolve("cache").toString()));
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("TASK_FINISHED");
  }
}
