package io.cookexecutor.dist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The single-file build under test ({@code dist/cook-executor}, made by {@code bin/build-dist.sh}) and
 * ways to run it. Tests using it are skipped, not failed, when it has not been built.
 */
final class Dist {
  static final Duration WAIT = Duration.ofSeconds(60);

  private Dist() {}

  /** The artifact; skips the calling test when it does not exist. */
  static Path artifact() {
    Path p = Path.of(System.getProperty("cook.executor.dist", "dist/cook-executor")).toAbsolutePath();
    assumeTrue(Files.isExecutable(p), "no " + p + " (build it with bin/build-dist.sh)");
    return p;
  }

  /** What a finished process printed. */
  record Result(int exit, String stdout, String stderr) {}

  /**
   * Runs {@code argv} in {@code dir} with exactly {@code env} (nothing inherited), bounded by {@link #WAIT};
   * the process and its descendants are killed if it overruns.
   */
  static Result run(Path dir, Map<String, String> env, List<String> argv) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out-", ".txt");
    Path err = Files.createTempFile(dir, "err-", ".txt");
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(argv + " did not finish within " + WAIT.toSeconds() + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      kill(p);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A minimal environment: PATH without Java, a private HOME, the given cache. */
  static Map<String, String> env(Path bin, Path home, String cache) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", bin.toString());
    env.put("HOME", home.toString());
    if (cache != null) {
      env.put("COOK_EXECUTOR_CACHE", cache);
    }
    return env;
  }

  /**
   * A directory of links to the few tools an agent has (sh, mkdir, tar, gzip...): a PATH on which there
   * is no {@code java}, as on an agent with no Java installed.
   */
  static Path toolsWithoutJava(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("sh", "mkdir", "ls", "mv", "rm", "tail", "head", "gzip", "tar", "wc", "sha256sum",
        "mktemp", "chmod", "find", "id", "cat", "echo", "sleep", "dirname", "readlink", "env", "true")) {
      for (String d : List.of("/usr/bin", "/bin")) {
        Path tool0 = Path.of(d, tool);
        if (Files.isExecutable(tool0) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), tool0);
        }
      }
    }
    return bin;
  }

  static void kill(Process p) {
    List<ProcessHandle> all = new ArrayList<>();
    p.descendants().forEach(all::add);
    all.add(p.toHandle());
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // SIGKILL sent: nothing more to do.
      }
    }
  }

  /** Entries of a cache directory (the unpacked payloads), without the temporary ones. */
  static List<String> entries(Path cache) throws IOException {
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(cache)) {
      try (var s = Files.list(cache)) {
        s.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    names.sort(null);
    return names;
  }
}
