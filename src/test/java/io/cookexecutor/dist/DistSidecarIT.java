package io.cookexecutor.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single file and the .deb also offer {@code cook-sidecar}, on the jlink'ed runtime, without Java. */
class DistSidecarIT {
  @TempDir Path tmp;

  /** The sidecar started under {@code name} with an exit sentinel already there: it serves, then stops. */
  private Dist.Result sidecar(Path launcher) throws Exception {
    return sidecar(List.of(launcher.toString()), Map.of());
  }

  private Dist.Result sidecar(List<String> command, Map<String, String> extraEnv) throws Exception {
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    Path sentinel = Files.createFile(tmp.resolve("exit-" + System.nanoTime()));
    Map<String, String> env = new HashMap<>(Dist.env(Dist.toolsWithoutJava(tmp), tmp, tmp.resolve("cache").toString()));
    env.put("COOK_WORKDIR", sandbox.toString());
    env.putAll(extraEnv);
    List<String> argv = new ArrayList<>(command);
    argv.addAll(List.of("--bind", "127.0.0.1", "--exit-sentinel-file-path", sentinel.toString(),
        "--file-server-port", "0"));
    return Dist.run(tmp, env, argv);
  }

  @Test
  void theSameFileRunsAsTheSidecarWhenNamedCookSidecar() throws Exception {
    Path artifact = Dist.artifact().toAbsolutePath();
    Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("bin")).resolve("cook-sidecar"),
        artifact);

    Dist.Result r = sidecar(link);

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("File server on 127.0.0.1:").contains("exit sentinel").contains("cook-sidecar stopped");
  }

  @Test
  void theSidecarRunsWithItsOwnJvmFlagsUnderEitherName() throws Exception {
    Path artifact = Dist.artifact().toAbsolutePath();
    Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("bin")).resolve("cook-sidecar"),
        artifact);
    Map<String, String> printFlags = Map.of("COOK_EXECUTOR_JAVA_OPTS", "-XX:+PrintFlagsFinal");

    for (List<String> command : List.of(List.of(link.toString()), List.of(artifact.toString(), "sidecar"))) {
      Dist.Result r = sidecar(command, printFlags);
      assertThat(r.exit()).as(r.stderr()).isZero();
      // bin/jvm-flags.sh, role "sidecar" on the bundled Java 25: a 16 MiB heap (a virtual thread per exchange
      // holds each slow client's buffers at once), the archive mapped where it was dumped.
      assertThat(r.stdout()).as("flags of %s", command).containsPattern("MaxHeapSize += 16777216 ")
          .containsPattern("ArchiveRelocationMode += 0 ");
    }
    Map<String, String> env = new HashMap<>(Dist.env(Dist.toolsWithoutJava(tmp), tmp, tmp.resolve("cache").toString()));
    env.putAll(printFlags);
    Dist.Result executor = Dist.run(tmp, env, List.of(artifact.toString(), "--version"));
    assertThat(executor.stdout()).as("the executor's own flags").containsPattern("MaxHeapSize += 67108864 ");
  }

  @Test
  void theDebianPackageLinksCookSidecar() throws Exception {
    Dist.artifact();
    Path deb;
    try (Stream<Path> s = Files.isDirectory(Path.of("dist")) ? Files.list(Path.of("dist")) : Stream.empty()) {
      List<Path> debs = s.filter(p -> p.getFileName().toString().matches("cook-executor_.*_amd64\\.deb")).toList();
      assumeTrue(debs.size() == 1, "no single dist/cook-executor_*_amd64.deb (build it with bin/build-deb.sh)");
      deb = debs.get(0).toAbsolutePath();
    }
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "no dpkg-deb here");
    Path root = tmp.resolve("deb");
    Dist.Result x = Dist.run(tmp, Map.of("PATH", "/usr/bin:/bin"), List.of("dpkg-deb", "-x", deb.toString(),
        root.toString()));
    assertThat(x.exit()).as(x.stderr()).isZero();
    assertThat(Files.readSymbolicLink(root.resolve("usr/bin/cook-sidecar")).toString())
        .isEqualTo("../../opt/cook-executor/cook-executor");

    Dist.Result r = sidecar(root.resolve("usr/bin/cook-sidecar"));
    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("File server on 127.0.0.1:");
  }
}
