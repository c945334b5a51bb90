package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.loop.ManualLoop;
import io.cookexecutor.message.SandboxOutput;
import io.cookexecutor.progress.ProgressSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** The task's life on a manual clock with fake processes and progress: the terminal state and failures. */
class TaskSupervisorTest {
  private final ManualLoop loop = new ManualLoop();
  private final FakeProcesses processes = new FakeProcesses(loop);
  private final FakeProgress progress = new FakeProgress(loop).held();
  private final List<String> reported = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final TaskSupervisor supervisor = new TaskSupervisor(
      new TaskSupervisor.Settings(Path.of("/nonexistent"), "/host", Map.of(), List.of(),
          "EXECUTOR_PROGRESS_OUTPUT_FILE", "progress", Path.of("/nonexistent/progress"),
          new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, Duration.ofSeconds(1)),
          Duration.ofSeconds(2)),
      loop, new TaskSupervisor.Reporter() {
        @Override
        public void status(TaskID task, TaskState state, TaskStatus.Reason reason, String message) {
          reported.add(state + (reason == null ? "" : " " + reason));
        }

        @Override
        public void message(byte[] json, String what) {
          reported.add("message");
        }

        @Override
        public void progress(byte[] json, String what) {
          reported.add("progress");
        }

        @Override
        public void terminated() {
          reported.add("terminated");
        }
      }, new SandboxOutput(new PrintStream(new ByteArrayOutputStream())), processes, progress);

  TaskSupervisorTest() {
    loop.onFailure(failures::add);
  }

  private void launch() {
    supervisor.launch(TaskInfo.newBuilder().setTaskId(TaskID.newBuilder().setValue("t")).setName("job")
        .setAgentId(AgentID.newBuilder().setValue("a"))
        .setData(ByteString.copyFromUtf8("{\"command\": \"true\"}")).buildPartial());
    loop.runReady();
  }

  @Test
  void theTerminalStateWaitsForTheFinalProgressFlush() {
    launch();
    processes.exit(0);
    loop.runReady();
    assertThat(reported).doesNotContain("TASK_FINISHED");
    progress.complete();
    loop.runReady();

    assertThat(reported).containsExactly("TASK_STARTING", "message", "TASK_RUNNING", "message", "TASK_FINISHED",
        "terminated");
  }

  @Test
  void anOutOfMemoryErrorOfTheProgressTrackerReachesTheFailurePath() {
    launch();
    processes.exit(0);
    loop.runReady();
    progress.fail(new OutOfMemoryError("Java heap space"));
    loop.runReady();

    assertThat(failures).singleElement().isInstanceOf(OutOfMemoryError.class);
    assertThat(reported).doesNotContain("TASK_FINISHED");
  }

  @Test
  void anExceptionOfTheProgressTrackerCostsOnlyTheLastProgressAndTheTaskStillFinishes() {
    launch();
    processes.exit(0);
    loop.runReady();
    progress.fail(new IllegalStateException("unreadable file"));
    loop.runReady();

    assertThat(failures).isEmpty();
    assertThat(reported).endsWith("TASK_FINISHED", "terminated");
  }

  @Test
  void aKillEscalatesToSigkillOnlyWhenTheGraceLessItsMarginIsOver() {
    processes.diesOnSigterm(false);
    launch();
    supervisor.kill(Duration.ofSeconds(2), "test");
    loop.advance(Duration.ofMillis(1899));
    assertThat(processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM);
    loop.advance(Duration.ofMillis(1));

    assertThat(processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM, FakeProcesses.SIGKILL);
    assertThat(reported).endsWith("TASK_KILLED", "terminated");
  }

  @Test
  void aTreeThatSurvivesSigkillIsReportedKilledFiveSecondsAfterTheSigkill() {
    processes.diesOnSigterm(false).survivesSigkill(true);
    launch();
    supervisor.kill(Duration.ofSeconds(2), "test");
    loop.advance(Duration.ofMillis(1900));
    assertThat(processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM, FakeProcesses.SIGKILL);
    loop.advance(Duration.ofMillis(4999));
    assertThat(reported).doesNotContain("TASK_KILLED");
    loop.advance(Duration.ofMillis(1));

    assertThat(reported).endsWith("TASK_KILLED", "terminated");
    assertThat(supervisor.idle()).isTrue();
  }

  @Test
  void aDescendantThatSurvivesSigkillAfterTheCommandExitedDoesNotHoldTheTasksOwnOutcomeBack() {
    processes.diesOnSigterm(false).survivesSigkill(true);
    launch();
    processes.exitLeavingADescendant(3);
    loop.runReady();
    assertThat(processes.signalNumbers()).as("what it left behind is stopped").containsExactly(FakeProcesses.SIGTERM);
    loop.advance(Duration.ofMillis(1900));
    assertThat(processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM, FakeProcesses.SIGKILL);
    assertThat(reported).doesNotContain("TASK_FAILED");
    loop.advance(Duration.ofSeconds(5));

    assertThat(reported).endsWith("TASK_FAILED", "terminated");
  }

  @Test
  void aKillBeforeLaunchDoesNothing() {
    assertThat(supervisor.kill(Duration.ofSeconds(2), "test")).isFalse();
    assertThat(processes.signalNumbers()).isEmpty();
    assertThat(reported).isEmpty();
  }
}
