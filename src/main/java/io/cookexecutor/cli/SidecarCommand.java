package io.cookexecutor.cli;

import io.cookexecutor.sidecar.Sidecar;
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
  @Option(names = "--file-server-port", paramLabel = "PORT", description = "The file server's port.")
  Integer port;

  @Option(names = "--no-file-server", description = "Do not serve the sandbox.")
  boolean noFileServer;

  @Option(names = "--no-progress-reporter", description = "Do not report progress.")
  boolean noProgressReporter;

  @Option(names = "--exit-sentinel-file-path", paramLabel = "PATH",
      description = "Stop, as on SIGTERM, when this file appears.")
  Path exitSentinel;

  @Option(names = "--file-server-workers", paramLabel = "N", description = "As Cook's sidecar (default 2).")
  int workers = 2;

  @Option(names = "--file-server-threads", paramLabel = "N", description = "As Cook's sidecar (default 2).")
  int threads = 2;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to bind the file server (COOK_SIDECAR_BIND; default 0.0.0.0, all interfaces).")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    return run(new Sidecar.Options(port, noFileServer, noProgressReporter, exitSentinel, workers, threads, bind));
  }

  /** Runs the sidecar with {@code options} (also the start-up path's entry, parsed by SidecarArgs). */
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
