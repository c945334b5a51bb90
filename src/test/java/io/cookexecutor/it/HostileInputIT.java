package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cookexecutor.local.agent.RecordIoWriter;
import io.cookexecutor.local.agent.AgentSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken and hostile input from the agent: each case gets a clear log line and the right status, and
 * never crashes, hangs or leaks the executor.
 */
class HostileInputIT {
  private static final String WAIT_FOR_GO = "while [ ! -f go ]; do sleep 0.05; done";

  static Stream<Arguments> badTaskData() {
    byte[] notUtf8 = {'{', '"', 'c', 'o', 'm', 'm', 'a', 'n', 'd', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
    return Stream.of(
        Arguments.of("empty", new byte[0]),
        Arguments.of("huge", ("{\"padding\": \"" + "x".repeat(8 << 20) + "\"}").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("deeply nested", ("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000))
            .getBytes(StandardCharsets.UTF_8)),
        Arguments.of("not UTF-8", notUtf8),
        Arguments.of("command is an object", "{\"command\": {\"sh\": \"echo\"}}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("command is an array", "{\"command\": [\"echo\"]}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("command is null", "{\"command\": null}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("a JSON array", "[{\"command\": \"echo\"}]".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("trailing garbage", "{\"command\": \"echo\"} trailing".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("binary", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0}));
  }

  @ParameterizedTest(name = "task data {0}")
  @MethodSource("badTaskData")
  void badTaskDataIsATaskErrorWithAReason(String name, byte[] data) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().rawTaskData(data))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_ERROR);
      TaskStatus error = run.update(TASK_ERROR);
      assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
      assertThat(error.getMessage()).isNotBlank();
      assertThat(run.sandboxFile("executor.log")).contains("is invalid");
    }
  }

  static Stream<Arguments> corruptStreams() {
    return Stream.of(
        Arguments.of("non-digit length", "12x\n".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("zero length", "0\n".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("negative length", "-5\nhello".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("enormous length", "99999999999999999999\n".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("length over the limit", "900000000\nabc".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("undecodable record", RecordIoWriter.frame(new byte[] {(byte) 0xff, (byte) 0xff, 7, 7})));
  }

  @ParameterizedTest(name = "stream with {0}")
  @MethodSource("corruptStreams")
  void aCorruptStreamIsADisconnectionAndTheTaskCarriesOnWithCheckpointing(String name, byte[] garbage)
      throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(WAIT_FOR_GO).checkpoint(true)
        .subscriptionBackoffMax(Duration.ofMillis(300)))) {
      run.awaitState(TASK_RUNNING);
      await().atMost(ExecutorRun.WAIT).until(() -> run.agent.updates().size() >= 2 && run.agent.streamOpen());
      run.faults.sendRawOnStream(garbage);
      await().atMost(ExecutorRun.WAIT).until(() -> run.agent.subscribeCount() >= 2);
      Files.createFile(run.sandbox().resolve("go"));
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("executor.log")).contains("Disconnected from the agent");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"an ERROR event", "a stream reset inside a record"})
  void aBrokenStreamIsADisconnectionAndNothingIsLost(String how) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(WAIT_FOR_GO).checkpoint(true)
        .subscriptionBackoffMax(Duration.ofMillis(300)))) {
      run.awaitState(TASK_RUNNING);
      await().atMost(ExecutorRun.WAIT).until(() -> run.agent.updates().size() >= 2 && run.agent.streamOpen());
      if (how.startsWith("an ERROR")) {
        run.agent.sendEvent(Event.newBuilder().setType(Event.Type.ERROR)
            .setError(Event.Error.newBuilder().setMessage("agent trouble")).build());
      } else {
        run.faults.sendRawOnStream("120\nonly the first part of a record".getBytes(StandardCharsets.US_ASCII));
        run.faults.dropStream();
      }
      await().atMost(ExecutorRun.WAIT).until(() -> run.agent.subscribeCount() >= 2);
      Files.createFile(run.sandbox().resolve("go"));
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.messagesWith("exit-code")).hasSize(1);
    }
  }

  @ParameterizedTest(name = "stream with {0}")
  @MethodSource("corruptStreams")
  void aCorruptStreamWithoutCheckpointingKillsTheTaskAndEndsTheExecutor(String name, byte[] garbage)
      throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100"))) {
      run.awaitState(TASK_RUNNING);
      run.faults.sendRawOnStream(garbage);
      assertThat(run.awaitExit()).isZero();
      assertThat(run.survivors()).isEmpty();
    }
  }

  static Stream<Arguments> oddEvents() {
    TaskID nobody = TaskID.newBuilder().setValue("nobody").build();
    return Stream.of(
        Arguments.of("an unknown event type", Event.newBuilder().setType(Event.Type.UNKNOWN).build()),
        Arguments.of("a second SUBSCRIBED", Event.newBuilder().setType(Event.Type.SUBSCRIBED).buildPartial()),
        Arguments.of("ACKNOWLEDGED for an unknown update", Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
            .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(nobody)
                .setUuid(ByteString.copyFrom(new byte[16]))).build()),
        Arguments.of("KILL for an unknown task", Event.newBuilder().setType(Event.Type.KILL)
            .setKill(Event.Kill.newBuilder().setTaskId(nobody)).build()),
        Arguments.of("a HEARTBEAT", Event.newBuilder().setType(Event.Type.HEARTBEAT).build()),
        Arguments.of("a MESSAGE", Event.newBuilder().setType(Event.Type.MESSAGE)
            .setMessage(Event.Message.newBuilder().setData(ByteString.copyFromUtf8("hello"))).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddEvents")
  void oddEventsAreLoggedAndIgnored(String name, Event event) throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(WAIT_FOR_GO))) {
      run.awaitState(TASK_RUNNING);
      assertThat(run.agent.sendEvent(event)).isTrue();
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandboxFile("executor.log")
          .contains("Received event " + event.getType()));
      Files.createFile(run.sandbox().resolve("go"));
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.agent.subscribeCount()).isEqualTo(1);
    }
  }
}
