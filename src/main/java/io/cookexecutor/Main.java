package io.cookexecutor;

import io.cookexecutor.cli.LocalCommand;
import io.cookexecutor.log.Log;
import io.cookexecutor.cli.ProgressCommand;
import io.cookexecutor.cli.SidecarCommand;
import io.cookexecutor.config.SidecarConfig;
import io.cookexecutor.sidecar.Sidecar;
import io.cookexecutor.sidecar.SidecarArgs;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cook-executor}: with no arguments, the Mesos executor; {@code local} runs a command under the
 * real executor and an embedded agent; {@code progress} dry-runs the progress regex on files; {@code sidecar}
 * is Cook's Kubernetes sidecar.
 */
@Command(name = "cook-executor", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "A Mesos executor for the Cook scheduler. With no arguments it runs as the executor, "
        + "started by a Mesos agent with the MESOS_* environment.",
    subcommands = {LocalCommand.class, ProgressCommand.class, SidecarCommand.class})
public final class Main implements Callable<Integer> {

  /** Entry point. */
  public static void main(String[] args) {
    int code;
    if (args.length == 0) {
      // The agent's path: skip the command-line machinery, start-up time is what every task pays.
      code = ExecutorMain.run(io.cookexecutor.posix.Posix.environment());
    } else if (args[0].equals("sidecar")) {
      // The pod's path: no picocli unless it must print usage, version or an error (SidecarArgs).
      Log.toStderr(SidecarConfig.logLevelOf(System.getenv()));
      List<String> rest = Arrays.asList(args).subList(1, args.length);
      Optional<Sidecar.Options> options = SidecarArgs.parse(rest);
      code = options.isPresent() ? SidecarCommand.run(options.get())
          : new CommandLine(new SidecarCommand()).execute(rest.toArray(new String[0]));
    } else {
      Log.toStderr(System.getenv().getOrDefault("COOK_EXECUTOR_CLI_LOG_LEVEL", "WARN"));
      code = new CommandLine(new Main()).execute(args);
    }
    System.out.flush();
    System.exit(code);
  }

  @Override
  public Integer call() {
    return ExecutorMain.run(io.cookexecutor.posix.Posix.environment());
  }

  /** Reports the build's version for {@code --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cook-executor " + Version.get()};
    }
  }
}
