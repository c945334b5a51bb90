package io.cookexecutor.sidecar;

import io.cookexecutor.config.SidecarConfig;
import io.cookexecutor.sidecar.files.FileServer;
import io.cookexecutor.sidecar.page.PageHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import io.cookexecutor.log.Log;

/**
 * The Kubernetes sidecar (kubernetes-sidecar.md): the file server and the progress reporter, until SIGTERM,
 * SIGINT or the exit sentinel; then the final progress state within {@link #FINAL_SEND_BUDGET}, the file
 * server stopped, exit 0. Start-up errors (no port, no workdir, cannot bind) exit 1.
 */
public final class Sidecar {
  private static final Log LOG = Log.of(Sidecar.class);
  /**
   * Reading to the end and delivering the final progress state may take this long: well inside Kubernetes'
   * default 30 s grace, leaving 10 s for the rest of the stop, so SIGKILL never cuts it short.
   */
  public static final Duration FINAL_SEND_BUDGET = Duration.ofSeconds(20);

  /**
   * The command line ({@link SidecarArgs}): each component is the option of its name ({@code port} is
   * {@code --file-server-port}, {@code exitSentinel} {@code --exit-sentinel-file-path}); {@code port},
   * {@code exitSentinel} and {@code bind} are null when not given.
   */
  public record Options(Integer port, boolean noFileServer, boolean noProgressReporter, Path exitSentinel,
      int workers, int threads, String bind) {}

  private Sidecar() {}

  /** Runs the sidecar to its end; returns the exit code. */
  public static int run(Options o, Map<String, String> env, String version) throws InterruptedException {
    SidecarConfig config = SidecarConfig.from(env, Path.of("").toAbsolutePath(), o.bind());
    LOG.info("cook-sidecar {} starting, pid {}", version, ProcessHandle.current().pid());
    config.describe().forEach(line -> LOG.info("config {}", line));
    config.warnings().forEach(w -> LOG.warn("config: {}", w));
    StopTrigger trigger = new StopTrigger();
    trigger.onSignals();

    FileServer files = null;
    boolean reporting = !o.noProgressReporter() && ProgressReporter.enabled(config);
    ReporterStart reporterStart = new ReporterStart(reporting ? () -> ProgressReporter.from(config) : () -> null);
    CountDownLatch firstAnswer = new CountDownLatch(1);
    ProgressReporter reporter = null;
    try {
      if (!o.noFileServer()) {
        files = startFileServer(o, config, firstAnswer::countDown, pageHeader(config, reporting, reporterStart));
        if (files == null) {
          return 1;
        }
      }
      if (files == null) {
        reporter = reporterStart.startNow();
      } else {
        reporterStart.startAfter(firstAnswer, ReporterStart.MAX_DELAY);
      }
      if (files == null && reporter == null) {
        LOG.info("Neither the file server nor the progress reporter runs; nothing to do");
        return 0;
      }
      if (o.exitSentinel() != null) {
        trigger.onSentinel(o.exitSentinel());
      }
      String cause = trigger.await();
      LOG.info("Stopping: {}", cause);
      reporter = reporterStart.startNow();
      if (reporter != null) {
        reporter.finish(FINAL_SEND_BUDGET);
      }
      return 0;
    } finally {
      reporter = reporterStart.noMoreStarts();
      if (reporter != null) {
        reporter.close();
      }
      if (files != null) {
        files.close();
      }
      LOG.info("cook-sidecar stopped");
    }
  }

  /** The sandbox page's header: the job's identity, and the reporter's latest state once it has started. */
  private static PageHeader pageHeader(SidecarConfig config, boolean tracked, ReporterStart reporter) {
    return new PageHeader(config.jobUuid().orElse(null), config.instanceUuid().orElse(null),
        config.jobName().orElse(null), tracked, () -> {
          ProgressReporter r = reporter.current();
          return r == null ? null : r.latestFound();
        });
  }

  private static FileServer startFileServer(Options o, SidecarConfig config, Runnable afterAnswer,
      PageHeader page) {
    if (o.port() == null) {
      LOG.error("--file-server-port is required unless --no-file-server is given");
      return null;
    }
    if (config.workdir().isEmpty()) {
      LOG.error("COOK_WORKDIR (or COOK_SANDBOX) must be set for the file server");
      return null;
    }
    InetSocketAddress bind = config.bindAddress(o.port());
    if (bind.isUnresolved()) {
      LOG.error("Cannot bind the file server: {} is not a known address", config.bindHost());
      return null;
    }
    try {
      FileServer s = FileServer.start(config.workdir().get(), bind, config.maxReadLength(), o.workers(),
          o.threads(), afterAnswer, page);
      LOG.info("File server on {}:{} serving {}", bind.getAddress().getHostAddress(), s.port(),
          config.workdir().get());
      return s;
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot start the file server on {}: {}", bind, e.toString());
      return null;
    }
  }
}
