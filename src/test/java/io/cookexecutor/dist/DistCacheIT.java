package io.cookexecutor.dist;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cookexecutor.local.agent.AgentSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unpack: once per payload into a private per-user cache, shared by later and concurrent executors,
 * never trusting what it did not write itself; the sandbox's {@code .cook-executor} when there is no
 * cache; a clear error for a damaged file.
 */
class DistCacheIT {
  @TempDir Path tmp;
  private Path artifact;
  private Path tools;
  private String payloadId;
  private String sha256;

  @BeforeEach
  void info() throws Exception {
    artifact = Dist.artifact();
    tools = Dist.toolsWithoutJava(tmp);
    Dist.Result info = Dist.run(tmp, Dist.env(tools, tmp, tmp.resolve("unused").toString()),
        List.of(artifact.toString(), "--dist-info"));
    assertThat(info.exit()).isZero();
    String[] words = info.stdout().lines().findFirst().orElseThrow().split(" ");
    payloadId = words[3];
    sha256 = words[5].replace(",", "");
    assertThat(sha256).hasSize(64);
  }

  private AgentSettings.Builder settings(String cache) {
    return AgentSettings.builder().executorEnv("PATH", tools.toString())
        .executorEnv("COOK_EXECUTOR_CACHE", cache).command("echo ran");
  }

  private DistRun finished(Path sandbox, AgentSettings.Builder settings) throws Exception {
    DistRun run = DistRun.start(artifact, sandbox, settings);
    try {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      return run;
    } finally {
      run.close();
    }
  }

  @Test
  void theFirstExecutorUnpacksIntoTheCacheAndLaterOnesReuseIt() throws Exception {
    Path cache = tmp.resolve("cache");
    finished(tmp.resolve("sandbox1"), settings(cache.toString()));
    assertThat(Dist.entries(cache)).containsExactly(payloadId);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    Path marker = cache.resolve(payloadId).resolve(".complete");
    assertThat(Files.readString(marker).strip()).isEqualTo(sha256);
    Object before = Files.readAttributes(cache.resolve(payloadId), BasicFileAttributes.class).fileKey();

    DistRun second = finished(tmp.resolve("sandbox2"), settings(cache.toString()));
    assertThat(Files.readAttributes(cache.resolve(payloadId), BasicFileAttributes.class).fileKey())
        .isEqualTo(before);
    assertThat(Dist.entries(tmp.resolve("sandbox2/.cook-executor"))).isEmpty();
    assertThat(second.sandboxFile("stderr")).isEmpty();
  }

  @Test
  void twoExecutorsUnpackingIntoOneCacheAtTheSameMomentBothRun() throws Exception {
    Path cache = tmp.resolve("cache");
    try (DistRun a = DistRun.start(artifact, tmp.resolve("a"), settings(cache.toString()));
        DistRun b = DistRun.start(artifact, tmp.resolve("b"), settings(cache.toString()))) {
      assertThat(a.awaitExit()).isZero();
      assertThat(b.awaitExit()).isZero();
      assertThat(a.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(b.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    }
    // One published entry, no temporary directory left, nothing nested inside by the loser.
    assertThat(Dist.entries(cache)).containsExactly(payloadId);
    assertThat(Dist.entries(cache.resolve(payloadId))).containsExactlyInAnyOrder(".complete", "app", "rt");
  }

  @Test
  void withoutACacheItUnpacksIntoTheSandbox() throws Exception {
    Path sandbox = tmp.resolve("sandbox");
    DistRun run = finished(sandbox, settings(""));
    assertThat(Files.readString(sandbox.resolve(".cook-executor").resolve(payloadId).resolve(".complete")).strip())
        .isEqualTo(sha256);
    assertThat(run.sandboxFile("stderr")).isEmpty();
  }

  @Test
  void aCacheOthersCanWriteIsNotUsed() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("open-cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxr-x"));
    DistRun run = finished(tmp.resolve("sandbox"), settings(cache.toString()));
    assertThat(run.sandboxFile("stderr")).contains("not using the cache " + cache);
    assertThat(Dist.entries(cache)).isEmpty();
    assertThat(Dist.entries(tmp.resolve("sandbox/.cook-executor"))).containsExactly(payloadId);
  }

