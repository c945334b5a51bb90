package io.cookexecutor.local.agent;

import io.cookexecutor.tls.AgentTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Immutable configuration of a {@link LocalAgent}: the ids, the task it launches and the executor environment.
 *
 * @param executorCommand the {@code ExecutorInfo.command.value} shown to the executor (not run by the agent)
 * @param command the job's command, put in the task's {@code data} as Cook does, unless raw data is set
 * @param rawTaskData task {@code data} bytes used verbatim (malformed-data cases)
 * @param taskEnvironment {@code ExecutorInfo.command.environment}: job variables and Cook's EXECUTOR_* settings
 * @param executorEnvironment variables added to the launched executor process only, applied last
 * @param sandbox the sandbox; when empty {@link LocalAgent#start} creates a temporary one
 * @param token the bearer token required from the start, if any
 * @param killPolicyGrace the task's {@code kill_policy.grace_period}, if any
 * @param tls when present, the agent speaks HTTPS and the executor gets {@code LIBPROCESS_SSL_ENABLED=1}
 */
public record AgentSettings(
    String frameworkId,
    String executorId,
    String executorCommand,
    String taskId,
    String command,
    Optional<byte[]> rawTaskData,
    double cpus,
    double memMb,
    Map<String, String> taskEnvironment,
    Map<String, String> executorEnvironment,
    Optional<Path> sandbox,
    boolean checkpoint,
    Duration recoveryTimeout,
    Duration subscriptionBackoffMax,
    Duration shutdownGracePeriod,
    Optional<String> token,
    Optional<Duration> killPolicyGrace,
    Optional<AgentTls> tls) {

  public AgentSettings {
    for (String id : new String[] {frameworkId, executorId, taskId}) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("ids must not be blank");
      }
    }
    Objects.requireNonNull(executorCommand, "executorCommand");
    Objects.requireNonNull(command, "command");
    rawTaskData = rawTaskData.map(byte[]::clone);
    taskEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(taskEnvironment));
    executorEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(executorEnvironment));
    nonNegative(recoveryTimeout, "recoveryTimeout");
    nonNegative(subscriptionBackoffMax, "subscriptionBackoffMax");
    nonNegative(shutdownGracePeriod, "shutdownGracePeriod");
    token = token.filter(t -> !t.isEmpty());
    killPolicyGrace.ifPresent(g -> nonNegative(g, "killPolicyGrace"));
  }

  /** A builder with the defaults: fresh random executor and task ids, {@code echo "Hello World"}. */
  public static Builder builder() {
    return new Builder();
  }

  /** These settings with {@code dir} as the sandbox. */
  AgentSettings withSandbox(Path dir) {
    return new AgentSettings(frameworkId, executorId, executorCommand, taskId, command, rawTaskData, cpus, memMb,
        taskEnvironment, executorEnvironment, Optional.of(dir), checkpoint, recoveryTimeout,
        subscriptionBackoffMax, shutdownGracePeriod, token, killPolicyGrace, tls);
  }

  @Override
  public Optional<byte[]> rawTaskData() {
    return rawTaskData.map(byte[]::clone);
  }

  /** Ids only: the token and the environment values may be secrets of the job. */
  @Override
  public String toString() {
    return "AgentSettings{framework=" + frameworkId + ", executor=" + executorId + ", task=" + taskId
        + ", checkpoint=" + checkpoint + ", sandbox=" + sandbox.orElse(null)
        + ", tls=" + tls.isPresent() + "}";
  }

  private static void nonNegative(Duration v, String what) {
    if (v == null || v.isNegative()) {
      throw new IllegalArgumentException(what + " must be a non-negative duration");
    }
  }

  /** Mutable builder of {@link AgentSettings}. */
  public static final class Builder {
    private String frameworkId = "cook-framework";
    private String executorId = "cook-executor-" + shortRandom();
    private String executorCommand = "cook-executor";
    private String taskId = "task-" + shortRandom();
    private String command = "echo \"Hello World\"";
    private byte[] rawTaskData;
    private double cpus = 1.0;
    private double memMb = 128.0;
    private final Map<String, String> taskEnvironment = new LinkedHashMap<>();
    private final Map<String, String> executorEnvironment = new LinkedHashMap<>();
    private Path sandbox;
    private boolean checkpoint;
    private Duration recoveryTimeout = Duration.ofMinutes(15);
    private Duration subscriptionBackoffMax = Duration.ofSeconds(2);
    private Duration shutdownGracePeriod = Duration.ofSeconds(5);
    private String token;
    private Duration killPolicyGrace;
    private AgentTls tls;

    private Builder() {}

    private static String shortRandom() {
      return UUID.randomUUID().toString().substring(0, 8);
    }

    public Builder frameworkId(String v) {
      frameworkId = v;
      return this;
    }


    public Builder executorId(String v) {
      executorId = v;
      return this;
    }

    public Builder executorCommand(String v) {
      executorCommand = v;
      return this;
    }

    public Builder taskId(String v) {
      taskId = v;
      return this;
    }



    /** The job's command; clears any raw task data. */
    public Builder command(String v) {
      command = v;
      rawTaskData = null;
      return this;
    }

    /** Task data sent verbatim instead of the command's JSON; {@code null} goes back to the command. */
    public Builder rawTaskData(byte[] v) {
      rawTaskData = v;
      return this;
    }

    public Builder cpus(double v) {
      cpus = v;
      return this;
    }

    public Builder memMb(double v) {
      memMb = v;
      return this;
    }

    /** A variable of ExecutorInfo.command.environment (in the order added). */
    public Builder taskEnv(String name, String value) {
      taskEnvironment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }


    public Builder executorEnv(String name, String value) {
      executorEnvironment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    public Builder sandbox(Path v) {
      sandbox = v;
      return this;
    }

    public Builder checkpoint(boolean v) {
      checkpoint = v;
      return this;
    }

    public Builder recoveryTimeout(Duration v) {
      recoveryTimeout = v;
      return this;
    }

    public Builder subscriptionBackoffMax(Duration v) {
      subscriptionBackoffMax = v;
      return this;
    }

    public Builder shutdownGracePeriod(Duration v) {
      shutdownGracePeriod = v;
      return this;
    }

    /** A token to require from the start; {@code null} or empty for none. */
    public Builder token(String v) {
      token = v;
      return this;
    }

    /** The task's kill policy grace period; {@code null} for no kill policy. */
    public Builder killPolicyGrace(Duration v) {
      killPolicyGrace = v;
      return this;
    }


    /** Serve HTTPS with this certificate; {@code null} for plain HTTP. */
    public Builder tls(AgentTls v) {
      tls = v;
      return this;
    }

    /** @throws IllegalArgumentException for blank ids or negative durations */
    public AgentSettings build() {
      return new AgentSettings(frameworkId, executorId, executorCommand, taskId, command,
          Optional.ofNullable(rawTaskData), cpus, memMb, taskEnvironment, executorEnvironment,
          Optional.ofNullable(sandbox), checkpoint, recoveryTimeout, subscriptionBackoffMax, shutdownGracePeriod,
          Optional.ofNullable(token), Optional.ofNullable(killPolicyGrace), Optional.ofNullable(tls));
    }
  }
}
