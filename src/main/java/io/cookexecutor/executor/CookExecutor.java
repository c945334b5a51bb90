package io.cookexecutor.executor;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.AgentSession;
import io.cookexecutor.agent.Statuses;
import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.agent.AgentClient;
import io.cookexecutor.agent.StatusUpdates;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import io.cookexecutor.task.KillPolicy;
import io.cookexecutor.task.TaskSupervisor;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import io.cookexecutor.log.Log;

/**
 * The executor's decisions: which agent events start, kill or refuse the task, when a lost agent means
 * killing it, and when the executor may exit (after the terminal update is acknowledged; at most 1 s
 * after it was accepted; never while it is unaccepted, short of the session giving up). The terminal
 * update itself is the session's fact ({@link AgentSession#terminal}). Joins the protocol side ({@link AgentSession}) to the task side ({@link TaskSupervisor}); runs
 * only on the event loop.
 */
public final class CookExecutor implements AgentSession.Listener, TaskSupervisor.Reporter {
  private static final Log LOG = Log.of(CookExecutor.class);
  /** How long to wait for the agent to acknowledge the terminal update before exiting anyway. */
  static final Duration ACK_WAIT = Duration.ofSeconds(1);
  /**
   * Extra time granted when framework messages (the exit code) are still being retried: enough for a
   * call that got no answer to time out and be sent once more on a fresh connection.
   */
  static final Duration MESSAGE_WAIT = Duration.ofMillis(AgentClient.ANSWER_TIMEOUT_MS + 1_000);
  static final Duration TEST_EXIT_DELAY = Duration.ofSeconds(5);

  private final ExecutorConfig config;
  private final Loop loop;
  private final ExecutorID executorId;
  private final AgentSession session;
  private final TaskSupervisor supervisor;

  private boolean exitRequested;
  private int exitCode;
  private Scheduled settleTimer;
  private boolean settleExtended;

  /**
   * Builds the executor and both sides in one pass: {@code session} and {@code supervisor} make the
   * protocol side and the task side, each reporting to this executor (they keep the reference and call
   * it only once the loop runs).
   */
  public CookExecutor(ExecutorConfig config, Loop loop, Function<AgentSession.Listener, AgentSession> session,
      Function<TaskSupervisor.Reporter, TaskSupervisor> supervisor) {
    this.config = config;
    this.loop = loop;
    this.executorId = ExecutorID.newBuilder().setValue(config.executorId()).build();
    this.session = session.apply(this);
    this.supervisor = supervisor.apply(this);
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
    exitIfSettled();
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
    if (supervisor.taskId() == null || !supervisor.taskId().equals(taskId)) {
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
  public void onAcknowledged(TaskID taskId, ByteString uuid, TaskStatus acknowledged) {
    exitIfSettled();
  }

  @Override
  public void onDisconnected(boolean recovering) {
    if (!recovering) {
      stopTask(config.shutdownGracePeriod(), "disconnected from the agent without checkpointing", 0);
    }
  }

  @Override
  public void onMessagesSettled() {
    exitIfSettled();
  }

  @Override
  public void onGaveUp(String why) {
    stopTask(config.shutdownGracePeriod(), "agent unreachable: " + why, 0);
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
    exitIfSettled();
  }

  private void stopTask(Duration grace, String cause, int code) {
    if (!exitRequested) {
      exitCode = code;
    }
    exitRequested = true;
    if (!supervisor.kill(grace, cause)) {
      exitIfSettled();
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
    session.replaceableMessage(json, what);
  }

  @Override
  public void terminated(TaskID task, TaskState state) {
    exitRequested = true;
    exitIfSettled();
  }

  // ---- exit ----

  @Override
  public void onAccepted(TaskStatus status) {
    exitIfSettled();
  }

  @Override
  public void onUndeliverable(String why) {
    if (exitRequested && taskOver()) {
      exit(exitCode); // which logs every update never delivered
    } else {
      session.logUndelivered();
    }
  }

  private boolean taskOver() {
    return supervisor.idle();
  }

  /**
   * Exits when nothing is left to do: no live task, its terminal update acknowledged and every framework
   * message delivered. A terminal update not yet accepted is retried for as long as the session allows
   * (its delivery bound, or giving up on the agent); once it is accepted, the acknowledgement and the
   * messages get a bounded wait. With the agent gone for good there is nobody to wait for.
   */
  private void exitIfSettled() {
    if (!exitRequested || loop.stopped() || !taskOver()) {
      return;
    }
    StatusUpdates.Delivery terminal = session.terminal(supervisor.taskId());
    if (settled(terminal)) {
      exit(exitCode);
      return;
    }
    if (!session.subscribed() && !session.recovering()) {
      LOG.warn("The agent is gone for good; exiting with what was not delivered");
      exit(exitCode);
      return;
    }
    if (terminal == StatusUpdates.Delivery.PENDING) {
      return;
    }
    if (settleTimer == null) {
      settleTimer = loop.schedule(ACK_WAIT, this::settleWaitOver);
    }
  }

  private boolean settled(StatusUpdates.Delivery terminal) {
    return (terminal == StatusUpdates.Delivery.NONE || terminal == StatusUpdates.Delivery.ACKNOWLEDGED)
        && session.unsettledMessages() == 0;
  }

  private void settleWaitOver() {
    settleTimer = null;
    if (loop.stopped()) {
      return;
    }
    StatusUpdates.Delivery terminal = session.terminal(supervisor.taskId());
    if (settled(terminal)) {
      exit(exitCode);
      return;
    }
    if (session.unsettledMessages() > 0 && !settleExtended) {
      settleExtended = true;
      settleTimer = loop.schedule(MESSAGE_WAIT, this::settleWaitOver);
      return;
    }
    LOG.warn("Exiting without {}{}",
        terminal == StatusUpdates.Delivery.ACCEPTED ? "the acknowledgement of the accepted terminal update" : "",
        session.unsettledMessages() == 0 ? ""
            : (terminal == StatusUpdates.Delivery.ACCEPTED ? " and " : "") + "the delivery of "
                + session.unsettledMessages() + " framework message(s)");
    exit(exitCode);
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
