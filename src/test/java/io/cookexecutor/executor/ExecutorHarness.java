package io.cookexecutor.executor;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.AgentSession;
import io.cookexecutor.agent.RecordingAgentCalls;
import io.cookexecutor.config.ExecutorConfig;
import io.cookexecutor.loop.ManualLoop;
import io.cookexecutor.message.SandboxOutput;
import io.cookexecutor.task.FakeProcesses;
import io.cookexecutor.task.FakeProgress;
import io.cookexecutor.task.TaskSupervisor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The real {@link CookExecutor}, {@link AgentSession} and {@link TaskSupervisor} wired together on a
 * {@link ManualLoop}, with the agent's calls recorded ({@link RecordingAgentCalls}) and the task's
 * processes and progress faked: every decision of the executor, driven step by step from a test.
 */
final class ExecutorHarness {
  static final TaskID TASK = TaskID.newBuilder().setValue("task-1").build();

  final ManualLoop loop = new ManualLoop();
  final RecordingAgentCalls agent = new RecordingAgentCalls(loop);
  final FakeProcesses processes = new FakeProcesses(loop);
  final FakeProgress progress = new FakeProgress(loop);
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final CookExecutor executor;

  static Builder builder() {
    return new Builder();
  }

  /** The environment of the executor; checkpointing off, 15 min recovery, 2 s backoff cap by default. */
  static final class Builder {
    private final Map<String, String> env = new HashMap<>(Map.of(
        "MESOS_FRAMEWORK_ID", "framework-1", "MESOS_EXECUTOR_ID", "executor-1",
        "MESOS_AGENT_ENDPOINT", "127.0.0.1:5051", "MESOS_SANDBOX", "/nonexistent/sandbox",
        "MESOS_DIRECTORY", "/host/sandbox",
        "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "2secs"));

    Builder checkpoint(boolean on) {
      env.put("MESOS_CHECKPOINT", on ? "1" : "0");
      return this;
    }

    Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    ExecutorHarness build() {
      return new ExecutorHarness(env);
    }
  }

  private ExecutorHarness(Map<String, String> env) {
    ExecutorConfig config = ExecutorConfig.from(env, Path.of("/nonexistent"));
    SandboxOutput out = new SandboxOutput(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    // The largest jitter: backoff waits are their ceilings, so the tests can name them.
    executor = new CookExecutor(config, loop);
    executor.attach(
        new AgentSession(loop, agent, config.frameworkId(), config.executorId(), config.checkpoint(),
            config.recoveryTimeout(), config.subscriptionBackoffMax(), () -> 0.999999, executor),
        new TaskSupervisor(TaskSupervisor.Settings.of(config, env), loop, executor, out, processes, progress));
    loop.onFailure(executor::onInternalFailure);
  }

  /** Starts the session and has the agent answer the first SUBSCRIBE. */
  ExecutorHarness subscribed() {
    loop.post(executor::start);
    loop.runReady();
    agent.lastSubscribe().answer();
    loop.runReady();
    return this;
  }

  /** The agent sends LAUNCH of {@link #TASK} running {@code command}. */
  ExecutorHarness launch(String command) {
    return event(Event.newBuilder().setType(Event.Type.LAUNCH)
        .setLaunch(Event.Launch.newBuilder().setTask(task(TASK, command))).build());
  }

  static TaskInfo task(TaskID id, String command) {
    return TaskInfo.newBuilder().setTaskId(id).setName("job")
        .setAgentId(AgentID.newBuilder().setValue("agent-1"))
        .setData(ByteString.copyFromUtf8("{\"command\": \"" + command + "\"}")).buildPartial();
  }

  ExecutorHarness event(Event e) {
    agent.lastSubscribe().send(e);
    loop.runReady();
    return this;
  }

  ExecutorHarness kill(Optional<Duration> grace) {
    return event(killEvent(grace));
  }

  static Event killEvent(Optional<Duration> grace) {
    Event.Kill.Builder k = Event.Kill.newBuilder().setTaskId(TASK);
    grace.ifPresent(g -> k.setKillPolicy(org.apache.mesos.v1.Protos.KillPolicy.newBuilder()
        .setGracePeriod(org.apache.mesos.v1.Protos.DurationInfo.newBuilder().setNanoseconds(g.toNanos()))));
    return Event.newBuilder().setType(Event.Type.KILL).setKill(k).build();
  }

  /** Lets pending retries come due (the backoff never exceeds its 2 s cap), then accepts everything. */
  ExecutorHarness acceptAllAfterBackoff() {
    loop.advance(Duration.ofSeconds(2));
    return acceptAll();
  }

  /** The agent acknowledges the update with {@code state}. */
  ExecutorHarness acknowledge(TaskState state) {
    TaskStatus s = sentStatus(state);
    return event(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
        Event.Acknowledged.newBuilder().setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
  }

  /** The update with {@code state} the executor sent, in an UPDATE call or carried by a SUBSCRIBE. */
  TaskStatus sentStatus(TaskState state) {
    java.util.stream.Stream<TaskStatus> updates = agent.sent().stream()
        .filter(s -> s.channel == RecordingAgentCalls.Channel.UPDATES).map(RecordingAgentCalls.Sent::status);
    java.util.stream.Stream<TaskStatus> carried = agent.subscribes().stream()
        .flatMap(s -> s.call.getSubscribe().getUnacknowledgedUpdatesList().stream()).map(u -> u.getStatus());
    return java.util.stream.Stream.concat(updates, carried).filter(s -> s.getState() == state).findFirst()
        .orElseThrow(() -> new AssertionError("no update " + state + " was sent"));
  }

  /** Answers every unanswered call (both channels) 202, and what that sends next, until none is left. */
  ExecutorHarness acceptAll() {
    for (int i = 0; i < 100; i++) {
      List<RecordingAgentCalls.Sent> open = new java.util.ArrayList<>(agent.unanswered(RecordingAgentCalls.Channel.UPDATES));
      open.addAll(agent.unanswered(RecordingAgentCalls.Channel.MESSAGES));
      if (open.isEmpty()) {
        return this;
      }
      open.forEach(RecordingAgentCalls.Sent::accept);
      loop.runReady();
    }
    throw new AssertionError("calls keep coming");
  }

  /** Answers the UPDATE calls in flight 202 (not the messages). */
  ExecutorHarness acceptUpdates() {
    agent.unanswered(RecordingAgentCalls.Channel.UPDATES).forEach(RecordingAgentCalls.Sent::accept);
    loop.runReady();
    return this;
  }

  /** Answers the UPDATE call in flight 503. */
  ExecutorHarness refuseUpdate() {
    pendingUpdate().refuse(503);
    loop.runReady();
    return this;
  }

  /** The task exits with {@code code}. */
  ExecutorHarness exitTask(int code) {
    processes.exit(code);
    loop.runReady();
    return this;
  }

  /** The agent's end of the current event stream breaks. */
  ExecutorHarness dropStream() {
    agent.lastSubscribe().end(io.cookexecutor.agent.CallOutcome.failed("the agent closed the event stream"));
    loop.runReady();
    return this;
  }

  /** The one unanswered UPDATE call. */
  RecordingAgentCalls.Sent pendingUpdate() {
    List<RecordingAgentCalls.Sent> open = agent.unanswered(RecordingAgentCalls.Channel.UPDATES);
    if (open.size() != 1) {
      throw new AssertionError("expected one UPDATE in flight, found " + open);
    }
    return open.get(0);
  }

  void advance(Duration d) {
    loop.advance(d);
  }

  boolean exited() {
    return loop.stopped();
  }

  String stdout() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  /**
   * A call in a few words: "update TASK_RUNNING", or "message" and the first JSON key of its data
   * ("message exit-code", "message progress-message", "message sandbox-directory").
   */
  static String describe(RecordingAgentCalls.Sent s) {
    if (s.call.getType() == Call.Type.UPDATE) {
      return "update " + s.status().getState();
    }
    String data = s.call.getMessage().getData().toStringUtf8();
    return "message " + data.substring(data.indexOf('"') + 1, data.indexOf('"', data.indexOf('"') + 1));
  }

  static Call.Type type(RecordingAgentCalls.Sent s) {
    return s.call.getType();
  }
}
