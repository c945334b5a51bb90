package io.cookexecutor.executor;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Statuses;
import io.cookexecutor.loop.Threads;
import io.cookexecutor.message.FrameworkMessages;
import io.cookexecutor.task.ProcessLauncher;
import io.cookexecutor.task.TaskCommand;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Loads and links the launch path (JNA and libc, the JSON parser, status building) on a background thread
 * while the executor waits for LAUNCH, so LAUNCH to TASK_RUNNING does not pay first-use costs.
 */
public final class Warmup {
  private Warmup() {}

  /** Starts the warm-up; it never fails the executor. */
  public static void start() {
    Threads.start("warmup", () -> {
      try {
        ProcessLauncher.becomeSubreaper();
        TaskCommand.parse(ByteString.copyFrom("{\"command\": \"true\"}", StandardCharsets.UTF_8));
        FrameworkMessages.exitCode("warmup", 0);
        TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("warmup"))
            .setState(TaskState.TASK_RUNNING).setUuid(Statuses.newUuid()).build().toByteArray();
      } catch (RuntimeException | LinkageError e) {
        // Warm-up is an optimisation: the launch path reports real failures itself.
      }
    });
  }
}
