package io.cookexecutor;

import io.cookexecutor.agent.AgentClient;
import io.cookexecutor.agent.AgentSession;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.agent.HttpAgentCalls;
import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.executor.CookExecutor;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.EventLoop;
import io.cookexecutor.message.SandboxOutput;
import io.cookexecutor.task.OsProcesses;
import io.cookexecutor.task.ProcessLauncher;
import io.cookexecutor.task.TaskProgress;
import io.cookexecutor.task.TaskSupervisor;
import io.cookexecutor.tls.TlsSetupException;
import io.cookexecutor.tls.TlsSockets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Executor mode: what runs when the agent starts {@code cook-executor} with no arguments. */
final class ExecutorMain {
  private ExecutorMain() {}

  /** Runs the executor to its end and returns the process exit code. */
  static int run(Map<String, String> env) {
    return run(env, null);
  }

  /**
   * As {@link #run(Map)}, with what the agent session reports going through {@code listener} first (given
   * the executor and the loop; null for none): the seam of test-only launchers, which the environment
   * cannot reach.
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
    Encoding encoding = config.jsonEncoding() ? Encoding.JSON : Encoding.PROTOBUF;
    AgentClient client = new AgentClient(config.agentEndpoint(), encoding, config.authenticationToken(), tls);
    CookExecutor executor = new CookExecutor(config, loop);
    executor.attach(
        new AgentSession(loop, new HttpAgentCalls(loop, client), config.frameworkId(), config.executorId(),
            config.checkpoint(), config.recoveryTimeout(), config.subscriptionBackoffMax(),
            listener == null ? executor : listener.apply(executor, loop)),
        new TaskSupervisor(TaskSupervisor.Settings.of(config, env), loop, executor, out,
            new OsProcesses(new ProcessLauncher(), OsProcesses.selfPid(), loop), TaskProgress.tracker(loop)));
    Interruptions interruptions = new Interruptions(loop, executor);
    Threads.onUncaught(interruptions);
    for (String name : new String[] {"TERM", "INT", "HUP"}) {
      Signal.handle(new Signal(name), interruptions);
    }
    new MemoryReport(loop, config.memoryUsageInterval(), log).schedule();
    executor.start(); // this thread is the loop's, which runs from the next lines
    warmUp(encoding, log);

    int code = loop.run(interruptions);
    try {
      executor.close();
    } catch (RuntimeException | LinkageError e) {
      log.error("Failure while closing", e);
    }
    log.info("{}; exit code {}", MemoryReport.line(), code);
    return code;
  }

  /**
   * The codec's one-time set-up, on the loop's thread before it runs: idle until the agent's first events,
   * it does this beside the SUBSCRIBE round trip, which would otherwise pay it between LAUNCH and RUNNING.
   */
  private static void warmUp(Encoding encoding, Log log) {
    try {
      encoding.warmUp();
    } catch (IOException | RuntimeException | LinkageError e) {
      log.warn("The codec's warm-up failed ({}); the first events pay its set-up", e.toString());
    }
  }

  /** The TLS layer from the libprocess variables; only called when SSL is on, so JSSE stays unloaded otherwise. */
  private static TlsSockets tlsSockets(ExecutorConfig config, Log log) throws TlsSetupException {
    TlsSockets tls = TlsSockets.create(config.tlsOptions());
    log.info("TLS to the agent: {}", tls.summary());
    if (!config.tlsOptions().verifyCert()) {
      log.warn("LIBPROCESS_SSL_VERIFY_CERT is off: the agent's certificate and host name are not checked, "
          + "so anyone who can intercept the connection can pose as the agent");
    }
    return tls;
  }

  /**
   * What interrupts the executor from outside its loop's work: signals and other threads' uncaught
   * failures, each posted to the loop; and a failure of the loop's own work, told at once (this object is
   * made on the loop's thread). A class rather than lambdas: each is a class every start loads.
   */
  private static final class Interruptions implements SignalHandler, Consumer<Throwable> {
    private final EventLoop loop;
    private final CookExecutor executor;
    private final Thread loopThread = Thread.currentThread();

    Interruptions(EventLoop loop, CookExecutor executor) {
      this.loop = loop;
      this.executor = executor;
    }

    @Override
    public void handle(Signal signal) {
      loop.post(new Interruption(executor, signal.getName(), null));
    }

    @Override
    public void accept(Throwable failure) {
      if (Thread.currentThread() == loopThread) {
        executor.onInternalFailure(failure);
      } else {
        loop.post(new Interruption(executor, null, failure));
      }
    }
  }

  /** A signal (its name) or a failure, told to the executor on its loop. */
  private static final class Interruption implements Runnable {
    private final CookExecutor executor;
    private final String signal;
    private final Throwable failure;

    Interruption(CookExecutor executor, String signal, Throwable failure) {
      this.executor = executor;
      this.signal = signal;
      this.failure = failure;
    }

    @Override
    public void run() {
      if (signal != null) {
        executor.onSignal(signal);
      } else {
        executor.onInternalFailure(failure);
      }
    }
  }
}
