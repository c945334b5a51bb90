package io.cookexecutor.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.progress.ProgressSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sidecar's variables: defaults, floors, the shared progress rules, and what is never shown. */
class SidecarConfigTest {
  private static final Path CWD = Path.of("/mnt/sidecar");

  private static SidecarConfig config(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return SidecarConfig.from(env, CWD, null);
  }

  @Test
  void defaultsMatchCooksSidecarAndTheExecutorsProgressTable() {
    SidecarConfig c = config();

    assertThat(c.workdir()).isEmpty();
    assertThat(c.schedulerRestUrl()).isEmpty();
    assertThat(c.progressUrl()).isEmpty();
    assertThat(c.maxReadLength()).isEqualTo(25_000_000);
    assertThat(c.maxPostAttempts()).isEqualTo(5);
    assertThat(c.postTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.progress()).isEqualTo(ExecutorConfig.from(Map.of(), CWD).progress());
    assertThat(c.progress().regex()).isEqualTo(ProgressSettings.DEFAULT_REGEX);
    assertThat(c.logLevel()).isEqualTo("INFO");
    assertThat(c.bindHost()).isEqualTo("0.0.0.0");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void workdirIsCookWorkdirElseCookSandbox() {
    assertThat(config("COOK_SANDBOX", "/sb").workdir()).contains(Path.of("/sb"));
    assertThat(config("COOK_SANDBOX", "/sb", "COOK_WORKDIR", "/wd").workdir()).contains(Path.of("/wd"));
    assertThat(config("COOK_WORKDIR", "rel").workdir()).contains(CWD.resolve("rel"));
  }

  @Test
  void anUnusableWorkdirGivesWayToCookSandboxWithAWarning() {
    SidecarConfig c = config("COOK_WORKDIR", "/bad\0wd", "COOK_SANDBOX", "/sb");

    assertThat(c.workdir()).contains(Path.of("/sb"));
    assertThat(c.warnings()).singleElement().asString()
        .startsWith("COOK_WORKDIR is \"/bad\0wd\", which is not a valid path")
        .endsWith("; using COOK_SANDBOX, if set.");
    assertThat(config("COOK_SANDBOX", "/bad\0sb").workdir()).isEmpty();
  }

  @Test
  void theSchedulersVariablesArriveAsInAPod() {
    SidecarConfig c = config("COOK_WORKDIR", "/mnt/sandbox", "COOK_JOB_UUID", "j1", "COOK_INSTANCE_UUID", "i1",
        "COOK_SCHEDULER_REST_URL", "http://cook.example:12321/",
        "PROGRESS_REGEX_STRING", "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)",
        "PROGRESS_SAMPLE_INTERVAL_MS", "300000");

    assertThat(c.progressUrl().orElseThrow()).hasToString("http://cook.example:12321/progress/i1");
    assertThat(c.progress().regex()).isEqualTo("progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)");
    assertThat(c.progress().sampleInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.progressOutputFile()).isEqualTo(Path.of("/mnt/sandbox/j1.progress"));
    assertThat(c.progressLocations()).containsExactly(Path.of("/mnt/sandbox/stdout"),
        Path.of("/mnt/sandbox/stderr"), Path.of("/mnt/sandbox/j1.progress"));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void theJobsProgressFileIsResolvedUnderTheWorkdirAsInExecutorMode() {
    SidecarConfig c = config("COOK_WORKDIR", "/mnt/sandbox", "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "MY_FILE",
        "MY_FILE", "out/p.txt");

    assertThat(c.progressOutputFileEnvName()).isEqualTo("MY_FILE");
    assertThat(c.progressOutputFile()).isEqualTo(Path.of("/mnt/sandbox/out/p.txt"));
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource({
    "PROGRESS_MAX_POST_ATTEMPTS, 0, 1",
    "PROGRESS_MAX_POST_ATTEMPTS, -3, 1",
    "PROGRESS_MAX_POST_ATTEMPTS, many, 5",
    "PROGRESS_MAX_POST_ATTEMPTS, 9, 9",
    "COOK_FILE_SERVER_MAX_READ_LENGTH, 0, 1",
    "COOK_FILE_SERVER_MAX_READ_LENGTH, x, 25000000",
    "COOK_FILE_SERVER_MAX_READ_LENGTH, 100, 100",
    "EXECUTOR_MAX_MESSAGE_LENGTH, 10, 64",
    "EXECUTOR_MAX_BYTES_READ_PER_LINE, 1, 128",
    "PROGRESS_SAMPLE_INTERVAL_MS, 5, 100",
  })
  void badAndLowValuesBecomeDefaultsAndFloorsWithAWarning(String name, String value, long expected) {
    SidecarConfig c = config(name, value);
    long actual = switch (name) {
      case "PROGRESS_MAX_POST_ATTEMPTS" -> c.maxPostAttempts();
      case "COOK_FILE_SERVER_MAX_READ_LENGTH" -> c.maxReadLength();
      case "EXECUTOR_MAX_MESSAGE_LENGTH" -> c.progress().maxMessageLength();
      case "EXECUTOR_MAX_BYTES_READ_PER_LINE" -> c.progress().maxBytesReadPerLine();
      default -> c.progress().sampleInterval().toMillis();
    };

    assertThat(actual).isEqualTo(expected);
    assertThat(c.warnings()).hasSize(String.valueOf(expected).equals(value) ? 0 : 1);
  }

  @Test
  void postTimeoutIsReadInSecondsWithAFloor() {
    assertThat(config("PROGRESS_MAX_POST_TIME_SECS", "2.5").postTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config("PROGRESS_MAX_POST_TIME_SECS", "0").postTimeout()).isEqualTo(Duration.ofMillis(100));
    SidecarConfig bad = config("PROGRESS_MAX_POST_TIME_SECS", "soon");
    assertThat(bad.postTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(bad.warnings()).hasSize(1);
  }

  @Test
  void aBadRestUrlDisablesReportingWithoutShowingTheValue() {
    SidecarConfig c = config("COOK_SCHEDULER_REST_URL", "ftp://secret-token@x", "COOK_INSTANCE_UUID", "i");

    assertThat(c.progressUrl()).isEmpty();
    assertThat(c.warnings()).singleElement().asString().doesNotContain("secret-token");
  }

  @Test
  void credentialsInTheRestUrlAreNeverDescribed() {
    SidecarConfig c = config("COOK_SCHEDULER_REST_URL", "https://user:s3cret@cook:443/api");

    assertThat(c.progressUrl()).isEmpty(); // no instance
    assertThat(String.join("\n", c.describe())).doesNotContain("s3cret").contains("https://<user>@cook:443/api");
    assertThat(c.toString()).as("a record's own toString would show it").doesNotContain("s3cret");
  }

  @Test
  void bindOptionWinsOverTheVariable() {
    assertThat(SidecarConfig.from(Map.of("COOK_SIDECAR_BIND", "127.0.0.2"), CWD, null).bindHost()).isEqualTo("127.0.0.2");
    assertThat(SidecarConfig.from(Map.of("COOK_SIDECAR_BIND", "127.0.0.2"), CWD, "127.0.0.1").bindHost())
        .isEqualTo("127.0.0.1");
    assertThat(config().bindAddress(80).getAddress().isAnyLocalAddress()).isTrue();
  }

  @Test
  void describeListsEveryVariableOnce() {
    List<String> lines = config("COOK_WORKDIR", "/w").describe();
    assertThat(lines).anyMatch(l -> l.equals("COOK_WORKDIR=/w"));
    assertThat(lines.stream().map(l -> l.substring(0, l.indexOf('='))).distinct().count()).isEqualTo(lines.size());
  }
}
