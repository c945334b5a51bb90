package io.cookexecutor.cli;

import io.cookexecutor.local.LocalPodRun;
import io.cookexecutor.local.LocalReport;
import io.cookexecutor.local.LocalWatch;
import io.cookexecutor.local.SelfCommand;
import io.cookexecutor.config.MesosDuration;
import io.cookexecutor.local.agent.AgentListener;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.local.container.ContainerLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cook-executor local}: runs one command as a Cook task under the real executor process, started by
 * an embedded agent on 127.0.0.1 exactly as a Mesos agent starts it, and reports what the scheduler would
 * see. The product's main job on a machine without Mesos.
 */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run COMMAND as a Cook task under the real executor and an embedded Mesos agent.",
        "Prints each status update and framework message as it arrives and exits with the task's exit code "
            + "(128+N when the task died of signal N; 1 when the task never ran).",
        "Waits as long as the task runs (--timeout bounds it); Ctrl-C shuts the executor down gracefully."})
public final class LocalCommand implements java.util.concurrent.Callable<Integer> {
  /** The container is destroyed within about 100 ms of the executor's exit; killing what is left is bounded. */
  private static final Duration CONTAINER_WAIT = Duration.ofSeconds(15);
  /** How often the wait for the executor looks at the terminal update and the watch's deadlines. */
  private static final Duration POLL = Duration.ofSeconds(1);

  /** The clock of {@link LocalWatch}'s decisions (the timeout and the bounds after the task's end). */
  private final LongSupplier nanoTime;

  @Spec CommandSpec spec;

  @Option(names = "--sandbox", paramLabel = "DIR",
      description = "Sandbox directory (default: a new temporary directory, kept and printed).")
  Path sandbox;

  @Option(names = "--env", paramLabel = "K=V",
      description = "A variable of the task's environment (ExecutorInfo.command.environment); repeatable.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--grace", paramLabel = "DURATION", converter = MesosConverters.DurationConverter.class,
      description = "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD, e.g. 2secs (default 2secs).")
  Duration grace = Duration.ofSeconds(2);

