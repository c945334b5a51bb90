package io.cookexecutor.config;

import static io.cookexecutor.config.Env.WORKING_DIRECTORY;
import static io.cookexecutor.config.Env.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutorConfigTest {

  @Test
  void anEmptyEnvironmentGivesEveryDefaultWithoutWarnings() {
    ExecutorConfig c = config();

    assertThat(c.warnings()).isEmpty();
    assertThat(c.frameworkId()).isNull();
    assertThat(c.executorId()).isNull();
    assertThat(c.agentEndpoint()).isNull();
    assertThat(c.sandbox()).isEqualTo(WORKING_DIRECTORY);
    assertThat(c.hostSandboxDirectory()).isEmpty();
    assertThat(c.checkpoint()).isFalse();
    assertThat(c.recoveryTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.subscriptionBackoffMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.authenticationToken()).isEmpty();
    assertThat(c.jsonEncoding()).isFalse();
    assertThat(c.logLevel()).isEqualTo("INFO");
    assertThat(c.progress().maxMessageLength()).isEqualTo(512);
    assertThat(c.progress().maxBytesReadPerLine()).isEqualTo(4096);
    assertThat(c.memoryUsageInterval()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(c.progress().regex()).isEqualTo("progress: ([0-9]*\\.?[0-9]+), (.*)");
    assertThat(c.progress().sampleInterval()).isEqualTo(Duration.ofMillis(1000));
    assertThat(c.progressOutputFileEnvName()).isEqualTo("EXECUTOR_PROGRESS_OUTPUT_FILE");
    assertThat(c.progressOutputFile()).isEqualTo(Path.of("/work/dir/executor.progress"));
    assertThat(c.resetVars()).isEmpty();
    assertThat(c.testExitCode()).isEmpty();
    assertThat(c.sslEnabled()).isFalse();
    assertThat(c.tlsOptions()).isEqualTo(
        new TlsOptions(Optional.empty(), Optional.empty(), true, Optional.empty(), Optional.empty()));
  }

  @Test
  void readsTheMesosIdentity() {
    ExecutorConfig c =
        config(
            "MESOS_FRAMEWORK_ID", "fw-1",
            "MESOS_EXECUTOR_ID", "exec-1",
            "MESOS_AGENT_ENDPOINT", "10.0.0.1:5051",
            "MESOS_DIRECTORY", "/var/lib/mesos/slaves/s1/sandbox");

    assertThat(c.frameworkId()).isEqualTo("fw-1");
    assertThat(c.executorId()).isEqualTo("exec-1");
    assertThat(c.agentEndpoint()).isEqualTo("10.0.0.1:5051");
    assertThat(c.hostSandboxDirectory()).isEqualTo("/var/lib/mesos/slaves/s1/sandbox");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void treatsEmptyIdsAsUnset() {
    ExecutorConfig c =
        config("MESOS_FRAMEWORK_ID", "", "MESOS_EXECUTOR_ID", "", "MESOS_AGENT_ENDPOINT", "");

    assertThat(c.frameworkId()).isNull();
    assertThat(c.executorId()).isNull();
    assertThat(c.agentEndpoint()).isNull();
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "MESOS_SANDBOX [{0}] is {1}")
  @CsvSource({
    "/mnt/sandbox, /mnt/sandbox",
    "/mnt/./a/../sandbox/, /mnt/sandbox",
    "sub/dir, /work/dir/sub/dir",
    "., /work/dir",
    "../other, /work/other",
    "'', /work/dir",
  })
  void resolvesTheSandboxAgainstTheWorkingDirectory(String value, String expected) {
    ExecutorConfig c = config("MESOS_SANDBOX", value);

    assertThat(c.sandbox()).isEqualTo(Path.of(expected));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void makesARelativeWorkingDirectoryAbsolute() {
    ExecutorConfig c = ExecutorConfig.from(Map.of(), Path.of("relative"));

    assertThat(c.sandbox()).isEqualTo(Path.of("relative").toAbsolutePath().normalize());
    assertThat(c.progressOutputFile()).isEqualTo(c.sandbox().resolve("executor.progress"));
  }

  @Test
  void fallsBackToTheWorkingDirectoryForAnUnusableSandboxPath() {
    ExecutorConfig c = config("MESOS_SANDBOX", "/bad\0path");

    assertThat(c.sandbox()).isEqualTo(WORKING_DIRECTORY);
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .startsWith("MESOS_SANDBOX is \"/bad\0path\", which is not a valid path")
        .endsWith("; using the working directory.");
  }

  @ParameterizedTest(name = "MESOS_CHECKPOINT [{0}] is {1}, warning: {2}")
  @CsvSource({
    "1, true, false",
    "' 1 ', true, false",
    "0, false, false",
    "true, false, true",
    "'', false, true",
    "2, false, true",
  })
  void checkpointsOnlyOnOne(String value, boolean expected, boolean warns) {
    ExecutorConfig c = config("MESOS_CHECKPOINT", value);

    assertThat(c.checkpoint()).isEqualTo(expected);
    assertThat(c.warnings()).hasSize(warns ? 1 : 0);
  }

  static Stream<Arguments> durationVariables() {
    return Stream.of(
        Arguments.of("MESOS_RECOVERY_TIMEOUT", accessor(ExecutorConfig::recoveryTimeout), "15mins"),
        Arguments.of(
            "MESOS_SUBSCRIPTION_BACKOFF_MAX",
            accessor(ExecutorConfig::subscriptionBackoffMax),
            "2secs"),
        Arguments.of(
            "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD",
            accessor(ExecutorConfig::shutdownGracePeriod),
            "2secs"));
  }

  static Stream<Arguments> badDurations() {
    return durationVariables()
        .flatMap(
            v ->
                Stream.of("", "5", "secs", "-1secs", "1.2.3secs", "5 secs", "1e3ms", "3 mins")
                    .map(bad -> Arguments.of(v.get()[0], v.get()[1], v.get()[2], bad)));
  }

  @ParameterizedTest(name = "{0}={3} falls back to {2}")
  @MethodSource("badDurations")
  void replacesABadDurationByTheDefaultWithAWarning(
      String name, Function<ExecutorConfig, Duration> get, String defaultText, String bad) {
    ExecutorConfig c = config(name, bad);

    assertThat(get.apply(c)).isEqualTo(MesosDuration.parse(defaultText).orElseThrow());
    assertThat(c.warnings())
        .containsExactly(
            name + " is \"" + bad + "\", which is not a Mesos duration such as 250ms, 1.5secs or"
                + " 15mins; using the default " + defaultText + ".");
  }

  @ParameterizedTest(name = "{0} takes a valid duration")
  @MethodSource("durationVariables")
  void takesAValidDuration(String name, Function<ExecutorConfig, Duration> get, String unused) {
    ExecutorConfig c = config(name, "1.5secs");

    assertThat(get.apply(c)).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "EXECUTOR_ENCODING [{0}] is json: {1}")
  @CsvSource({"json, true", "JSON, true", "' Json ', true", "protobuf, false", "PROTOBUF, false"})
  void readsTheEncodingInAnyCase(String value, boolean json) {
    ExecutorConfig c = config("EXECUTOR_ENCODING", value);

    assertThat(c.jsonEncoding()).isEqualTo(json);
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "EXECUTOR_ENCODING [{0}] falls back to protobuf")
  @ValueSource(strings = {"xml", "proto", "", "application/json"})
  void replacesAnUnknownEncodingByProtobufWithAWarning(String value) {
    ExecutorConfig c = config("EXECUTOR_ENCODING", value);

    assertThat(c.jsonEncoding()).isFalse();
    assertThat(c.warnings())
        .containsExactly(
            "EXECUTOR_ENCODING is \"" + value
                + "\", which is neither protobuf nor json; using the default protobuf.");
  }

  @ParameterizedTest(name = "EXECUTOR_LOG_LEVEL [{0}] is {1}")
  @CsvSource({
    "TRACE, TRACE",
    "trace, TRACE",
    "DEBUG, DEBUG",
    "Debug, DEBUG",
    "INFO, INFO",
    "info, INFO",
    "WARN, WARN",
    "warning, WARN",
    "WARNING, WARN",
    "ERROR, ERROR",
    "error, ERROR",
    "CRITICAL, ERROR",
    "critical, ERROR",
    "FATAL, ERROR",
    "' debug ', DEBUG",
  })
  void normalisesTheLogLevel(String value, String expected) {
    ExecutorConfig c = config("EXECUTOR_LOG_LEVEL", value);

    assertThat(c.logLevel()).isEqualTo(expected);
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "EXECUTOR_LOG_LEVEL [{0}] falls back to INFO")
  @ValueSource(strings = {"VERBOSE", "", "10", "NOTSET", "WARNINGS"})
  void replacesAnUnknownLogLevelByInfoWithAWarning(String value) {
    ExecutorConfig c = config("EXECUTOR_LOG_LEVEL", value);

    assertThat(c.logLevel()).isEqualTo("INFO");
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .startsWith("EXECUTOR_LOG_LEVEL is \"" + value + "\", which is not one of")
        .endsWith("; using the default INFO.");
  }

  @ParameterizedTest(name = "LIBPROCESS_SSL_ENABLED [{0}] is {1}")
  @CsvSource({
    "1, true",
    "true, true",
    "TRUE, true",
    "' True ', true",
    "0, false",
    "false, false",
    "yes, false",
    "'', false",
  })
  void enablesSslForOneOrTrue(String value, boolean expected) {
    ExecutorConfig c = config("LIBPROCESS_SSL_ENABLED", value);

    assertThat(c.sslEnabled()).isEqualTo(expected);
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "LIBPROCESS_SSL_VERIFY_CERT [{0}] is {1}")
  @CsvSource({"1, false", "true, false", "' TRUE ', false", "0, true", "false, true", "False, true"})
  void readsWhetherToVerifyTheAgentsCertificate(String value, boolean off) {
    ExecutorConfig c = config("LIBPROCESS_SSL_VERIFY_CERT", value);

    assertThat(c.tlsOptions().verifyCert()).isEqualTo(!off);
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "LIBPROCESS_SSL_VERIFY_CERT [{0}] keeps verifying")
  @ValueSource(strings = {"", "no", "yes", "2", "off"})
  void keepsVerifyingForAnUnreadableVerifyCertWithAWarning(String value) {
    ExecutorConfig c = config("LIBPROCESS_SSL_VERIFY_CERT", value);

    assertThat(c.tlsOptions().verifyCert()).isTrue();
    assertThat(c.warnings())
        .containsExactly(
            "LIBPROCESS_SSL_VERIFY_CERT is \"" + value + "\", which is none of 1, true, 0, false;"
                + " using the default true (the agent's certificate is verified).");
  }

  @Test
  void resolvesTheSslPathsAgainstTheWorkingDirectory() {
    ExecutorConfig c =
        config(
            "LIBPROCESS_SSL_CA_FILE", "certs/ca.pem",
            "LIBPROCESS_SSL_CA_DIR", "/etc/ssl/./certs/",
            "LIBPROCESS_SSL_CERT_FILE", "/keys/client.pem",
            "LIBPROCESS_SSL_KEY_FILE", "../client.key");

    assertThat(c.tlsOptions().caFile()).contains(Path.of("/work/dir/certs/ca.pem"));
    assertThat(c.tlsOptions().caDir()).contains(Path.of("/etc/ssl/certs"));
    assertThat(c.tlsOptions().certFile()).contains(Path.of("/keys/client.pem"));
    assertThat(c.tlsOptions().keyFile()).contains(Path.of("/work/client.key"));
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0} empty is unset")
  @ValueSource(
      strings = {
        "LIBPROCESS_SSL_CA_FILE", "LIBPROCESS_SSL_CA_DIR", "LIBPROCESS_SSL_CERT_FILE", "LIBPROCESS_SSL_KEY_FILE"
      })
  void treatsAnEmptySslPathAsUnset(String name) {
    ExecutorConfig c = config(name, "");

    assertThat(c.tlsOptions().caFile()).isEmpty();
    assertThat(c.tlsOptions().caDir()).isEmpty();
    assertThat(c.tlsOptions().certFile()).isEmpty();
    assertThat(c.tlsOptions().keyFile()).isEmpty();
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void dropsAnUnusableCaPathWithAWarning() {
    ExecutorConfig c = config("LIBPROCESS_SSL_CA_FILE", "/bad\0ca", "LIBPROCESS_SSL_CA_DIR", "/ok");

    assertThat(c.tlsOptions().caFile()).isEmpty();
    assertThat(c.tlsOptions().caDir()).contains(Path.of("/ok"));
    assertThat(c.warnings()).singleElement().asString()
        .startsWith("LIBPROCESS_SSL_CA_FILE is \"/bad\0ca\", which is not a valid path")
        .endsWith("; using no CA file.");
  }

  @ParameterizedTest(name = "only {0} set: no client certificate")
  @CsvSource({
    "LIBPROCESS_SSL_CERT_FILE, LIBPROCESS_SSL_KEY_FILE",
    "LIBPROCESS_SSL_KEY_FILE, LIBPROCESS_SSL_CERT_FILE"
  })
  void usesNoClientCertificateWhenHalfOfItIsGiven(String set, String unset) {
    ExecutorConfig c = config(set, "/keys/half.pem");

    assertThat(c.tlsOptions().certFile()).isEmpty();
    assertThat(c.tlsOptions().keyFile()).isEmpty();
    assertThat(c.warnings())
        .containsExactly(
            set + " is set but " + unset + " is not (or is unusable); a client certificate needs both,"
                + " so none is sent.");
  }

  @Test
  void usesNoClientCertificateWhenTheKeyPathIsUnusable() {
    ExecutorConfig c =
        config("LIBPROCESS_SSL_CERT_FILE", "/keys/c.pem", "LIBPROCESS_SSL_KEY_FILE", "/bad\0key");

    assertThat(c.tlsOptions().certFile()).isEmpty();
    assertThat(c.tlsOptions().keyFile()).isEmpty();
    assertThat(c.warnings()).hasSize(2);
    assertThat(c.warnings().get(0)).endsWith("; using no client certificate.");
  }

  @ParameterizedTest(name = "EXECUTOR_TEST_EXIT [{0}] is {1}")
  @CsvSource({"3, 3", "' 0 ', 0", "-1, -1", "255, 255"})
  void readsTheTestExitCode(String value, int expected) {
    ExecutorConfig c = config("EXECUTOR_TEST_EXIT", value);

    assertThat(c.testExitCode()).hasValue(expected);
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "EXECUTOR_TEST_EXIT [{0}] is ignored")
  @ValueSource(strings = {"", "abc", "1.0", "3secs", "99999999999"})
  void ignoresABadTestExitCodeWithAWarning(String value) {
    ExecutorConfig c = config("EXECUTOR_TEST_EXIT", value);

    assertThat(c.testExitCode()).isEmpty();
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .startsWith("EXECUTOR_TEST_EXIT is \"" + value + "\", which is ")
        .endsWith("; using no test exit.");
  }

  @ParameterizedTest(name = "token [{0}] is present: {1}")
  @CsvSource({"s3cr3t-token, true", "'', false"})
  void readsTheTokenWithEmptyMeaningUnset(String value, boolean present) {
    ExecutorConfig c = config("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", value);

    assertThat(c.authenticationToken().isPresent()).isEqualTo(present);
    if (present) {
      assertThat(c.authenticationToken()).contains(value);
    }
    assertThat(c.describe())
        .contains("MESOS_EXECUTOR_AUTHENTICATION_TOKEN=" + (present ? "<set>" : "<unset>"));
  }

  @Test
  void neverShowsTheTokenEvenWhenItIsPastedIntoOtherVariables() {
    String token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig";
    ExecutorConfig c =
        config(
            "MESOS_EXECUTOR_AUTHENTICATION_TOKEN", token,
            "MESOS_AGENT_ENDPOINT", "host:5051/" + token,
            "MESOS_DIRECTORY", token,
            "EXECUTOR_LOG_LEVEL", token,
            "EXECUTOR_ENCODING", token,
            "MESOS_RECOVERY_TIMEOUT", token,
            "EXECUTOR_MAX_MESSAGE_LENGTH", token,
            "PROGRESS_REGEX_STRING", token,
            "EXECUTOR_RESET_VARS", token,
            "PROGRESS_OUTPUT_FILE", token);

    assertThat(c.warnings()).hasSize(5).noneMatch(w -> w.contains(token));
    assertThat(c.describe()).noneMatch(line -> line.contains(token));
    assertThat(c.toString()).as("a record's own toString would print the token").doesNotContain(token)
        .contains("MESOS_EXECUTOR_AUTHENTICATION_TOKEN=<set>");
    assertThat(c.describe())
        .contains(
            "MESOS_EXECUTOR_AUTHENTICATION_TOKEN=<set>",
            "MESOS_AGENT_ENDPOINT=host:5051/<redacted>",
            "EXECUTOR_RESET_VARS=<redacted>",
            "progress file watched=/work/dir/<redacted>",
            "EXECUTOR_PROGRESS_OUTPUT_FILE=<redacted>");
    assertThat(c.warnings()).contains("EXECUTOR_LOG_LEVEL is \"<redacted>\", which is not one of"
        + " TRACE, DEBUG, INFO, WARN (WARNING), ERROR (CRITICAL, FATAL); using the default INFO.");
  }

  @Test
  void describesTheConfigurationInEffect() {
    ExecutorConfig c =
        config(
            "MESOS_FRAMEWORK_ID", "fw",
            "MESOS_EXECUTOR_ID", "ex",
            "MESOS_SANDBOX", "/sb",
            "MESOS_CHECKPOINT", "1",
            "MESOS_RECOVERY_TIMEOUT", "90secs",
            "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "1.9secs",
            "MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "tok",
            "EXECUTOR_ENCODING", "JSON",
            "EXECUTOR_LOG_LEVEL", "warning",
            "EXECUTOR_MAX_MESSAGE_LENGTH", "10",
            "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "60",
            "PROGRESS_SAMPLE_INTERVAL_MS", "250",
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "MY_PROGRESS",
            "MY_PROGRESS", "p.txt",
            "EXECUTOR_RESET_VARS", "A, B",
            "EXECUTOR_TEST_EXIT", "7",
            "LIBPROCESS_SSL_ENABLED", "1",
            "LIBPROCESS_SSL_CA_FILE", "ca.pem",
            "LIBPROCESS_SSL_VERIFY_CERT", "false",
            "LIBPROCESS_SSL_CERT_FILE", "/keys/c.pem",
            "LIBPROCESS_SSL_KEY_FILE", "/keys/c.key");

    assertThat(c.describe())
        .containsExactly(
            "MESOS_FRAMEWORK_ID=fw",
            "MESOS_EXECUTOR_ID=ex",
            "MESOS_AGENT_ENDPOINT=<unset>",
            "MESOS_SANDBOX=/sb",
            "MESOS_DIRECTORY=",
            "MESOS_CHECKPOINT=1",
            "MESOS_RECOVERY_TIMEOUT=90secs",
            "MESOS_SUBSCRIPTION_BACKOFF_MAX=2secs",
            "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=1900ms",
            "MESOS_EXECUTOR_AUTHENTICATION_TOKEN=<set>",
            "EXECUTOR_ENCODING=json",
            "EXECUTOR_LOG_LEVEL=WARN",
            "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS=60",
            "EXECUTOR_MAX_MESSAGE_LENGTH=64",
            "EXECUTOR_MAX_BYTES_READ_PER_LINE=4096",
            "PROGRESS_REGEX_STRING=progress: ([0-9]*\\.?[0-9]+), (.*)",
            "PROGRESS_SAMPLE_INTERVAL_MS=250",
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV=MY_PROGRESS",
            "progress file watched=/sb/p.txt",
            "MY_PROGRESS=p.txt",
            "EXECUTOR_RESET_VARS=A,B",
            "EXECUTOR_TEST_EXIT=7",
            "LIBPROCESS_SSL_ENABLED=true",
            "LIBPROCESS_SSL_CA_FILE=/work/dir/ca.pem",
            "LIBPROCESS_SSL_CA_DIR=<unset>",
            "LIBPROCESS_SSL_VERIFY_CERT=false",
            "LIBPROCESS_SSL_CERT_FILE=/keys/c.pem",
            "LIBPROCESS_SSL_KEY_FILE=/keys/c.key");
    assertThat(c.warnings())
        .containsExactly("EXECUTOR_MAX_MESSAGE_LENGTH is 10, below the minimum of 64; raised to 64.");
  }

  @Test
  void describesAnEmptyEnvironmentWithUnsetMarkers() {
    assertThat(config().describe())
        .contains(
            "MESOS_FRAMEWORK_ID=<unset>",
            "MESOS_EXECUTOR_AUTHENTICATION_TOKEN=<unset>",
            "EXECUTOR_TEST_EXIT=<unset>",
            "EXECUTOR_RESET_VARS=",
            "progress file watched=/work/dir/executor.progress",
            "EXECUTOR_PROGRESS_OUTPUT_FILE=executor.progress",
            "LIBPROCESS_SSL_ENABLED=false",
            "LIBPROCESS_SSL_CA_FILE=<unset>",
            "LIBPROCESS_SSL_VERIFY_CERT=true",
            "LIBPROCESS_SSL_KEY_FILE=<unset>")
        .hasSize(28);
  }

  @Test
  void warnsOnceForEveryBadNumberDurationAndRegexAndStillGivesAConfig() {
    ExecutorConfig c =
        config(
            "MESOS_RECOVERY_TIMEOUT", "soon",
            "MESOS_SUBSCRIPTION_BACKOFF_MAX", "2",
            "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "-3secs",
            "EXECUTOR_MAX_MESSAGE_LENGTH", "long",
            "EXECUTOR_MAX_BYTES_READ_PER_LINE", "4k",
            "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "1h",
            "PROGRESS_SAMPLE_INTERVAL_MS", "1.5",
            "PROGRESS_REGEX_STRING", "progress: (",
            "EXECUTOR_TEST_EXIT", "x");

    assertThat(c.warnings()).hasSize(9);
    assertThat(c.recoveryTimeout()).isEqualTo(ExecutorConfig.DEFAULT_RECOVERY_TIMEOUT);
    assertThat(c.progress().regex()).isEqualTo(io.cookexecutor.progress.ProgressSettings.DEFAULT_REGEX);
    assertThat(c.progress().maxBytesReadPerLine()).isEqualTo(io.cookexecutor.progress.ProgressSettings.DEFAULT_MAX_BYTES_READ_PER_LINE);
  }

  @Test
  void exposesOnlyUnmodifiableLists() {
    ExecutorConfig c = config("EXECUTOR_RESET_VARS", "A", "EXECUTOR_ENCODING", "x");

    assertThatThrownBy(() -> c.resetVars().add("B")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.warnings().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.describe().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  private static Function<ExecutorConfig, Duration> accessor(Function<ExecutorConfig, Duration> f) {
    return f;
  }
}
