package io.cookexecutor.local.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.json.JsonWriter;
import io.cookexecutor.local.container.ContainerUsage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.executor.Protos.Event;

/** Builds the events the agent sends, from its settings, shaped as a Mesos agent and the Cook scheduler do. */
final class AgentEvents {
  /** The agent's id, which the executor only echoes. */
  static final String AGENT_ID = "local-agent-S0";

  private final AgentSettings settings;
  private final int port;
  private final ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();

  AgentEvents(AgentSettings settings, int port) {
    this.settings = settings;
    this.port = port;
  }

  ExecutorInfo executorInfo() {
    Environment.Builder env = Environment.newBuilder();
    for (Map.Entry<String, String> e : settings.taskEnvironment().entrySet()) {
      env.addVariables(Environment.Variable.newBuilder()
          .setName(e.getKey())
          .setType(Environment.Variable.Type.VALUE)
          .setValue(e.getValue()));
    }
    return ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(settings.executorId()))
        .setFrameworkId(frameworkId())
        .setName("cook-executor")
        .setCommand(CommandInfo.newBuilder().setValue(settings.executorCommand()).setShell(true).setEnvironment(env))
        .setShutdownGracePeriod(durationInfo(settings.shutdownGracePeriod()))
        .build();
  }

  Event subscribed() {
    return Event.newBuilder()
        .setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder()
            .setExecutorInfo(executorInfo())
            .setFrameworkInfo(FrameworkInfo.newBuilder()
                .setId(frameworkId())
                .setName("cook")
                .setUser(System.getProperty("user.name", "root"))
                .setCheckpoint(settings.checkpoint()))
            .setAgentInfo(AgentInfo.newBuilder()
                .setId(agentId())
                .setHostname("localhost")
                .setPort(port))
            .setContainerId(containerId))
        .build();
  }

  TaskInfo taskInfo() {
    TaskInfo.Builder task = TaskInfo.newBuilder()
        .setTaskId(taskId())
        .setName("cook-job")
        .setAgentId(agentId())
        .addResources(scalar("cpus", settings.cpus()))
        .addResources(scalar("mem", settings.memMb()))
        .setExecutor(executorInfo())
        .setData(ByteString.copyFrom(settings.rawTaskData().orElseGet(this::commandData)));
    settings.killPolicyGrace().ifPresent(g -> task.setKillPolicy(KillPolicy.newBuilder().setGracePeriod(durationInfo(g))));
    return task.build();
  }

  Event launch() {
    return Event.newBuilder()
        .setType(Event.Type.LAUNCH)
        .setLaunch(Event.Launch.newBuilder().setTask(taskInfo()))
        .build();
  }

  static Event kill(TaskID task, Optional<Duration> grace) {
    Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(task);
    grace.ifPresent(g -> kill.setKillPolicy(KillPolicy.newBuilder().setGracePeriod(durationInfo(g))));
    return Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build();
  }

  static Event acknowledged(TaskID task, ByteString uuid) {
    return Event.newBuilder()
        .setType(Event.Type.ACKNOWLEDGED)
        .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(task).setUuid(uuid))
        .build();
  }

  static Event ofType(Event.Type type) {
    return Event.newBuilder().setType(type).build();
  }

  /** The agent's own TASK_LOST for the launched task. */
  TaskStatus lostTask(String message) {
    return agentStatus(org.apache.mesos.v1.Protos.TaskState.TASK_LOST,
        TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT, message).build();
  }

  /** An update the agent itself generates for the launched task (source agent, fresh uuid). */
  private TaskStatus.Builder agentStatus(org.apache.mesos.v1.Protos.TaskState state, TaskStatus.Reason reason,
      String message) {
    return TaskStatus.newBuilder()
        .setTaskId(taskId())
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_AGENT)
        .setReason(reason)
        .setMessage(message)
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setUuid(io.cookexecutor.agent.Statuses.newUuid());
  }

  /**
   * The agent's TASK_FAILED for a container the kernel killed for its memory limit, as a Mesos agent sends
   * it after the containerizer destroyed the container: source agent, reason container limitation (memory),
   * the memory isolator's message, and the limited resource (the peak, in MB).
   */
  TaskStatus memoryLimitation(String message, ContainerUsage usage) {
    return agentStatus(org.apache.mesos.v1.Protos.TaskState.TASK_FAILED,
        TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, message)
        .setLimitation(org.apache.mesos.v1.Protos.TaskResourceLimitation.newBuilder()
            .addResources(scalar("mem", Math.max(0, usage.peakMemoryBytes()) / 1048576.0)))
        .setExecutorId(ExecutorID.newBuilder().setValue(settings.executorId()))
        .build();
  }

  TaskID taskId() {
    return TaskID.newBuilder().setValue(settings.taskId()).build();
  }

  private FrameworkID frameworkId() {
    return FrameworkID.newBuilder().setValue(settings.frameworkId()).build();
  }

  private AgentID agentId() {
    return AgentID.newBuilder().setValue(AGENT_ID).build();
  }

  /** The task data as the Cook scheduler builds it for its executor: UTF-8 JSON with the command. */
  private byte[] commandData() {
    return JsonWriter.utf8().beginObject().field("command", settings.command()).endObject().bytes();
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .build();
  }

  static DurationInfo durationInfo(Duration d) {
    return DurationInfo.newBuilder().setNanoseconds(d.toNanos()).build();
  }
}
