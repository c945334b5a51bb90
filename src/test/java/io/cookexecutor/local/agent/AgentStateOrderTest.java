package io.cookexecutor.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Encoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The order of what goes on the event streams, decided under {@link AgentState}'s lock and written in turn:
 * the write thread is a queue the test runs by hand, the streams write into memory and fail on demand.
 */
class AgentStateOrderTest {
  private final AgentSettings settings = AgentSettings.builder().build();
  private final AgentEvents events = new AgentEvents(settings, 5051);
  private final ManualThread writes = new ManualThread();
  private final AgentState state = new AgentState(events, writes, Runnable::run);

  @Test
  void subscribedThenLaunchThenTheAcknowledgementsThatWaitedForAStream() throws IOException {
    ByteString a = ack(TaskState.TASK_STARTING);
    ByteString b = ack(TaskState.TASK_RUNNING);
    writes.runAll();
    assertThat(uuids(state.pendingAcks())).containsExactly(a, b);

    Stream s1 = subscribe();
    writes.runAll();
    assertThat(s1.types()).containsExactly(Event.Type.SUBSCRIBED, Event.Type.LAUNCH, Event.Type.ACKNOWLEDGED,
        Event.Type.ACKNOWLEDGED);
    assertThat(uuids(s1.events())).containsExactly(a, b);
    assertThat(state.pendingAcks()).isEmpty();
  }

  @Test
  void aFailedWritePutsTheUnsentAcknowledgementsBackInTheOrderOfTheirUpdates() throws IOException {
    Stream s1 = subscribe();
    writes.runAll();
    ByteString a = ack(TaskState.TASK_STARTING);
    ByteString b = ack(TaskState.TASK_RUNNING);
    ByteString c = ack(TaskState.TASK_FINISHED);
    s1.out.failing = true;
    writes.runAll();
    assertThat(uuids(state.pendingAcks())).containsExactly(a, b, c);

    Stream s2 = subscribe();
    writes.runAll();
    assertThat(s2.types()).startsWith(Event.Type.SUBSCRIBED);
    assertThat(uuids(s2.events())).containsExactly(a, b, c);
  }

  @Test
  void anAcknowledgementWhoseStreamFailsWhileASubscribeWaitsItsTurnGoesOutAfterThatSubscribed()
      throws IOException {
    Stream s1 = subscribe();
    writes.runAll();
    ByteString a = ack(TaskState.TASK_STARTING);
    Stream s2 = subscribe(); // queued behind the acknowledgement, which then fails on the old stream
    s1.out.failing = true;
    writes.runAll();
    assertThat(uuids(s2.events())).containsExactly(a);
    assertThat(state.pendingAcks()).isEmpty();
  }

  @Test
  void anAcknowledgementDecidedWhileASubscribeWaitsItsTurnGoesOnTheNewStreamAfterSubscribed()
      throws IOException {
    Stream s1 = subscribe();
    writes.runAll();
    Stream s2 = subscribe();
    ByteString a = ack(TaskState.TASK_STARTING);
    writes.runAll();
    assertThat(s1.ended()).as("the replaced stream ends with the last chunk").isTrue();
    assertThat(uuids(s1.events())).isEmpty();
    assertThat(s2.types().get(0)).isEqualTo(Event.Type.SUBSCRIBED);
    assertThat(uuids(s2.events())).containsExactly(a);
    assertThat(state.subscribeCount()).isEqualTo(2);
  }

  @Test
  void aFailedSubscribedBatchPutsItsAcknowledgementsBeforeLaterOnes() throws IOException {
    ByteString a = ack(TaskState.TASK_STARTING);
    writes.runAll();
    Stream s1 = subscribe();
    s1.out.failAfterHead = true;
    writes.runAll();
    assertThat(state.subscribeCount()).as("the head went out: subscribed").isEqualTo(1);
    ByteString b = ack(TaskState.TASK_RUNNING);
    writes.runAll();
    assertThat(uuids(state.pendingAcks())).containsExactly(a, b);

    Stream s2 = subscribe();
    writes.runAll();
    assertThat(uuids(s2.events())).containsExactly(a, b);
  }

  @Test
  void aFailedHeadLeavesTheStateAsItWas() throws IOException {
    ByteString a = ack(TaskState.TASK_STARTING);
    writes.runAll();
    Stream s1 = subscribe();
    s1.out.failing = true;
    writes.runAll();
    assertThat(state.subscribeCount()).isZero();
    assertThat(state.currentWriter()).isNull();
    assertThat(uuids(state.pendingAcks())).containsExactly(a);
    Stream s2 = subscribe();
    writes.runAll();
    assertThat(s2.types()).containsExactly(Event.Type.SUBSCRIBED, Event.Type.LAUNCH, Event.Type.ACKNOWLEDGED);
  }

