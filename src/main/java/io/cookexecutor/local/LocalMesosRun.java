package io.cookexecutor.local;

import io.cookexecutor.agent.Statuses;
import io.cookexecutor.config.MesosDuration;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.local.agent.AgentListener;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.local.container.CgroupSupport;
import io.cookexecutor.local.container.ContainerLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * {@code cook-executor local} on Mesos: one command as a Cook task under the real executor process, started
 * by an embedded agent on 127.0.0.1 exactly as a Mesos agent starts it; reports what the scheduler would
 * see and returns the task's exit code. What to do while the executor runs is {@link LocalWatch}'s decision;
 * once it gives up, the executor and its container are killed at once, so every wait stays in its bound.
 */
public final class LocalMesosRun {
  /** The container is destroyed within about 100 ms of the executor's exit; this only bounds a stuck one. */
  private static final Duration CONTAINER_WAIT = Duration.ofSeconds(15);
  /** How often the wait for the executor looks at the terminal update and the watch's deadlines. */
  private static final Duration POLL = Duration.ofSeconds(1);
  /** After the executor's exit, for the agent thread's last listener call (the terminal update) to arrive. */
  private static final Duration LAST_UPDATE_WAIT = Duration.ofSeconds(2);

  /**
   * What {@code local}'s options asked for.
   *
   * @param agent the embedded agent's settings (command, environment, sandbox, grace, resources)
   * @param limits the container's limits
   * @param killAfter send KILL this long after TASK_RUNNING
   * @param timeout send KILL this long after the launch, as Cook past a job's max-runtime
   * @param executorUri a file copied into the sandbox first, as the Mesos fetcher does
   * @param executorCommand the executor's shell command instead of this build
   */
  public record Plan(AgentSettings agent, ContainerLimits limits, Optional<Duration> killAfter,
      Optional<Duration> timeout, Optional<Path> executorUri, Optional<String> executorCommand) {}

  private final Plan plan;
  private final LocalReport report;
  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final Duration grace;

  /** {@code nanoTime} is the clock of the watch's decisions (tests: a clock that jumps past a bound). */
  public LocalMesosRun(Plan plan, LocalReport report, PrintWriter err, LongSupplier nanoTime) {
    this.plan = plan;
    this.report = report;
    this.err = err;
    this.nanoTime = nanoTime;
    this.grace = plan.agent().shutdownGracePeriod();
  }

  /** Runs the task to its end; returns its exit code (128+N for signal N, 1 when it never ran). */
  public int run() throws IOException, InterruptedException {
    Path box = plan.agent().sandbox().orElseThrow();
    report.note("sandbox " + box + " (kept)");
    if (!CgroupSupport.detect().available()) {
      report.note("no containers here (" + CgroupSupport.detect().description()
          + "); the executor runs without one"
          + (plan.limits().equals(ContainerLimits.NONE) ? "" : ", unlimited"));
    }
    try (LocalAgent agent = LocalAgent.start(plan.agent(), plan.limits())) {
      CountDownLatch terminal = new CountDownLatch(1);
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(r -> Threads.daemon("local-kill-timer", r));
      agent.addListener(listener(agent, terminal, timer));
      Process executor = startExecutor(agent, box);
      try (Threads.ExitHook onCtrlC = Threads.onExit("local-shutdown", () -> shutdown(agent, executor))) {
        if (!awaitExecutor(executor, agent, terminal)) {
          terminal.await(LAST_UPDATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } finally {
        timer.shutdownNow();
      }
      return finish(agent, executor);
    }
  }

  private AgentListener listener(LocalAgent agent, CountDownLatch terminal, ScheduledExecutorService timer) {
    return new AgentListener() {
      @Override
      public void onUpdate(TaskStatus status, boolean duplicate) {
        if (duplicate || !status.getTaskId().equals(agent.taskId())) {
          return;
        }
        report.status(status);
        if (status.getState() == TaskState.TASK_RUNNING && plan.killAfter().isPresent()) {
          timer.schedule(() -> agent.killTask(Optional.empty()), plan.killAfter().get().toNanos(),
              TimeUnit.NANOSECONDS);
        }
        if (Statuses.isTerminal(status.getState())) {
          terminal.countDown();
        }
      }

      @Override
      public void onMessage(byte[] data) {
        report.message(data);
      }
    };
  }

  private Process startExecutor(LocalAgent agent, Path box) throws IOException {
    if (plan.executorUri().isPresent()) {
      Path uri = plan.executorUri().get();
      Path target = box.resolve(uri.getFileName());
      Files.copy(uri, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true);
    }
    if (plan.executorCommand().isPresent()) {
      return agent.launchExecutorShell(plan.executorCommand().get());
    }
    return agent.launchExecutor(SelfCommand.argv());
  }

  /**
   * Waits for the executor to exit, however long its task runs, doing meanwhile what the watch says: the
   * timeout's KILL, and the bounded SHUTDOWN of an executor that does not exit after its task. Returns
   * true when it gave up on the executor, which it then killed, container and all.
   */
  private boolean awaitExecutor(Process executor, LocalAgent agent, CountDownLatch terminal)
      throws InterruptedException {
    LocalWatch watch = new LocalWatch(nanoTime.getAsLong(), plan.timeout(), grace);
    while (executor.isAlive()) {
      long now = nanoTime.getAsLong();
      if (terminal.getCount() == 0) {
        watch.ended(now);
      }
      switch (watch.next(now)) {
        case KILL -> {
          boolean sent = agent.killTask(Optional.empty());
          report.note("timeout of " + MesosDuration.format(plan.timeout().orElseThrow()) + " reached; "
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
          agent.killExecutors();
          return true;
        }
        case WAIT -> { }
      }
      long wait = Math.min(watch.nanosUntilNext(nanoTime.getAsLong()), POLL.toNanos());
      executor.waitFor(Math.max(1, wait), TimeUnit.NANOSECONDS);
    }
    return false;
  }

  /** Ctrl-C: SHUTDOWN, the grace plus 5 s for the executor, then what is left is killed. */
  private void shutdown(LocalAgent agent, Process executor) {
    if (executor.isAlive()) {
      agent.shutdown();
      try {
        executor.waitFor(grace.toMillis() + LocalWatch.SHUTDOWN_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (executor.isAlive()) {
        agent.killExecutors();
      }
    }
    // The JVM halts when this hook ends: let the container's watch remove its cgroup first.
    agent.awaitContainerEnd(CONTAINER_WAIT);
  }

  private int finish(LocalAgent agent, Process executor) {
    int executorExit = executor.isAlive() ? -1 : executor.exitValue();
    agent.awaitContainerEnd(CONTAINER_WAIT)
        .ifPresent(usage -> report.container(agent.containerName().orElse(""), usage));
    report.note("executor exited with " + executorExit + "; task exit code "
        + report.exitCode().map(String::valueOf).orElse("none"));
    return report.taskExitCode();
  }
}
