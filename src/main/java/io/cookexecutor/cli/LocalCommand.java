package io.cookexecutor.cli;

import io.cookexecutor.local.LocalMesosRun;
import io.cookexecutor.local.LocalPodRun;
import io.cookexecutor.local.LocalReport;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.container.ContainerLimits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;


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
  /** The clock of the run's decisions (the timeout and the bounds after the task's end). */
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
    String refused = refusedCombination();
    if (refused != null) {
      err.println("cook-executor local: " + refused);
      return 2;
    }
    LocalReport report = new LocalReport(out, json, System.console() != null);
    Path box = sandbox != null ? Files.createDirectories(sandbox.toAbsolutePath())
        : Files.createTempDirectory("cook-sandbox-");
    int code;
    if (kubernetes) {
      code = new LocalPodRun(box, env, String.join(" ", command), report, keepServing).run();
    } else {
      code = new LocalMesosRun(plan(box), report, err, nanoTime).run();
    }
    out.flush();
    return code;
  }

  /** Why the options cannot go together, or null when they can. */
  private String refusedCombination() {
    if (kubernetes && (memBytes != null || cpus != null || executorCommand != null || timeout != null)) {
      return "--mem, --cpus, --executor-command and --timeout apply to the Mesos run, not to --kubernetes";
    }
    if (!kubernetes && keepServing) {
      return "--keep-serving applies to --kubernetes only";
    }
    if (cpus != null && !(cpus > 0 && cpus < 1e6)) {
      return "--cpus must be a positive number";
    }
    if (timeout != null && timeout.isZero()) {
      return "--timeout must be longer than 0";
    }
    return null;
  }

  /** The Mesos run the options describe, in the sandbox {@code box}. */
  private LocalMesosRun.Plan plan(Path box) {
    if (encoding != null) {
      env.put("EXECUTOR_ENCODING", encoding);
    }
    AgentSettings.Builder settings = AgentSettings.builder()
        .command(String.join(" ", command))
        .sandbox(box)
        .checkpoint(checkpoint)
        .shutdownGracePeriod(grace);
    env.forEach(settings::taskEnv);
    if (memBytes != null) {
      settings.memMb(memBytes / 1048576.0);
    }
    if (cpus != null) {
      settings.cpus(cpus);
    }
    return new LocalMesosRun.Plan(settings.build(),
        new ContainerLimits(Optional.ofNullable(memBytes), Optional.ofNullable(cpus)),
        Optional.ofNullable(killAfter), Optional.ofNullable(timeout), Optional.ofNullable(executorUri),
        Optional.ofNullable(executorCommand));
  }
}
