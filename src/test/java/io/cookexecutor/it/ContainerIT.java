package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.local.container.CgroupSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local} with the real executor in a real container: limits, the memory limitation, the figures. */
class ContainerIT {
  private static final Path LAUNCHER = Path.of("bin/cook-executor").toAbsolutePath();
  @TempDir Path dir;

  /** One JSON object of the output. */
  record JsonNode(Struct s) {
    JsonNode path(String key) {
      Value v = s.getFieldsOrDefault(key, Value.getDefaultInstance());
      return new JsonNode(v.hasStructValue() ? v.getStructValue() : Struct.newBuilder().putFields("", v).build());
    }

    private Value value() {
      return s.getFieldsOrDefault("", Value.getDefaultInstance());
    }

    String asText() {
      return value().getStringValue();
    }

    long asLong() {
      return (long) value().getNumberValue();
    }

    int asInt() {
      return (int) value().getNumberValue();
    }

    boolean asBoolean() {
      return value().getBoolValue();
    }
  }

  /** The exit code and the JSON lines of one {@code local --json} run. */
  record Run(int exit, List<JsonNode> lines, String err) {
    JsonNode container() {
      return lines.stream().filter(l -> "container".equals(l.path("type").asText())).findFirst().orElseThrow();
    }

    List<JsonNode> statuses() {
      return lines.stream().filter(l -> "status".equals(l.path("type").asText())).toList();
    }
  }

  private Run local(List<String> prefix, String... args) throws Exception {
    List<String> argv = new ArrayList<>(prefix);
    argv.add(LAUNCHER.toString());
    argv.add("local");
    argv.add("--json");
    argv.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = new ProcessBuilder(argv).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("local did not finish");
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      Struct.Builder b = Struct.newBuilder();
      JsonFormat.parser().merge(line, b);
      lines.add(new JsonNode(b.build()));
    }
    return new Run(p.exitValue(), lines, Files.readString(err));
  }

  private static void assumeCgroups() {
    Assumptions.assumeTrue(CgroupSupport.detect().available(),
        "no writable cgroups here: " + CgroupSupport.detect().description());
  }

  private static void assertNoCgroupLeft(String name) {
    assertThat(name).startsWith("cook-executor-local-");
    for (String h : new String[] {"memory", "cpu", "cpuacct", ""}) {
      assertThat(Path.of("/sys/fs/cgroup", h, name)).as("cgroup left behind").doesNotExist();
    }
  }

  @Test
  void aTaskOverItsMemoryLimitEndsWithTheLimitationAndNoCgroupLeft() throws Exception {
    assumeCgroups();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Run run = local(List.of(), "--mem", "96MB", "--",
        "'" + java + "' -Xms400m -Xmx400m -XX:+AlwaysPreTouch -XX:+UseSerialGC -version");
    assertThat(run.exit()).isEqualTo(137);
    JsonNode container = run.container();
    assertThat(container.path("memory-limited").asBoolean()).isTrue();
    assertThat(container.path("peak-memory-bytes").asLong()).isLessThanOrEqualTo(96L << 20).isPositive();
    JsonNode terminal = run.statuses().get(run.statuses().size() - 1);
    assertThat(terminal.path("state").asText()).isEqualTo("TASK_FAILED");
    // The agent's limitation when it was first; else the executor's own report of the SIGKILL.
    if ("REASON_CONTAINER_LIMITATION_MEMORY".equals(terminal.path("reason").asText())) {
      assertThat(terminal.path("message").asText()).startsWith("Memory limit exceeded: Requested: 96MB");
    } else {
      assertThat(run.lines()).anySatisfy(l -> assertThat(l.path("data").path("exit-code").asInt()).isIn(137, -9));
    }
    assertNoCgroupLeft(container.path("name").asText());
  }

  @Test
  void anOrdinaryTaskReportsWhatItsContainerWasCharged() throws Exception {
    assumeCgroups();
    Run run = local(List.of(), "--cpus", "1", "--", "echo hi");
    assertThat(run.exit()).isZero();
    JsonNode container = run.container();
    // The executor's JVM alone is charged more than 8 MB and some CPU time.
    assertThat(container.path("peak-memory-bytes").asLong()).isGreaterThan(8L << 20);
    assertThat(container.path("cpu-ms").asLong()).isPositive();
    assertThat(container.path("memory-limited").asBoolean()).isFalse();
    assertThat(container.path("leftover-processes").asInt()).isZero();
    assertNoCgroupLeft(container.path("name").asText());
  }

  @Test
  void withoutCgroupsLocalSaysSoOnceAndRunsTheTaskUncontained() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && "root".equals(System.getProperty("user.name")),
        "needs root and setpriv to run local as an unprivileged user");
    List<String> nobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    List<String> probe = new ArrayList<>(nobody);
    probe.addAll(List.of("/bin/sh", "-c", "test -x \"$0\" && test -r \"$1\"", LAUNCHER.toString(),
        LAUNCHER.resolveSibling("../target/cook-executor.jar").normalize().toString()));
    Process readable = new ProcessBuilder(probe).start();
    Assumptions.assumeTrue(readable.waitFor(30, TimeUnit.SECONDS) && readable.exitValue() == 0,
        "this checkout is not readable by an unprivileged user");
    Run run = local(nobody,
        "--mem", "96MB", "--", "echo hi");
    assertThat(run.exit()).isZero();
    List<JsonNode> notes = run.lines().stream()
        .filter(l -> l.path("message").asText().startsWith("no containers here")).toList();
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).path("message").asText()).contains("root is needed", "unlimited");
    assertThat(run.lines()).noneMatch(l -> "container".equals(l.path("type").asText()));
    assertThat(run.statuses()).extracting(s -> s.path("state").asText()).contains("TASK_FINISHED");
  }
}