  @Test
  void eventsGoOnTheStreamCurrentAtTheirTurnAndAfterWhatWasDecidedBefore() throws IOException {
    CompletableFuture<Boolean> early = state.send(List.of(AgentEvents.ofType(Event.Type.HEARTBEAT)));
    Stream s1 = subscribe();
    CompletableFuture<Boolean> kill = state.send(List.of(AgentEvents.ofType(Event.Type.KILL)));
    CompletableFuture<Boolean> raw = state.sendRaw(s1.writer, "x".getBytes(StandardCharsets.US_ASCII));
    assertThat(kill).isNotDone();
    writes.runAll();
    assertThat(early).isCompletedWithValue(false);
    assertThat(kill).isCompletedWithValue(true);
    assertThat(raw).isCompletedWithValue(true);
    assertThat(s1.types()).containsExactly(Event.Type.SUBSCRIBED, Event.Type.LAUNCH, Event.Type.KILL);
    assertThat(s1.chunkPayloads()).last().isEqualTo("x".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void reSentUpdatesAreAcknowledgedAfterSubscribedAndThoseAlreadyAcknowledgedAreNot() throws IOException {
    Stream s1 = subscribe();
    writes.runAll();
    TaskStatus acked = status(TaskState.TASK_STARTING);
    state.receive(acked).ifPresent(state::sendAck);
    writes.runAll();
    TaskStatus fresh = status(TaskState.TASK_RUNNING);
    Stream s2 = subscribe(List.of(acked, fresh));
    writes.runAll();
    assertThat(uuids(s1.events())).containsExactly(acked.getUuid());
    assertThat(s2.types()).containsExactly(Event.Type.SUBSCRIBED, Event.Type.ACKNOWLEDGED);
    assertThat(uuids(s2.events())).containsExactly(fresh.getUuid());
    assertThat(state.duplicates()).isEqualTo(1);
  }

  // ---- helpers

  private TaskStatus status(TaskState s) {
    return AgentTestSupport.status(settings, s, AgentTestSupport.newUuid());
  }

  /** An UPDATE received and its acknowledgement sent, as CallHandler does; returns its uuid. */
  private ByteString ack(TaskState s) {
    TaskStatus status = status(s);
    state.sendAck(state.receive(status).orElseThrow());
    return status.getUuid();
  }

  private Stream subscribe() {
    return subscribe(List.of());
  }

  private Stream subscribe(List<TaskStatus> unacknowledged) {
    Call.Subscribe.Builder sub = Call.Subscribe.newBuilder();
    unacknowledged.forEach(u -> sub.addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(u)));
    if (!unacknowledged.isEmpty()) {
      sub.addUnacknowledgedTasks(org.apache.mesos.v1.Protos.TaskInfo.newBuilder(events.taskInfo()));
    }
    Stream s = new Stream();
    state.subscribe(s.writer, sub.build());
    return s;
  }

  private static List<ByteString> uuids(List<Event> events) {
    return events.stream().filter(e -> e.getType() == Event.Type.ACKNOWLEDGED)
        .map(e -> e.getAcknowledged().getUuid()).toList();
  }

  /** The agent's write thread, run by the test: tasks queued while running run too, in order. */
  private static final class ManualThread implements Executor {
    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      queue.add(task);
    }

    void runAll() {
      while (!queue.isEmpty()) {
        queue.poll().run();
      }
    }
  }

  /** Where a stream's bytes go; fails every write, or every write after the head, on demand. */
  private static final class Output extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean failing;
    boolean failAfterHead;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (failing || (failAfterHead && bytes.size() > 0)) {
        throw new IOException("broken pipe");
      }
      bytes.write(b, off, len);
    }
  }

  /** One SUBSCRIBE's stream, over an unconnected socket (closed by a drop) and memory. */
  private static final class Stream {
    final Output out = new Output();
    final EventWriter writer = new EventWriter(new Socket(), out, Encoding.PROTOBUF,
        () -> RecordChunking.RECORD_PER_CHUNK);

    /** The chunk payloads after the 200 head, in order, up to the last chunk or the end of what was written. */
    List<byte[]> chunkPayloads() {
      return body().chunks();
    }

    /** Whether the body ended properly, with the last chunk. */
    boolean ended() {
      return body().ended();
    }

    private record Body(List<byte[]> chunks, boolean ended) {}

    private Body body() {
      byte[] all = out.bytes.toByteArray();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("HTTP/1.1 200 OK\r\n");
      int body = text.indexOf("\r\n\r\n") + 4;
      RawHttpClient.ChunkedInput in = new RawHttpClient.ChunkedInput(
          new ByteArrayInputStream(Arrays.copyOfRange(all, body, all.length)));
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      try {
        for (int b = in.read(); b >= 0; b = in.read()) {
          data.write(b);
        }
      } catch (IOException notEndedYet) {
        // A stream not ended yet (or dropped) stops after its last whole chunk: writes are whole or none.
      }
      byte[] payloads = data.toByteArray();
      List<byte[]> chunks = new ArrayList<>();
      int at = 0;
      for (int size : in.chunkSizes()) {
        chunks.add(Arrays.copyOfRange(payloads, at, at + size));
        at += size;
      }
      return new Body(chunks, in.ended());
    }

    /** The events of the chunks, each chunk one RecordIO record, decoded with the Mesos protobuf classes. */
    List<Event> events() throws IOException {
      List<Event> out = new ArrayList<>();
      for (byte[] chunk : chunkPayloads()) {
        int newline = indexOf(chunk, (byte) '\n');
        if (newline < 0) {
          continue; // a raw chunk
        }
        int length = Integer.parseInt(new String(chunk, 0, newline, StandardCharsets.US_ASCII));
        assertThat(chunk.length - newline - 1).as("one record per chunk").isEqualTo(length);
        out.add(Event.parseFrom(Arrays.copyOfRange(chunk, newline + 1, chunk.length)));
      }
      return out;
    }

    List<Event.Type> types() throws IOException {
      return events().stream().map(Event::getType).toList();
    }

    private static int indexOf(byte[] a, byte b) {
      for (int i = 0; i < a.length; i++) {
        if (a[i] == b) {
          return i;
        }
      }
      return -1;
    }
  }
}