  /** A complete-looking entry whose java would leave a trace: it must never run. */
  private Path plant(Path entry, boolean complete) throws IOException {
    Path java = Files.createDirectories(entry.resolve("rt/bin")).resolve("java");
    Path trace = tmp.resolve("planted-java-ran");
    Files.writeString(java, "#!/bin/sh\necho planted > " + trace + "\nexit 0\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(entry.resolve("app"));
    Files.writeString(entry.resolve("app/cook-executor.jar"), "not a jar");
    if (complete) {
      Files.writeString(entry.resolve(".complete"), sha256 + "\n");
    }
    return trace;
  }

  @Test
  void aHalfWrittenUnpackIsNeverUsed() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
    Path trace = plant(cache.resolve(payloadId), false); // killed before its marker was written
    // A killed unpacker's scratch directory: its process is gone, so nobody waits for it.
    Path scratch = Files.createDirectories(cache.resolve(".unpack-killed1"));
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Files.writeString(scratch.resolve(".unpacker"), gone.pid() + "\n");
    long started = System.nanoTime();
    finished(tmp.resolve("sandbox"), settings(cache.toString()));
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .as("no 15 s wait for a dead unpacker").isLessThan(java.time.Duration.ofSeconds(10));
    assertThat(trace).doesNotExist();
    assertThat(Files.readString(cache.resolve(payloadId).resolve(".complete")).strip()).isEqualTo(sha256);
    assertThat(Files.size(cache.resolve(payloadId).resolve("app/cook-executor.jar"))).isGreaterThan(1000);
  }

  @Test
  void aCacheOfAnotherUserIsNeverTrusted() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give files to another user");
    // The whole cache planted by someone else...
    Path foreign = Files.createDirectories(tmp.resolve("foreign-cache"));
    Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rwx------"));
    Path trace = plant(foreign.resolve(payloadId), true);
    chown(foreign);
    DistRun run = finished(tmp.resolve("sandbox1"), settings(foreign.toString()));
    assertThat(run.sandboxFile("stderr")).contains("not using the cache");
    assertThat(trace).doesNotExist();

    // ...or one complete-looking entry changed by someone else inside our own cache.
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
    plant(cache.resolve(payloadId), true);
    chown(cache.resolve(payloadId));
    finished(tmp.resolve("sandbox2"), settings(cache.toString()));
    assertThat(trace).doesNotExist();
    assertThat(Files.getOwner(cache.resolve(payloadId).resolve(".complete")).getName()).isEqualTo("root");
  }

  private void chown(Path p) throws Exception {
    Dist.Result r = Dist.run(tmp, Map.of("PATH", "/usr/bin:/bin"), List.of("chown", "-R", "65534:65534", p.toString()));
    assertThat(r.exit()).as(r.stderr()).isZero();
  }

  @Test
  void aTruncatedFileFailsClearlyAndUnpacksNothing() throws Exception {
    Path broken = tmp.resolve("cook-executor");
    Files.copy(artifact, broken);
    try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
      f.setLength(f.length() - 100_000);
    }
    Path cache = tmp.resolve("cache");
    Dist.Result r = Dist.run(tmp, Dist.env(tools, tmp, cache.toString()), List.of(broken.toString(), "--version"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.stderr()).contains("is truncated or corrupt").contains("fetch it again");
    assertThat(Dist.entries(cache)).isEmpty();
  }

  /** One flipped byte at a few places of the payload (a gzip block, a tar header, file data...). */
  @Test
  void aCorruptFileFailsClearlyEvenWithoutSha256sum() throws Exception {
    Path cache = tmp.resolve("cache");
    for (double where : new double[] {0.3, 0.5, 0.8}) {
      Path broken = corruptCopy(where);
      Dist.Result r = Dist.run(tmp, Dist.env(tools, tmp, cache.toString()), List.of(broken.toString(), "--version"));
      assertThat(r.exit()).isNotZero();
      assertThat(r.stderr()).contains("is corrupt").contains("sha256").contains("fetch it again");
      assertThat(Dist.entries(cache)).isEmpty();
    }
    // With no sha256sum on the PATH, gzip's own check catches it.
    Files.delete(tools.resolve("sha256sum"));
    for (double where : new double[] {0.3, 0.5, 0.8}) {
      Path broken = corruptCopy(where);
      Dist.Result r = Dist.run(tmp, Dist.env(tools, tmp, cache.toString()), List.of(broken.toString(), "--version"));
      assertThat(r.exit()).isNotZero();
      assertThat(r.stderr()).as("byte at %s flipped", where).contains("is corrupt").contains("fetch it again");
      assertThat(Dist.entries(cache)).isEmpty();
      assertThat(Dist.entries(tmp.resolve(".cook-executor"))).isEmpty();
    }
  }

  private Path corruptCopy(double where) throws IOException {
    Path broken = tmp.resolve("cook-executor");
    Files.copy(artifact, broken, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
      long at = (long) (f.length() * where);
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
    return broken;
  }

  @Test
  void aDamagedFileUnderTheAgentFailsTheExecutorWithTheReasonInStderr() throws Exception {
    Path broken = tmp.resolve("broken/cook-executor");
    Files.createDirectories(broken.getParent());
    Files.copy(artifact, broken);
    try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    try (DistRun run = DistRun.start(broken, tmp.resolve("sandbox"), settings(tmp.resolve("cache").toString()))) {
      assertThat(run.awaitExit()).isNotZero();
      assertThat(run.states()).isEmpty();
      assertThat(run.sandboxFile("stderr")).contains("is truncated or corrupt");
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
