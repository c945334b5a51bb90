package io.cookexecutor;

import io.cookexecutor.agent.AgentClient;
import io.cookexecutor.agent.AgentSession;
import io.cookexecutor.agent.HttpAgentCalls;
import io.cookexecutor.tls.TlsSetupException;
import io.cookexecutor.tls.TlsSockets;
import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.executor.CookExecutor;
import io.cookexecutor.loop.EventLoop;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.message.SandboxOutput;
import io.cookexecutor.task.OsProcesses;
import io.cookexecutor.task.ProcessLauncher;
import io.cookexecutor.task.TaskProgress;
import io.cookexecutor.task.TaskSupervisor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import io.cookexecutor.log.Log;
import sun.misc.Signal;

/** Executor mode: what runs when the agent starts {@code cook-executor} with no arguments. */
final class ExecutorMain {
  private ExecutorMain() {}

  /** Runs the executor to its end and returns the process exit code. */
  static int run(Map<String, String> env) {
    return run(env, (executor, loop) -> executor);
  }

  /**
   * As {@link #run(Map)}, with what the agent session reports going through {@code listener} first (given
   * the executor and the loop): the seam of test-only launchers, which the environment cannot reach.
   */
  static int run(Map<String, String> env,
      BiFunction<AgentSession.Listener, io.cookexecutor.loop.Loop, AgentSession.Listener> listener) {
    SandboxOutput out = new SandboxOutput(System.out);
    out.banner(Version.get());
    ExecutorConfig config = ExecutorConfig.from(env, Path.of("").toAbsolutePath());
    Log.toFile(config.sandbox().resolve("executor.log"), config.logLevel());
    Log log = Log.of(ExecutorMain.class);
    log.info("Cook Executor {} starting, pid {}", Version.get(), OsProcesses.selfPid());
    for (String line : config.describe()) {
      log.info("config {}", line);
    }
    for (String w : config.warnings()) {
      log.warn("config: {}", w);
    }
    String missing = config.frameworkId() == null ? "MESOS_FRAMEWORK_ID"
        : config.executorId() == null ? "MESOS_EXECUTOR_ID"
        : config.agentEndpoint() == null ? "MESOS_AGENT_ENDPOINT" : null;
    if (missing != null) {
      log.error("{} is not set: this is not a Mesos agent's environment", missing);
      System.err.println("cook-executor: " + missing + " is not set; the executor must be started by a "
          + "Mesos agent (try `cook-executor local -- COMMAND`)");
      return 1;
    }
    Optional<TlsSockets> tls = Optional.empty();
    if (config.sslEnabled()) {
      try {
        tls = Optional.of(tlsSockets(config, log));
      } catch (TlsSetupException e) {
        // As when the agent cannot be reached: nothing was launched, so there is nothing to report but this.
        log.error("Giving up on the agent: TLS cannot be set up: {}", e.getMessage());
        System.err.println("cook-executor: TLS to the agent cannot be set up: " + e.getMessage());
        return 0;
      }
    }
    EventLoop loop = new EventLoop();
    AgentClient client = new AgentClient(config.agentEndpoint(), config.encoding(),
        config.authenticationToken(), tls);
    CookExecutor executor = new CookExecutor(config, loop);
    executor.attach(
        new AgentSession(loop, new HttpAgentCalls(loop, client), config.frameworkId(), config.executorId(),
            config.checkpoint(), config.recoveryTimeout(), config.subscriptionBackoffMax(),
            listener.apply(executor, loop)),
        new TaskSupervisor(TaskSupervisor.Settings.of(config, env), loop, executor, out,
            new OsProcesses(new ProcessLauncher(), OsProcesses.selfPid()), TaskProgress.tracker(loop)));
    Threads.onUncaught(t -> loop.post(() -> executor.onInternalFailure(t)));

    for (String name : new String[] {"TERM", "INT", "HUP"}) {
      Signal.handle(new Signal(name), sig -> loop.post(() -> executor.onSignal(name)));
    }
    MemoryReport.every(loop, config.memoryUsageInterval(), log);
    loop.post(executor::start);

    int code = loop.run(executor::onInternalFailure);
    try {
      executor.close();
    } catch (RuntimeException | LinkageError e) {
      log.error("Failure while closing", e);
    }
    log.info("{}; exit code {}", MemoryReport.line(), code);
    return code;
  }

  /** The TLS layer from the libprocess variables; only called when SSL is on, so JSSE stays unloaded otherwise. */
  private static TlsSockets tlsSockets(ExecutorConfig config, Log log) throws TlsSetupException {
    TlsSockets tls = TlsSockets.create(config.tlsOptions());
    log.info("TLS to the agent: {}", tls.summary());
    if (!config.sslVerifyCert()) {
      log.warn("LIBPROCESS_SSL_VERIFY_CERT is off: the agent's certificate and host name are not checked, "
          + "so anyone who can intercept the connection can pose as the agent");
    }
    return tls;
  }
}
