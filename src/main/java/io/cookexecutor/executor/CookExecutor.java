package io.cookexecutor.executor;

import io.cookexecutor.agent.AgentSession;
import io.cookexecutor.agent.Statuses;
import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import io.cookexecutor.task.KillPolicy;
import io.cookexecutor.task.TaskSupervisor;
import java.time.Duration;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The executor's decisions: which agent events start, kill or refuse the task, when a lost agent means
 * killing it, and when the executor may exit ({@link ExitPolicy}). Joins the protocol side
 * ({@link AgentSession}) to the task side ({@link TaskSupervisor}), wired in two steps: made first, then
 * {@link #attach}ed to the two sides that report to it. Runs only on the event loop.
 */
public final class CookExecutor implements AgentSession.Listener, TaskSupervisor.Reporter, Runnable {
  private static final Log LOG = Log.of(CookExecutor.class);
  static final Duration TEST_EXIT_DELAY = Duration.ofSeconds(5);

  private final ExecutorConfig config;
  private final Loop loop;
  private final ExecutorID executorId;
  private final ExitPolicy exitPolicy;
  private AgentSession session;
  private TaskSupervisor supervisor;

  private boolean exitRequested;
  private int exitCode;
  private Scheduled exitTimer;

  public CookExecutor(ExecutorConfig config, Loop loop) {
    this.config = config;
    this.loop = loop;
    this.executorId = ExecutorID.newBuilder().setValue(config.executorId()).build();
    this.exitPolicy = new ExitPolicy(config.checkpoint() ? config.recoveryTimeout()
        : ExitPolicy.DELIVERY_BOUND_WITHOUT_CHECKPOINT);
  }

  /** The second step of the wiring: the two sides, each made with this executor as what it reports to. */
  public void attach(AgentSession session, TaskSupervisor supervisor) {
    this.session = session;
    this.supervisor = supervisor;
  }

  /** Subscribes to the agent; on the loop. */
  public void start() {
    session.start();
  }

  /** After the loop: kills what is left of the task and closes the session, without waiting for the network. */
  public void close() {
    supervisor.killLeftovers();
    session.close();
  }

  // ---- agent events ----

  @Override
  public void onSubscribed(boolean first) {
    if (first && config.testExitCode().isPresent()) {
      int code = config.testExitCode().getAsInt();
      LOG.warn("EXECUTOR_TEST_EXIT is set: exiting with {} in {} ms", code, TEST_EXIT_DELAY.toMillis());
      loop.schedule(TEST_EXIT_DELAY, () -> {
        supervisor.killLeftovers();
        exit(code);
      });
    }
    reconsiderExit();
  }

  @Override
  public void onLaunch(TaskInfo task) {
    String id = task.getTaskId().getValue();
    if (!supervisor.awaitingLaunch() || exitRequested) {
      LOG.error("Refusing task {}: this executor runs one task and already has {}", id,
          supervisor.taskId() == null ? "stopped" : supervisor.taskId().getValue());
      status(task.getTaskId(), TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
          "this executor runs a single task");
      return;
    }
    LOG.info("Launch of task {}", id);
    session.taskLaunched(task);
    supervisor.launch(task);
  }

  @Override
  public void onLaunchGroup(Event.LaunchGroup group) {
    for (TaskInfo t : group.getTaskGroup().getTasksList()) {
      LOG.error("Refusing task {} of a task group: task groups are not supported", t.getTaskId().getValue());
      status(t.getTaskId(), TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
          "the Cook executor does not run task groups");
    }
  }

  @Override
  public void onKill(TaskID taskId, Optional<Duration> gracePeriod) {
    // Ids compared by value: a message's equals() would build the protobuf descriptors.
    if (supervisor.taskId() == null || !supervisor.taskId().getValue().equals(taskId.getValue())) {
      LOG.warn("Kill for unknown task {} ignored", taskId.getValue());
      return;
    }
    Duration grace = KillPolicy.gracePeriod(gracePeriod, supervisor.task(), config.shutdownGracePeriod());
    supervisor.kill(grace, "KILL from the agent");
  }

  @Override
  public void onShutdown() {
    LOG.info("Shutdown requested by the agent");
    stopTask(config.shutdownGracePeriod(), "SHUTDOWN from the agent", 0);
  }

  @Override
  public void onDisconnected(boolean recovering) {
    if (!recovering) {
      stopTask(config.shutdownGracePeriod(), "disconnected from the agent without checkpointing", 0);
    }
  }

  @Override
  public void onGaveUp(String why) {
    stopTask(config.shutdownGracePeriod(), "agent unreachable: " + why, 0);
  }

  @Override
  public void onDeliveryChanged() {
    reconsiderExit();
  }

  /** SIGTERM or SIGINT to the executor: stop the task, report it, exit 1. */
  public void onSignal(String signal) {
    LOG.warn("Received SIG{}", signal);
    stopTask(config.shutdownGracePeriod(), "executor received SIG" + signal, 1);
  }

  /** An unexpected failure on the loop: fail the task with {@code reason} and exit 1. */
  public void onInternalFailure(Throwable t) {
    boolean oom = t instanceof OutOfMemoryError;
    LOG.error("Executor failure{}", oom ? " (out of memory)" : "", t);
    exitRequested = true;
    exitCode = 1;
    try {
      supervisor.fail(oom ? TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY
          : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "executor failure: " + t);
    } catch (Throwable again) {
      LOG.error("Failure while failing the task", again);
      supervisor.killLeftovers();
      exit(1);
      return;
    }
    reconsiderExit();
  }

  private void stopTask(Duration grace, String cause, int code) {
    if (!exitRequested) {
      exitCode = code;
    }
    exitRequested = true;
    if (!supervisor.kill(grace, cause)) {
      reconsiderExit();
    }
  }

  // ---- task reports ----

  @Override
  public void status(TaskID task, TaskState state, TaskStatus.Reason reason, String message) {
    TaskStatus.Builder s = TaskStatus.newBuilder()
        .setTaskId(task)
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setExecutorId(executorId)
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setUuid(Statuses.newUuid());
    if (reason != null) {
      s.setReason(reason);
    }
    if (message != null) {
      s.setMessage(message);
    }
    session.update(s.build());
  }

  @Override
  public void message(byte[] json, String what) {
    session.message(json, what);
  }

  @Override
  public void progress(byte[] json, String what) {
    session.progress(json, what);
  }

  @Override
  public void terminated() {
    exitRequested = true;
    reconsiderExit();
  }

  // ---- exit ----

  /** Asks the {@link ExitPolicy} again; exits, or looks again when it says. */
  private void reconsiderExit() {
    if (loop.stopped()) {
      return;
    }
    if (exitTimer != null) {
      exitTimer.cancel();
      exitTimer = null;
    }
    ExitPolicy.Decision d = exitPolicy.decide(loop.nanoTime(), new ExitPolicy.Facts(exitRequested,
        supervisor.idle(), session.terminal(supervisor.taskId()), session.unsettledMessages(),
        session.subscribed() || session.recovering()));
    if (d.exit()) {
      if (d.why() != null) {
        LOG.warn(d.why());
      }
      exit(exitCode);
    } else if (d.wakeInNanos() >= 0) {
      exitTimer = loop.schedule(Duration.ofNanos(d.wakeInNanos()), this);
    }
  }

  /** The exit timer's end: ask the policy again. (The executor is that timer's Runnable.) */
  @Override
  public void run() {
    exitTimer = null;
    reconsiderExit();
  }

  private void exit(int code) {
    if (loop.stopped()) {
      return;
    }
    session.logUndelivered();
    LOG.info("Executor exiting with code {}", code);
    loop.stop(code);
  }
}
