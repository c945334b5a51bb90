package io.cookexecutor.local.agent;

import io.cookexecutor.config.MesosDuration;
import io.cookexecutor.local.container.CgroupSupport;
import io.cookexecutor.local.container.Container;
import io.cookexecutor.local.container.ContainerLimits;
import io.cookexecutor.log.Log;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Starts executor processes the way a Mesos agent does: in the sandbox, with the agent's environment, and
 * each in a container of its own where cgroups are writable; kills what is left of them.
 */
final class ExecutorLauncher {
  private static final Log LOG = Log.of(ExecutorLauncher.class);
  private static final long PROCESS_KILL_MILLIS = 5000;

  private final AgentSettings settings;
  private final Path sandbox;
  private final String endpoint;
  private final ContainerLimits limits;
  /** What the agent says to the scheduler about a container the kernel killed for memory. */
  private final Container.Events memoryLimited;
  private final List<Process> launched = new CopyOnWriteArrayList<>();
  private final List<Container> containers = new CopyOnWriteArrayList<>();

  ExecutorLauncher(AgentSettings settings, String endpoint, ContainerLimits limits, Container.Events memoryLimited) {
    this.settings = settings;
    this.sandbox = settings.sandbox().orElseThrow();
    this.endpoint = endpoint;
    this.limits = limits;
    this.memoryLimited = memoryLimited;
  }

  /**
   * The variables the agent adds to its own environment, in order of precedence (later wins): the agent's
   * MESOS_* variables (and LIBPROCESS_SSL_ENABLED when serving TLS), then
   * {@code ExecutorInfo.command.environment}, then the configured extras.
   */
  private Map<String, String> addedEnvironment() {
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

  /**
   * Starts {@code argv} in a new container, watched until its end (without one where that cannot be made);
   * stdout and stderr are appended to the sandbox files, stdin is /dev/null.
   */
  Process launch(List<String> argv) throws IOException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty executor command line");
    }
    Optional<Container> container = newContainer();
    Process p;
    try {
      Files.createDirectories(sandbox);
      ProcessBuilder builder = new ProcessBuilder(container.map(c -> c.wrap(argv)).orElse(argv))
          .directory(sandbox.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
      builder.environment().putAll(addedEnvironment());
      p = builder.start();
    } catch (IOException | RuntimeException e) {
      container.ifPresent(Container::destroy);
      throw e;
    }
    launched.add(p);
    container.ifPresent(c -> c.watch(p, memoryLimited));
    return p;
  }

  /** A new container for the next executor; empty without cgroup support or when creating it failed. */
  private Optional<Container> newContainer() {
    CgroupSupport support = CgroupSupport.detect();
    if (!support.available()) {
      return Optional.empty();
    }
    String name = "cook-executor-local-" + UUID.randomUUID();
    try {
      Container c = Container.create(support, name, limits);
      containers.add(c);
      return Optional.of(c);
    } catch (IOException e) {
      LOG.warn("Cannot create the container {}; running the executor without one: {}", name, e.toString());
      return Optional.empty();
    }
  }

  Optional<Container> lastContainer() {
    return containers.isEmpty() ? Optional.empty() : Optional.of(containers.get(containers.size() - 1));
  }

  /** SIGKILLs every executor still running and its descendants, now (each waited for, bounded). */
  void killAll() {
    for (Process p : launched) {
      if (!p.isAlive()) {
        continue;
      }
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(PROCESS_KILL_MILLIS, TimeUnit.MILLISECONDS); // nothing more can be done than SIGKILL
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Kills every executor, destroys every container (idempotent) and joins their watch threads, bounded. */
  void close() {
    killAll();
    containers.forEach(Container::close);
  }
}