  @Option(names = "--kill-after", paramLabel = "DURATION", converter = MesosConverters.DurationConverter.class,
      description = "Send KILL this long after TASK_RUNNING, e.g. 1secs.")
  Duration killAfter;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = MesosConverters.DurationConverter.class,
      description = "Kill the task this long after its launch, as Cook does past a job's max-runtime (KILL, "
          + "then the grace period), e.g. 2hrs (default: none; the task runs as long as it likes).")
  Duration timeout;

  @Option(names = "--checkpoint", description = "Framework checkpointing on (MESOS_CHECKPOINT=1).")
  boolean checkpoint;

  @Option(names = "--encoding", paramLabel = "protobuf|json",
      description = "Encoding between executor and agent (EXECUTOR_ENCODING; default protobuf).")
  String encoding;

  @Option(names = "--json", description = "One JSON object per line instead of text.")
  boolean json;

  @Option(names = "--executor-uri", paramLabel = "FILE",
      description = "Copy FILE into the sandbox (executable), as the Mesos fetcher does.")
  Path executorUri;

  @Option(names = "--executor-command", paramLabel = "CMD",
      description = "Start the executor with /bin/sh -c CMD in the sandbox "
          + "(e.g. 'mkdir .cook-executor && ./cook-executor').")
  String executorCommand;

  @Option(names = "--kubernetes", description = "Run COMMAND as Cook's Kubernetes pod instead: the job "
      + "container's shell, the sidecar (cook-sidecar) beside it, a scheduler endpoint on 127.0.0.1.")
  boolean kubernetes;

  @Option(names = "--keep-serving", description = "With --kubernetes: after the job ends, keep the sidecar "
      + "(its /files API and the sandbox page at the printed sandbox_page URL) up until Ctrl-C.")
  boolean keepServing;

  @Option(names = "--mem", paramLabel = "SIZE", converter = MesosConverters.SizeConverter.class,
      description = "The task's mem resource and its container's memory limit, e.g. 256MB (default: no limit).")
  Long memBytes;

  @Option(names = "--cpus", paramLabel = "N",
      description = "The task's cpus resource and its container's CFS quota, e.g. 0.5 (default: no limit).")
  Double cpus;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The task's shell command.")
  List<String> command;

  /** As picocli makes it: decisions on {@link System#nanoTime}. */
  public LocalCommand() {
    this(System::nanoTime);
  }

  /** With another clock for the decisions (tests: a clock that jumps past a bound). */
  LocalCommand(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (kubernetes) {
      if (memBytes != null || cpus != null || executorCommand != null || timeout != null) {
        err.println("cook-executor local: --mem, --cpus, --executor-command and --timeout apply to the Mesos "
            + "run, not to --kubernetes");
        return 2;
      }
      return new LocalPodRun(sandbox, env, String.join(" ", command),
          new LocalReport(out, json, System.console() != null), keepServing).run();
    }
    if (keepServing) {
      err.println("cook-executor local: --keep-serving applies to --kubernetes only");
      return 2;
    }
    if (encoding != null) {
      env.put("EXECUTOR_ENCODING", encoding);
    }
    Path box = sandbox != null ? Files.createDirectories(sandbox.toAbsolutePath())
        : Files.createTempDirectory("cook-sandbox-");
    AgentSettings.Builder settings = AgentSettings.builder()
        .command(String.join(" ", command))
        .taskEnvironment(env)
        .sandbox(box)
        .checkpoint(checkpoint)
        .shutdownGracePeriod(grace);
    if (executorCommand != null) {
      settings.executorCommand(executorCommand);
    }
    if (cpus != null && !(cpus > 0 && cpus < 1e6)) {
      err.println("cook-executor local: --cpus must be a positive number");
      return 2;
    }
    if (timeout != null && timeout.isZero()) {
      err.println("cook-executor local: --timeout must be longer than 0");
      return 2;
    }
    ContainerLimits limits = new ContainerLimits(Optional.ofNullable(memBytes), Optional.ofNullable(cpus));
    if (memBytes != null) {
      settings.memMb(memBytes / 1048576.0);
    }
    if (cpus != null) {
      settings.cpus(cpus);
    }
    LocalReport report = new LocalReport(out, json, System.console() != null);
    report.note("sandbox " + box + " (kept)");
    if (!LocalAgent.containerSupport().available()) {
      report.note("no containers here (" + LocalAgent.containerSupport().description()
          + "); the executor runs without one" + (memBytes != null || cpus != null ? ", unlimited" : ""));
    }
    try (LocalAgent agent = LocalAgent.start(settings.build(), limits)) {
      CountDownLatch terminal = new CountDownLatch(1);
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-kill-timer");
        t.setDaemon(true);
        return t;
      });
      agent.addListener(new AgentListener() {
        @Override
        public void onUpdate(TaskStatus status, boolean duplicate) {
          if (duplicate || !status.getTaskId().equals(agent.taskId())) {
            return;
          }
          report.status(status);
          if (status.getState() == TaskState.TASK_RUNNING && killAfter != null) {
            timer.schedule(() -> agent.killTask(Optional.empty()), killAfter.toNanos(), TimeUnit.NANOSECONDS);
          }
          if (io.cookexecutor.agent.Statuses.isTerminal(status.getState())) {
            terminal.countDown();
          }
        }

        @Override
        public void onMessage(byte[] data) {
          report.message(data);
        }
      });
      Process executor = startExecutor(agent, box);
      LocalWatch watch = new LocalWatch(nanoTime.getAsLong(), Optional.ofNullable(timeout), grace);
      Thread onCtrlC = new Thread(() -> {
        if (executor.isAlive()) {
          agent.shutdown();
          waitQuietly(executor, Duration.ofSeconds(grace.toSeconds() + 5));
        }
        // The JVM halts when this hook ends: let the container's watch remove its cgroup first.
        agent.awaitContainerEnd(CONTAINER_WAIT);
      }, "local-shutdown");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      try {
        awaitExecutor(executor, agent, terminal, watch, report, err);
        // Listener callbacks run on the agent's thread: give the last one a moment to arrive.
        terminal.await(2, TimeUnit.SECONDS);
      } finally {
        timer.shutdownNow();
        try {
          Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException alreadyExiting) {
          // The JVM is exiting: the hook is running.
        }
      }
      int executorExit = executor.isAlive() ? -1 : executor.exitValue();
      agent.awaitContainerEnd(CONTAINER_WAIT)
          .ifPresent(usage -> report.container(agent.containerName().orElse(""), usage));
      int code = report.taskExitCode();
      report.note("executor exited with " + executorExit + "; task exit code "
          + (report.exitCodeSeen() ? String.valueOf(report.exitCodeRaw()) : "none"));
      out.flush();
      return code;
    }
  }

  private Process startExecutor(LocalAgent agent, Path box) throws IOException {
    if (executorUri != null) {
      Path target = box.resolve(executorUri.getFileName());
      Files.copy(executorUri, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true);
    }
    if (executorCommand != null) {
      return agent.launchExecutorShell(executorCommand);
    }
    return agent.launchExecutor(SelfCommand.argv());
  }


  /**
   * Waits for the executor to exit, however long its task runs, doing meanwhile what {@code watch} says:
   * the timeout's KILL, and the bounded SHUTDOWN of an executor that does not exit after its task.
   */
  private void awaitExecutor(Process executor, LocalAgent agent, CountDownLatch terminal, LocalWatch watch,
      LocalReport report, PrintWriter err) throws InterruptedException {
    while (executor.isAlive()) {
      long now = nanoTime.getAsLong();
      if (terminal.getCount() == 0) {
        watch.ended(now);
      }
      switch (watch.next(now)) {
        case KILL -> {
          boolean sent = agent.killTask(Optional.empty());
          report.note("timeout of " + MesosDuration.format(timeout) + " reached; "
              + (sent ? "killed the task (KILL: SIGTERM, then SIGKILL after the grace period of "
                  + MesosDuration.format(grace) + ")" : "could not send KILL: the executor is not subscribed"));
        }
        case SHUTDOWN_AFTER_KILL -> {
          err.println("cook-executor local: the task did not end after the kill; shutting the executor down");
          agent.shutdown();
        }
        case SHUTDOWN_AFTER_END -> {
          err.println("cook-executor local: the executor did not exit after its task ended; shutting it down");
          agent.shutdown();
        }
        case GIVE_UP -> {
          err.println("cook-executor local: the executor did not exit after SHUTDOWN; killing it");
          return;
        }
        case WAIT -> { }
      }
      long wait = Math.min(watch.nanosUntilNext(nanoTime.getAsLong()), POLL.toNanos());
      executor.waitFor(Math.max(1, wait), TimeUnit.NANOSECONDS);
    }
  }

  private static void waitQuietly(Process p, Duration d) {
    try {
      p.waitFor(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
