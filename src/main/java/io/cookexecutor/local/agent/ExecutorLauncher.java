package io.cookexecutor.local.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.cookexecutor.config.MesosDuration;

/** Starts an executor process the way a Mesos agent does: in the sandbox, with the agent's environment. */
final class ExecutorLauncher {
  private final AgentSettings settings;
  private final Path sandbox;
  private final String endpoint;

  ExecutorLauncher(AgentSettings settings, Path sandbox, String endpoint) {
    this.settings = settings;
    this.sandbox = sandbox;
    this.endpoint = endpoint;
  }

  /**
   * The variables the agent adds to its own environment, in order of precedence (later wins): the agent's
   * MESOS_* variables (and LIBPROCESS_SSL_ENABLED when serving TLS), then
   * {@code ExecutorInfo.command.environment}, then the configured extras.
   */
  Map<String, String> addedEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESOS_FRAMEWORK_ID", settings.frameworkId());
    env.put("MESOS_EXECUTOR_ID", settings.executorId());
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_AGENT_ENDPOINT", endpoint);
    env.put("MESOS_CHECKPOINT", settings.checkpoint() ? "1" : "0");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", MesosDuration.format(settings.shutdownGracePeriod()));
    if (settings.checkpoint()) {
      env.put("MESOS_RECOVERY_TIMEOUT", MesosDuration.format(settings.recoveryTimeout()));
      env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", MesosDuration.format(settings.subscriptionBackoffMax()));
    }
    settings.token().ifPresent(t -> env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", t));
    if (settings.tls().isPresent()) {
      // An SSL agent's own environment carries this to its executors; the CA and client certificate
      // variables are the caller's to add (executorEnvironment), as they differ between agents.
      env.put("LIBPROCESS_SSL_ENABLED", "1");
    }
    env.putAll(settings.taskEnvironment());
    env.putAll(settings.executorEnvironment());
    return env;
  }

  /** Starts {@code argv}; stdout and stderr are appended to the sandbox files, stdin is /dev/null. */
  Process launch(List<String> argv) throws IOException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty executor command line");
    }
    Files.createDirectories(sandbox);
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
    builder.environment().putAll(addedEnvironment());
    return builder.start();
  }
}
