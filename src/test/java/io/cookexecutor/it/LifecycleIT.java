package io.cookexecutor.it;

import static io.cookexecutor.it.ExecutorRun.number;
import static io.cookexecutor.it.ExecutorRun.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.apache.mesos.v1.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.testing.ChunkMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acceptance 1-3, 21, 22 and the one-task rules, against the real executor process. */
class LifecycleIT {

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void helloWorldFinishesWithItsMessages(String encoding) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("echo \"Hello World\"").taskEnv("EXECUTOR_ENCODING", encoding))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      List<Struct> messages = run.messages();
      assertThat(messages).hasSize(2);
      assertThat(text(messages.get(0), "type")).isEqualTo("directory");
      assertThat(text(messages.get(0), "sandbox-directory")).isEqualTo(run.sandbox().toString());
      assertThat(text(messages.get(0), "task-id")).isEqualTo(run.agent.taskId().getValue());
      assertThat(number(messages.get(1), "exit-code")).isZero();
      String stdout = run.sandboxFile("stdout");
      assertThat(stdout).startsWith("Cook Executor version ").contains("Hello World\n")
          .contains("Forked command at ").contains("Command exited with status 0 (pid: ")
          .contains("Executor completed execution of " + run.agent.taskId().getValue()
              + " (state=TASK_FINISHED)");
      assertThat(run.calls(Call.Type.SUBSCRIBE)).allMatch(c -> c.encoding().orElseThrow().name()
          .equalsIgnoreCase(encoding));
      for (TaskStatus s : run.agent.updates()) {
        assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(s.getUuid().size()).isEqualTo(16);
        assertThat(s.getExecutorId().getValue()).isEqualTo(run.agent.settings().executorId());
        assertThat(s.getTimestamp()).isPositive();
      }
      assertThat(run.sandboxFile("executor.log")).contains("Subscribed to the agent")
          .contains("Launch of task");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void aNonZeroExitFails(String encoding) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("echo hi; exit 3").taskEnv("EXECUTOR_ENCODING", encoding))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FAILED);
      assertThat(number(run.messagesWith("exit-code").get(0), "exit-code")).isEqualTo(3);
      assertThat(run.sandboxFile("stdout")).contains("Command exited with status 3");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"cmd\": \"echo\"}", "{\"command\": \"  \"}", "{\"command\": 3}"})
  void invalidTaskDataIsAnErrorAndStartsNothing(String data) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .rawTaskData(data.getBytes(StandardCharsets.UTF_8)))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_ERROR);
      assertThat(run.update(TASK_ERROR).getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
      assertThat(run.messages()).singleElement().satisfies(m -> assertThat(text(m, "type")).isEqualTo("directory"));
      assertThat(run.sandboxFile("stdout")).doesNotContain("Forked command");
    }
  }

  @Test
  void eventsSplitAcrossChunksAndCoalescedAreDecoded() throws Exception {
    // Set before the executor starts, so that SUBSCRIBED and LAUNCH come split as well.
    try (ExecutorRun run = ExecutorRun.startWithAgent(AgentSettings.builder().command("echo split"),
        faults -> faults.setChunkMode(ChunkMode.SPLIT))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    }
  }

  @Test
  void aSecondLaunchAndTaskGroupsAreRefusedWithoutDisturbingTheTask() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("while [ ! -f go ]; do sleep 0.05; done"))) {
      run.awaitState(TASK_RUNNING);
      TaskInfo second = TaskInfo.newBuilder().setName("second")
          .setTaskId(TaskID.newBuilder().setValue("second-task"))
          .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
          .setData(ByteString.copyFromUtf8("{\"command\": \"echo no\"}")).build();
      run.agent.sendEvent(Event.newBuilder().setType(Event.Type.LAUNCH)
          .setLaunch(Event.Launch.newBuilder().setTask(second)).build());
      TaskInfo grouped = second.toBuilder().setTaskId(TaskID.newBuilder().setValue("grouped")).build();
      run.agent.sendEvent(Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
          .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(
              org.apache.mesos.v1.Protos.TaskGroupInfo.newBuilder().addTasks(grouped))).build());
      run.agent.sendEvent(Event.newBuilder().setType(Event.Type.KILL)
          .setKill(Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("nobody"))).build());
      await().atMost(ExecutorRun.WAIT).untilAsserted(() -> assertThat(run.agent.updates())
          .anyMatch(s -> s.getTaskId().getValue().equals("second-task") && s.getState() == TASK_ERROR)
          .anyMatch(s -> s.getTaskId().getValue().equals("grouped") && s.getState() == TASK_ERROR));
      java.nio.file.Files.createFile(run.sandbox().resolve("go"));
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("stdout")).doesNotContain("no\n");
    }
  }
}
