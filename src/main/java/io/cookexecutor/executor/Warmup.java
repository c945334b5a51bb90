package io.cookexecutor.executor;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.agent.Statuses;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.message.FrameworkMessages;
import io.cookexecutor.task.ProcessLauncher;
import io.cookexecutor.task.TaskCommand;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.OfferFilters;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Pays first-use costs on a background thread while the executor subscribes and waits for LAUNCH: the
 * Mesos protobuf descriptors (80-100 ms on a cold JVM), event decoding in the configured encoding, JNA and
 * libc, the JSON parser and status building. What the main path needs first comes first.
 */
public final class Warmup {
  private Warmup() {}

  /**
   * Builds the Mesos protobuf descriptors and decodes sample events in {@code encoding}. Touches no class
   * with a logger, so it may start before logging is configured: the earlier, the better.
   */
  public static void startProtobuf(Encoding encoding) {
    Threads.start("warmup-protobuf", () -> {
      try {
        Event.Builder subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED);
        FrameworkInfo.Builder framework = subscribed.getSubscribedBuilder().getFrameworkInfoBuilder()
            .setUser("u").setName("n").putOfferFilters("r", OfferFilters.getDefaultInstance());
        framework.getIdBuilder().setValue("f");
        ExecutorInfo.Builder executor = subscribed.getSubscribedBuilder().getExecutorInfoBuilder()
            .setCommand(CommandInfo.newBuilder().setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("A").setValue("1"))));
        executor.getExecutorIdBuilder().setValue("e");
        AgentInfo.Builder agent = subscribed.getSubscribedBuilder().getAgentInfoBuilder().setHostname("h");
        agent.getIdBuilder().setValue("a");
        encoding.decode(encoding.encode(subscribed.buildPartial()), Event.newBuilder()).buildPartial();
        TaskInfo.Builder task = TaskInfo.newBuilder().setName("t").setExecutor(executor.buildPartial())
            .setData(ByteString.copyFrom("{\"command\": \"true\"}", StandardCharsets.UTF_8));
        task.getTaskIdBuilder().setValue("t");
        task.getAgentIdBuilder().setValue("a");
        Event launch = Event.newBuilder().setType(Event.Type.LAUNCH)
            .setLaunch(Event.Launch.newBuilder().setTask(task.buildPartial())).buildPartial();
        encoding.decode(encoding.encode(launch), Event.newBuilder()).buildPartial();
        TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("warmup"))
            .setState(TaskState.TASK_RUNNING).setUuid(Statuses.newUuid()).build();
        encoding.encode(status);
      } catch (Exception | LinkageError e) {
        // Warm-up is an optimisation: the real paths report real failures themselves.
      }
    });
  }

  /** Warms the launch path (JSON, then JNA and libc). Call after logging is configured. */
  public static void startLaunchPath() {
    Threads.start("warmup-launch", () -> {
      try {
        TaskCommand.parse(ByteString.copyFrom("{\"command\": \"true\"}", StandardCharsets.UTF_8));
        FrameworkMessages.exitCode("warmup", 0);
        ProcessLauncher.becomeSubreaper();
      } catch (RuntimeException | LinkageError e) {
        // As above.
      }
    });
  }
}
