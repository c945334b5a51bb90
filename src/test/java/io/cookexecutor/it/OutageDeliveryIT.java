package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.ReceivedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's scenario through the real executor and the embedded agent: the agent goes away soon after
 * TASK_RUNNING while the task prints progress as fast as it can, the task ends with its final progress and
 * exit 3 while the agent is still away, and the agent comes back. The scheduler must then get the exit
 * code and the final progress, once each, and only then the terminal update.
 */
class OutageDeliveryIT {
  /** 6 s in CI; {@code -Doutage.seconds=120} runs the two-minute agent upgrade. */
  private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("outage.seconds", 6));
  /**
   * Progress lines as fast as a shell prints them (100 or more a second) until the test creates
   * {@code stop} in the sandbox (bounded), then the last line and exit 3.
   */
  private static final String TASK = "i=0; while [ ! -f stop ] && [ $i -lt 60000 ]; do i=$((i+1)); "
      + "echo \"progress: $((i % 99)), step $i\"; sleep 0.01; done; echo 'progress: 100, done'; exit 3";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"protobuf", "json"})
  void afterALongOutageTheExitCodeAndTheFinalProgressArriveOnceAndBeforeTheTerminalUpdate(String encoding)
      throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(TASK).checkpoint(true)
        .taskEnv("EXECUTOR_ENCODING", encoding).taskEnv("PROGRESS_SAMPLE_INTERVAL_MS", "100")
        .subscriptionBackoffMax(Duration.ofMillis(500)))) {
      run.awaitState(TASK_RUNNING);
      await().atMost(ExecutorRun.WAIT).until(() -> !run.messagesWith("progress-percent").isEmpty());
      run.agent.stopListening();
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("executor.log").contains("Disconnected"));
      long away = System.nanoTime();
      // The task goes on printing progress while the agent is away, then ends.
      await().atMost(OUTAGE.plus(ExecutorRun.WAIT)).until(() -> System.nanoTime() - away >= OUTAGE.toNanos());
      java.nio.file.Files.writeString(run.sandbox().resolve("stop"), "");
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("stdout").contains("progress: 100, done")
          && run.sandboxFile("executor.log").contains("exited with 3"));
      run.agent.resumeListening();

      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FAILED);
      List<Struct> exitCodes = run.messagesWith("exit-code");
      assertThat(exitCodes).hasSize(1);
      assertThat(ExecutorRun.number(exitCodes.get(0), "exit-code")).isEqualTo(3);
      List<Struct> progress = run.messagesWith("progress-percent");
      Struct last = progress.get(progress.size() - 1);
      assertThat(ExecutorRun.number(last, "progress-percent")).isEqualTo(100);
      assertThat(ExecutorRun.text(last, "progress-message")).isEqualTo("done");
      assertThat(progress).extracting(p -> ExecutorRun.number(p, "progress-sequence")).isSorted();
      // Once back, the agent gets the exit code, one progress message (the newest) and then the end.
      assertThat(acceptedInOrder(run)).as("what the agent took, in order")
          .endsWith("message exit-code", "message progress", "update TASK_FAILED");
      assertThat(run.survivors()).isEmpty();
    }
  }

  /** The calls the agent answered 202, in arrival order, in a few words. */
  private static List<String> acceptedInOrder(ExecutorRun run) throws IOException {
    List<String> out = new ArrayList<>();
    for (ReceivedCall c : run.agent.calls()) {
      if (c.status() != 202 || c.call().isEmpty()) {
        continue;
      }
      Call call = c.call().get();
      if (call.getType() == Call.Type.UPDATE) {
        out.add("update " + call.getUpdate().getStatus().getState());
      } else if (call.getType() == Call.Type.MESSAGE) {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(call.getMessage().getData().toString(StandardCharsets.UTF_8), b);
        out.add(b.containsFields("exit-code") ? "message exit-code"
            : b.containsFields("progress-percent") ? "message progress" : "message directory");
      }
    }
    return out;
  }
}
