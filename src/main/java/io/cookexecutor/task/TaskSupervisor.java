package io.cookexecutor.task;

import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.config.MesosDuration;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.message.FrameworkMessages;
import io.cookexecutor.message.SandboxOutput;
import io.cookexecutor.progress.ProgressLocations;
import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressSink;
import io.cookexecutor.progress.ProgressUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The lifecycle of the executor's one task: launch, progress, kill with escalation, exit, clean-up of what
 * the task left behind, and exactly one terminal state. A state machine driven by the event loop; it knows
 * nothing of HTTP and reports through {@link Reporter}.
 */
public final class TaskSupervisor {
  private static final Log LOG = Log.of(TaskSupervisor.class);
  /** How long to wait for processes that survive SIGKILL (uninterruptible sleep) before reporting anyway. */
  private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);

  /** What the supervisor reports; the executor turns it into status updates and framework messages. */
  public interface Reporter {
    void status(TaskID task, TaskState state, TaskStatus.Reason reason, String message);

    /** A framework message the scheduler must get (the sandbox directory, the exit code). */
    void message(byte[] json, String what);

    /** A progress message: a newer one supersedes it while it is undelivered. */
    void progress(byte[] json, String what);

    /** The terminal status has been reported and no process of the task is left. */
    void terminated();
  }

  /** What the supervisor needs to know from the configuration. */
  public record Settings(Path sandbox, String hostSandboxDirectory, Map<String, String> executorEnvironment,
      List<String> resetVars, String progressVariable, String progressValue, Path progressFile,
      ProgressSettings progress, Duration defaultGracePeriod) {
    /** The settings {@code config} gives, for a task started in the executor's environment {@code env}. */
    public static Settings of(ExecutorConfig config, Map<String, String> env) {
      return new Settings(config.sandbox(), config.hostSandboxDirectory(), env, config.resetVars(),
          config.progressOutputFileEnvName(), config.progressOutputFileForTask(), config.progressOutputFile(),
          config.progress(),
          config.shutdownGracePeriod());
    }
  }

  private final Settings settings;
  private final Loop loop;
  private final Reporter reporter;
  private final SandboxOutput out;
  private final TaskProcesses processes;
  private final TaskProgress.Factory progressFactory;

  private Phase state = new Phase.Waiting();
  private TaskInfo task;
  private TaskID taskId;
  private TaskProgress tracker;
  private final Events events = new Events();
  private final Escalation escalation;

  public TaskSupervisor(Settings settings, Loop loop, Reporter reporter, SandboxOutput out,
      TaskProcesses processes, TaskProgress.Factory progressFactory) {
    this.settings = settings;
    this.loop = loop;
    this.reporter = reporter;
    this.out = out;
    this.processes = processes;
    this.progressFactory = progressFactory;
    this.escalation = new Escalation(loop, events);
  }

  /** Whether no task was launched yet. */
  public boolean awaitingLaunch() {
    return state instanceof Phase.Waiting;
  }

  /** Whether no task is live: none launched yet, or its terminal state reported and its tree gone. */
  public boolean idle() {
    return state instanceof Phase.Waiting || state instanceof Phase.Over;
  }

  /** The task's id once launched, else null. */
  public TaskID taskId() {
    return taskId;
  }

  /** The launched TaskInfo, else null. */
  public TaskInfo task() {
    return task;
  }

  /** Launches {@code info}; reports STARTING, the sandbox, then RUNNING or a terminal error. */
  public void launch(TaskInfo info) {
    if (!(state instanceof Phase.Waiting)) {
      throw new IllegalStateException("one task per executor");
    }
    task = info;
    taskId = info.getTaskId();
    String id = taskId.getValue();
    reporter.status(taskId, TaskState.TASK_STARTING, null, null);
    reporter.message(FrameworkMessages.sandboxDirectory(id, settings.hostSandboxDirectory()),
        "sandbox directory of task " + id);
    TaskCommand.Parsed parsed = TaskCommand.parse(info.getData());
    if (!parsed.valid()) {
      LOG.error("Task {} is invalid: {}", id, parsed.error());
      terminate(TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID, parsed.error());
      return;
    }
    Map<String, String> env = TaskEnvironment.build(settings.executorEnvironment(), info,
        settings.resetVars(), settings.progressVariable(), settings.progressValue());
    LOG.info("Launching task {}: a command of {} characters, {} environment variables", id,
        parsed.command().length(), env.size());
    LOG.debug("Command of task {}: {}", id, parsed.command());
    LOG.debug("Environment variable names of task {}: {}", id, env.keySet());
    int pid;
    try {
      pid = processes.launch(parsed.command(), env, settings.sandbox());
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.error("Cannot start task {}", id, e);
      terminate(TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
          "cannot start the command: " + e.getMessage());
      return;
    }
    state = new Phase.Running(pid, false);
    out.forked(pid);
    LOG.info("Forked command of task {} at pid {}", id, pid);
    processes.watch(pid, events);
    reporter.status(taskId, TaskState.TASK_RUNNING, null, null);
    tracker = progressFactory.start(settings.progress(),
        ProgressLocations.of(settings.progressFile(), settings.sandbox()), events);
  }

  /**
   * What the supervisor hears, all on the loop: the processes' watch, the progress tracker's updates and
   * the end of its final read, and the escalation's SIGKILL. One object for all: each lambda would be a
   * class more that every executor start loads.
   */
  private final class Events implements TaskProcesses.Watcher, ProgressSink, Consumer<Throwable>, Runnable {
    @Override
    public void exited(int rawWaitStatus) {
      TaskSupervisor.this.exited(ExitStatus.fromWaitStatus(rawWaitStatus));
    }

    @Override
    public void allGone() {
      TaskSupervisor.this.allGone();
    }

    /** A progress update; the tracker runs on the loop, so it goes straight on, in order with the rest. */
    @Override
    public void send(ProgressUpdate u) {
      String id = taskId.getValue();
      reporter.progress(FrameworkMessages.progress(id, u.sequence(), u.percent(), u.message()),
          "progress " + u.percent() + "% (sequence " + u.sequence() + ") of task " + id);
    }

    /** The final progress read is over, with its failure or null. */
    @Override
    public void accept(Throwable error) {
      progressFinished(error);
    }

    /** The grace period is over. */
    @Override
    public void run() {
      escalate();
    }
  }

  /**
   * Stops the task: SIGTERM to its whole tree now, SIGKILL to what is left when the grace period (less a
   * small margin) is over. A later kill may only shorten the wait.
   *
   * @return false when there is no running task to kill
   */
  public boolean kill(Duration grace, String cause) {
    if (state instanceof Phase.Running running && !running.killing()) {
      state = new Phase.Running(running.pid(), true);
      out.killReceived(taskId.getValue(), MesosDuration.format(grace));
      LOG.info("Killing task {} ({}), grace period {}", taskId.getValue(), cause, MesosDuration.format(grace));
      if (tracker != null) {
        tracker.stop();
      }
      processes.signalTree(LibC.SIGTERM, running.pid());
      escalation.schedule(grace);
      return true;
    }
    if (state instanceof Phase.Running) {
      LOG.info("Another kill for task {} ({}), grace period {}", taskId.getValue(), cause,
          MesosDuration.format(grace));
      escalation.schedule(grace);
      return true;
    }
    if (state instanceof Phase.Exited) {
      // The command is gone; what it left behind gets the same treatment.
      processes.signalTree(LibC.SIGTERM, 0);
      escalation.schedule(grace);
      return true;
    }
    return false;
  }

  /**
   * The executor failed while managing the task: kill the tree at once and report TASK_FAILED with
   * {@code reason}.
   */
  public void fail(TaskStatus.Reason reason, String message) {
    if (state instanceof Phase.Waiting || state instanceof Phase.Over) {
      return;
    }
    processes.signalTree(LibC.SIGKILL, pid());
    terminate(TaskState.TASK_FAILED, reason, message);
  }

  /** Last resort before the executor exits: SIGKILL whatever descendant is still alive. */
  public void killLeftovers() {
    if (processes.anyLeft()) {
      processes.signalTree(LibC.SIGKILL, pid());
    }
  }

  private int pid() {
    if (state instanceof Phase.Running running) {
      return running.pid();
    }
    return state instanceof Phase.Exited exited ? exited.pid() : 0;
  }

  private void exited(ExitStatus status) {
    if (!(state instanceof Phase.Running running)) {
      return;
    }
    Phase.Exited exited = new Phase.Exited(running.pid(), status, false, running.killing() || tracker == null);
    state = exited;
    out.commandExited(status.code(), running.pid());
    LOG.info("Task {} exited with {}", taskId.getValue(), status.code());
    reporter.message(FrameworkMessages.exitCode(taskId.getValue(), status.code()),
        "exit code " + status.code() + " of task " + taskId.getValue());
    if (!exited.progressDone()) {
      tracker.finish(settings.defaultGracePeriod(), events);
    }
    if (processes.anyLeft()) {
      LOG.info("Task {} left processes behind; stopping them", taskId.getValue());
      processes.signalTree(LibC.SIGTERM, running.pid());
      escalation.schedule(settings.defaultGracePeriod());
    }
    finishIfDone();
  }

  private void allGone() {
    escalation.cancel();
    if (state instanceof Phase.Exited exited) {
      state = exited.withTreeGone();
      finishIfDone();
    }
  }

  /**
   * The final progress flush is over. A failure of the tracker costs the job only its last progress
   * message, so the task's own outcome is still reported; an Error (out of memory) never gets here: it
   * goes to the loop's failure path like any other.
   */
  private void progressFinished(Throwable error) {
    if (error instanceof Error e) {
      throw e;
    }
    if (error != null) {
      LOG.warn("Progress tracking of task {} failed; its last progress may be missing", taskId.getValue(), error);
    }
    if (state instanceof Phase.Exited exited) {
      state = exited.withProgressDone();
      finishIfDone();
    }
  }

  private void finishIfDone() {
    if (state instanceof Phase.Exited exited && exited.treeGone() && exited.progressDone()) {
      ExitStatus exit = exited.exit();
      terminate(TerminalState.of(exit), null,
          exit.signalled() ? "Command killed by signal " + -exit.code() : "Command exited with status " + exit.code());
    }
  }

  private void escalate() {
    if (state instanceof Phase.Over || (state instanceof Phase.Exited exited && exited.treeGone())) {
      return;
    }
    LOG.warn("Grace period of task {} is over: SIGKILL to what is left", taskId.getValue());
    processes.signalTree(LibC.SIGKILL, pid());
    loop.schedule(AFTER_SIGKILL, this::survivedSigkill);
  }

  /** What SIGKILL could not end (uninterruptible sleep) must not hold the task's report back forever. */
  private void survivedSigkill() {
    if (state instanceof Phase.Over || (state instanceof Phase.Exited exited && exited.treeGone())) {
      return;
    }
    LOG.error("Processes of task {} survive SIGKILL (uninterruptible?); reporting the task anyway",
        taskId.getValue());
    ExitStatus exit = state instanceof Phase.Exited exited ? exited.exit() : new ExitStatus(-LibC.SIGKILL);
    state = new Phase.Exited(pid(), exit, true, true);
    finishIfDone();
  }

  private void terminate(TaskState terminal, TaskStatus.Reason reason, String message) {
    state = new Phase.Over();
    escalation.cancel();
    if (tracker != null) {
      tracker.stop();
    }
    reporter.status(taskId, terminal, reason, message);
    out.completed(taskId.getValue(), terminal.name());
    reporter.terminated();
  }
}
