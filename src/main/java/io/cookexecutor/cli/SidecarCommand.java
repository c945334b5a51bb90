package io.cookexecutor.cli;

import io.cookexecutor.sidecar.Sidecar;
import io.cookexecutor.sidecar.SidecarArgs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cook-executor sidecar} (also installed as {@code cook-sidecar}): a drop-in for Cook's Kubernetes
 * sidecar container. Only the options live here (for usage, version and errors; a plain run is parsed by
 * {@link io.cookexecutor.sidecar.SidecarArgs} without picocli); {@link Sidecar} runs it.
 */
@Command(name = "sidecar", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = SidecarCommand.Version.class,
    description = {"Cook's Kubernetes sidecar: serves the sandbox (the Mesos agent's /files API) and reports "
        + "progress to the scheduler. Stops on SIGTERM, SIGINT or the exit sentinel, after sending the final "
        + "progress state.", "Logs go to stderr (EXECUTOR_LOG_LEVEL)."})
public final class SidecarCommand implements Callable<Integer> {
  @Option(names = SidecarArgs.PORT, paramLabel = "PORT", description = "The file server's port.")
  Integer port;

  @Option(names = SidecarArgs.NO_FILE_SERVER, description = "Do not serve the sandbox.")
  boolean noFileServer;

  @Option(names = SidecarArgs.NO_PROGRESS_REPORTER, description = "Do not report progress.")
  boolean noProgressReporter;

  @Option(names = SidecarArgs.EXIT_SENTINEL, paramLabel = "PATH",
      description = "Stop, as on SIGTERM, when this file appears.")
  Path exitSentinel;

  @Option(names = SidecarArgs.WORKERS, paramLabel = "N", description = "As Cook's sidecar (default ${DEFAULT-VALUE}).")
  int workers = SidecarArgs.DEFAULT_WORKERS;

  @Option(names = SidecarArgs.THREADS, paramLabel = "N", description = "As Cook's sidecar (default ${DEFAULT-VALUE}).")
  int threads = SidecarArgs.DEFAULT_THREADS;

  @Option(names = SidecarArgs.BIND, paramLabel = "ADDRESS",
      description = "Address to bind the file server (COOK_SIDECAR_BIND; default 0.0.0.0, all interfaces).")
  String bind;

  @Override
  public Integer call() {
    return run(options());
  }

  /** What picocli parsed, as the options of a run. */
  Sidecar.Options options() {
    return new Sidecar.Options(port, noFileServer, noProgressReporter, exitSentinel, workers, threads, bind);
  }

  /** Runs the sidecar with {@code options} (also the start-up path's entry, parsed by {@link SidecarArgs}). */
  public static int run(Sidecar.Options options) {
    try {
      return Sidecar.run(options, System.getenv(), io.cookexecutor.Version.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** {@code --version}. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cook-sidecar (cook-executor " + io.cookexecutor.Version.get() + ")"};
    }
  }
}
