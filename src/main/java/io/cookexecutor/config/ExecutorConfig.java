package io.cookexecutor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The executor's configuration, read once from an environment map; bad values fall back to defaults. */
public final class ExecutorConfig implements ProgressConfig {
  public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(15);
  public static final Duration DEFAULT_SUBSCRIPTION_BACKOFF_MAX = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(2);
  public static final String DEFAULT_LOG_LEVEL = "INFO";
  public static final int DEFAULT_MEMORY_USAGE_INTERVAL_SECS = 3600;
  public static final int MIN_MEMORY_USAGE_INTERVAL_SECS = 30;
  public static final String DEFAULT_PROGRESS_OUTPUT_FILE_ENV_NAME = "EXECUTOR_PROGRESS_OUTPUT_FILE";
  /** Verify the agent's certificate unless told not to; libprocess's own default is false (README). */
  public static final boolean DEFAULT_SSL_VERIFY_CERT = true;
  /** Stands in for the executor id in the default progress file name when MESOS_EXECUTOR_ID is unset. */
  public static final String FALLBACK_EXECUTOR_ID = "executor";

  private static final String REDACTED = "<redacted>";

  private final String frameworkId;
  private final String executorId;
  private final String agentEndpoint;
  private final Path sandbox;
  private final String hostSandboxDirectory;
  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final Duration subscriptionBackoffMax;
  private final Duration shutdownGracePeriod;
  private final Optional<String> authenticationToken;
  private final boolean jsonEncoding;
  private final String logLevel;
  private final Duration memoryUsageInterval;
  private final ProgressVariables progressVariables;
  private final List<String> resetVars;
  private final OptionalInt testExitCode;
  private final boolean sslEnabled;
  private final TlsOptions tlsOptions;
  private final List<String> warnings;

  private ExecutorConfig(EnvReader env, Path workingDirectory) {
    frameworkId = env.nonEmpty(EnvVar.FRAMEWORK_ID).orElse(null);
    executorId = env.nonEmpty(EnvVar.EXECUTOR_ID).orElse(null);
    agentEndpoint = env.nonEmpty(EnvVar.AGENT_ENDPOINT).orElse(null);
    sandbox = VariableRules.sandbox(env, workingDirectory.toAbsolutePath().normalize());
    hostSandboxDirectory = env.nonEmpty(EnvVar.HOST_SANDBOX_DIRECTORY).orElse("");
    checkpoint = VariableRules.checkpoint(env);
    recoveryTimeout = env.duration(EnvVar.RECOVERY_TIMEOUT, DEFAULT_RECOVERY_TIMEOUT);
    subscriptionBackoffMax =
        env.duration(EnvVar.SUBSCRIPTION_BACKOFF_MAX, DEFAULT_SUBSCRIPTION_BACKOFF_MAX);
    shutdownGracePeriod = env.duration(EnvVar.SHUTDOWN_GRACE_PERIOD, DEFAULT_SHUTDOWN_GRACE_PERIOD);
    authenticationToken = env.nonEmpty(EnvVar.AUTHENTICATION_TOKEN);
    jsonEncoding = VariableRules.jsonEncoding(env);
    logLevel = VariableRules.logLevel(env);
    memoryUsageInterval =
        Duration.ofSeconds(
            env.integer(
                EnvVar.MEMORY_USAGE_INTERVAL_SECS,
                DEFAULT_MEMORY_USAGE_INTERVAL_SECS,
                MIN_MEMORY_USAGE_INTERVAL_SECS));
    progressVariables = ProgressVariables.read(
        env, sandbox, EnvVar.EXECUTOR_ID, executorId == null ? FALLBACK_EXECUTOR_ID : executorId);
    resetVars = VariableRules.resetVars(env);
    testExitCode = env.optionalInteger(EnvVar.TEST_EXIT, "no test exit");
    sslEnabled = VariableRules.sslEnabled(env);
    tlsOptions = VariableRules.tlsOptions(env, workingDirectory.toAbsolutePath().normalize());
    warnings = redacted(env.warnings());
  }

  /** The configuration in {@code env}, with relative paths taken from {@code workingDirectory}. */
  public static ExecutorConfig from(Map<String, String> env, Path workingDirectory) {
    return new ExecutorConfig(new EnvReader(env), workingDirectory);
  }

