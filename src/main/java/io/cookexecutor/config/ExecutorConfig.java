package io.cookexecutor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The executor's configuration, read once from an environment map; bad values fall back to defaults.
 *
 * @param frameworkId MESOS_FRAMEWORK_ID, or null when unset or empty
 * @param executorId MESOS_EXECUTOR_ID, or null when unset or empty
 * @param agentEndpoint MESOS_AGENT_ENDPOINT ({@code host:port}), or null when unset or empty
 * @param sandbox the sandbox as the task sees it: absolute and normalised
 * @param hostSandboxDirectory the sandbox as the agent's host sees it (MESOS_DIRECTORY), or the empty string
 * @param checkpoint whether the framework checkpoints, which makes a disconnection worth waiting out
 * @param recoveryTimeout how long to keep trying to reconnect after a disconnection
 * @param subscriptionBackoffMax the longest wait between two subscribe attempts
 * @param shutdownGracePeriod the default time between SIGTERM and SIGKILL
 * @param authenticationToken the bearer token for calls to the agent; never to be logged
 * @param jsonEncoding whether calls and events on the agent connection are JSON (EXECUTOR_ENCODING=json)
 * @param logLevel one of TRACE, DEBUG, INFO, WARN, ERROR
 * @param memoryUsageInterval how often the executor logs its own memory use
 * @param progressVariables what the progress variables said
 * @param resetVars variables the task takes from its own environment instead of the executor's, in order
 * @param testExitCode the exit code of the test hook, when set
 * @param sslEnabled whether libprocess SSL is on, so the agent is spoken to over HTTPS
 * @param tlsOptions how to speak TLS to the agent (the other LIBPROCESS_SSL_ variables), when SSL is on
 * @param warnings one sentence per bad value: the variable, what was wrong and what is used instead
 */
public record ExecutorConfig(String frameworkId, String executorId, String agentEndpoint, Path sandbox,
    String hostSandboxDirectory, boolean checkpoint, Duration recoveryTimeout, Duration subscriptionBackoffMax,
    Duration shutdownGracePeriod, Optional<String> authenticationToken, boolean jsonEncoding, String logLevel,
    Duration memoryUsageInterval, ProgressVariables progressVariables, List<String> resetVars,
    OptionalInt testExitCode, boolean sslEnabled, TlsOptions tlsOptions, List<String> warnings)
    implements ProgressConfig {
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

  /** The configuration in {@code env}, with relative paths taken from {@code workingDirectory}. */
  public static ExecutorConfig from(Map<String, String> variables, Path workingDirectory) {
    EnvReader env = new EnvReader(variables);
    Path cwd = workingDirectory.toAbsolutePath().normalize();
    String executorId = env.nonEmpty(EnvVar.EXECUTOR_ID).orElse(null);
    Path sandbox = VariableRules.sandbox(env, cwd);
    Optional<String> token = env.nonEmpty(EnvVar.AUTHENTICATION_TOKEN);
    String progressId = executorId == null ? FALLBACK_EXECUTOR_ID : executorId;
    // Arguments are evaluated in order: the warnings, last, hold what every read before them found.
    return new ExecutorConfig(env.nonEmpty(EnvVar.FRAMEWORK_ID).orElse(null), executorId,
        env.nonEmpty(EnvVar.AGENT_ENDPOINT).orElse(null), sandbox,
        env.nonEmpty(EnvVar.HOST_SANDBOX_DIRECTORY).orElse(""), VariableRules.checkpoint(env),
        env.duration(EnvVar.RECOVERY_TIMEOUT, DEFAULT_RECOVERY_TIMEOUT),
        env.duration(EnvVar.SUBSCRIPTION_BACKOFF_MAX, DEFAULT_SUBSCRIPTION_BACKOFF_MAX),
        env.duration(EnvVar.SHUTDOWN_GRACE_PERIOD, DEFAULT_SHUTDOWN_GRACE_PERIOD), token,
        VariableRules.jsonEncoding(env), VariableRules.logLevel(env),
        Duration.ofSeconds(env.integer(EnvVar.MEMORY_USAGE_INTERVAL_SECS, DEFAULT_MEMORY_USAGE_INTERVAL_SECS,
            MIN_MEMORY_USAGE_INTERVAL_SECS)),
        ProgressVariables.read(env, sandbox, EnvVar.EXECUTOR_ID, progressId), VariableRules.resetVars(env),
        env.optionalInteger(EnvVar.TEST_EXIT, "no test exit"), VariableRules.sslEnabled(env),
        VariableRules.tlsOptions(env, cwd), redacted(env.warnings(), token));
  }

  /** The configuration in effect, the token redacted: a record's own would print it. */
  @Override
  public String toString() {
    return "ExecutorConfig" + describe();
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
    return redacted(lines, authenticationToken);
  }

  private static String orUnset(Optional<Path> value) {
    return value.isPresent() ? value.get().toString() : "<unset>";
  }

  private static String orUnset(String value) {
    return value == null ? "<unset>" : value;
  }

  /** Guarantees the token cannot leak through a line, even if it was pasted into another variable. */
  private static List<String> redacted(List<String> lines, Optional<String> token) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(token.isPresent() ? line.replace(token.get(), REDACTED) : line);
    }
    return List.copyOf(out);
  }
}