  /** One sentence per bad value: the variable, what was wrong and what is used instead. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public ProgressVariables progressVariables() {
    return progressVariables;
  }

  /** {@code NAME=value} lines of the configuration in effect, with the token shown only as set or unset. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(EnvVar.FRAMEWORK_ID + "=" + orUnset(frameworkId));
    lines.add(EnvVar.EXECUTOR_ID + "=" + orUnset(executorId));
    lines.add(EnvVar.AGENT_ENDPOINT + "=" + orUnset(agentEndpoint));
    lines.add(EnvVar.SANDBOX + "=" + sandbox);
    lines.add(EnvVar.HOST_SANDBOX_DIRECTORY + "=" + hostSandboxDirectory);
    lines.add(EnvVar.CHECKPOINT + "=" + (checkpoint ? "1" : "0"));
    lines.add(EnvVar.RECOVERY_TIMEOUT + "=" + MesosDuration.format(recoveryTimeout));
    lines.add(EnvVar.SUBSCRIPTION_BACKOFF_MAX + "=" + MesosDuration.format(subscriptionBackoffMax));
    lines.add(EnvVar.SHUTDOWN_GRACE_PERIOD + "=" + MesosDuration.format(shutdownGracePeriod));
    lines.add(
        EnvVar.AUTHENTICATION_TOKEN + "=" + (authenticationToken.isPresent() ? "<set>" : "<unset>"));
    lines.add(EnvVar.ENCODING + "=" + (jsonEncoding ? "json" : "protobuf"));
    lines.add(EnvVar.LOG_LEVEL + "=" + logLevel);
    lines.add(EnvVar.MEMORY_USAGE_INTERVAL_SECS + "=" + memoryUsageInterval.toSeconds());
    describeProgress(lines);
    // Under the name the task finds it by, with the value it finds (contract section 4).
    lines.add(progressOutputFileEnvName() + "=" + progressOutputFileForTask());
    lines.add(EnvVar.RESET_VARS + "=" + String.join(",", resetVars));
    lines.add(
        EnvVar.TEST_EXIT + "="
            + (testExitCode.isPresent() ? Integer.toString(testExitCode.getAsInt()) : "<unset>"));
    lines.add(EnvVar.SSL_ENABLED + "=" + sslEnabled);
    lines.add(EnvVar.SSL_CA_FILE + "=" + orUnset(tlsOptions.caFile()));
    lines.add(EnvVar.SSL_CA_DIR + "=" + orUnset(tlsOptions.caDir()));
    lines.add(EnvVar.SSL_VERIFY_CERT + "=" + tlsOptions.verifyCert());
    lines.add(EnvVar.SSL_CERT_FILE + "=" + orUnset(tlsOptions.certFile()));
    // The key's path only: its content is never read into a log line.
    lines.add(EnvVar.SSL_KEY_FILE + "=" + orUnset(tlsOptions.keyFile()));
    return redacted(lines);
  }

  /** MESOS_FRAMEWORK_ID, or null when unset or empty. */
  public String frameworkId() {
    return frameworkId;
  }

  /** MESOS_EXECUTOR_ID, or null when unset or empty. */
  public String executorId() {
    return executorId;
  }

  /** MESOS_AGENT_ENDPOINT ({@code host:port}), or null when unset or empty. */
  public String agentEndpoint() {
    return agentEndpoint;
  }

  /** The sandbox as the task sees it: absolute and normalised. */
  public Path sandbox() {
    return sandbox;
  }

  /** The sandbox as the agent's host sees it (MESOS_DIRECTORY), or the empty string. */
  public String hostSandboxDirectory() {
    return hostSandboxDirectory;
  }

  /** Whether the framework checkpoints, which makes a disconnection worth waiting out. */
  public boolean checkpoint() {
    return checkpoint;
  }

  /** How long to keep trying to reconnect after a disconnection. */
  public Duration recoveryTimeout() {
    return recoveryTimeout;
  }

  /** The longest wait between two subscribe attempts. */
  public Duration subscriptionBackoffMax() {
    return subscriptionBackoffMax;
  }

  /** The default time between SIGTERM and SIGKILL. */
  public Duration shutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  /** The bearer token for calls to the agent; never to be logged. */
  public Optional<String> authenticationToken() {
    return authenticationToken;
  }

  /** Whether calls and events on the agent connection are JSON (EXECUTOR_ENCODING=json) rather than protobuf. */
  public boolean jsonEncoding() {
    return jsonEncoding;
  }

  /** One of TRACE, DEBUG, INFO, WARN, ERROR. */
  public String logLevel() {
    return logLevel;
  }

  /** How often the executor logs its own memory use. */
  public Duration memoryUsageInterval() {
    return memoryUsageInterval;
  }

  /** Variables the task takes from its own environment instead of the executor's, in order. */
  public List<String> resetVars() {
    return resetVars;
  }

  /** The exit code of the test hook, when set. */
  public OptionalInt testExitCode() {
    return testExitCode;
  }

  /** Whether libprocess SSL is on, so the agent is spoken to over HTTPS. */
  public boolean sslEnabled() {
    return sslEnabled;
  }

  /** How to speak TLS to the agent (the other LIBPROCESS_SSL_ variables), when {@link #sslEnabled()}. */
  public TlsOptions tlsOptions() {
    return tlsOptions;
  }

  private static String orUnset(Optional<Path> value) {
    return value.isPresent() ? value.get().toString() : "<unset>";
  }

  private static String orUnset(String value) {
    return value == null ? "<unset>" : value;
  }

  private List<String> redacted(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(redact(line));
    }
    return List.copyOf(out);
  }

  /** Guarantees the token cannot leak through a line, even if it was pasted into another variable. */
  private String redact(String line) {
    return authenticationToken.isPresent() ? line.replace(authenticationToken.get(), REDACTED) : line;
  }
}
