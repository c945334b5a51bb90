package io.cookexecutor.local.agent;

import static io.cookexecutor.local.agent.AgentTestSupport.newUuid;
import static io.cookexecutor.local.agent.AgentTestSupport.post;
import static io.cookexecutor.local.agent.AgentTestSupport.status;
import static io.cookexecutor.local.agent.AgentTestSupport.subscribe;
import static io.cookexecutor.local.agent.AgentTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.agent.RecordIoReader;
import io.cookexecutor.testing.AgentFaults;
import io.cookexecutor.testing.ChunkMode;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SUBSCRIBE stream: events, acknowledgements, deduplication, chunking, drops and restarts. */
class LocalAgentStreamTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private LocalAgent agent;
  private AgentFaults faults;

  @AfterEach
  void stop() {
    if (agent != null) {
      faults.close();
      agent.close();
    }
    AgentTestSupport.assertNoAgentThreads();
  }

  private AgentSettings start(AgentSettings.Builder b) throws IOException {
    agent = LocalAgent.start(b.build());
    faults = AgentFaults.install(agent);
    return agent.settings();
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void subscribeStreamsSubscribedThenLaunch(Encoding encoding) throws IOException {
    AgentSettings s = start(AgentSettings.builder().command("echo hi").checkpoint(true)
        .taskEnv("EXECUTOR_MAX_MESSAGE_LENGTH", "512").killPolicyGrace(Duration.ofSeconds(2)));
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), encoding)) {
      assertThat(sub.head.header("Content-Type")).isEqualTo(encoding.mediaType());
      assertThat(sub.head.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(sub.head.header("Content-Length")).isNull();

      Event subscribed = sub.events.next();
      assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      Event.Subscribed info = subscribed.getSubscribed();
      assertThat(info.getExecutorInfo().getExecutorId().getValue()).isEqualTo(s.executorId());
      assertThat(info.getExecutorInfo().getCommand().getEnvironment().getVariablesList())
          .anySatisfy(v -> assertThat(v.getName()).isEqualTo("EXECUTOR_MAX_MESSAGE_LENGTH"));
      assertThat(info.getFrameworkInfo().getId().getValue()).isEqualTo(s.frameworkId());
      assertThat(info.getFrameworkInfo().getName()).isEqualTo("cook");
      assertThat(info.getFrameworkInfo().getCheckpoint()).isTrue();
      assertThat(info.getAgentInfo().getHostname()).isEqualTo("localhost");
      assertThat(info.getAgentInfo().getId().getValue()).isEqualTo(AgentEvents.AGENT_ID);
      assertThat(info.hasContainerId()).isTrue();

      Event launch = sub.events.next();
      assertThat(launch.getType()).isEqualTo(Event.Type.LAUNCH);
      assertThat(launch.getLaunch().getTask().getTaskId().getValue()).isEqualTo(s.taskId());
      assertThat(launch.getLaunch().getTask().getData().toStringUtf8()).isEqualTo("{\"command\":\"echo hi\"}");
      assertThat(launch.getLaunch().getTask().getExecutor()).isEqualTo(info.getExecutorInfo());
      assertThat(launch.getLaunch().getTask().getResourcesList()).extracting(r -> r.getName())
          .containsExactly("cpus", "mem");
      assertThat(launch.getLaunch().getTask().getKillPolicy().getGracePeriod().getNanoseconds())
          .isEqualTo(2_000_000_000L);
      assertThat(sub.body.chunkSizes()).hasSize(2);
    }
    await().atMost(BOUND).until(() -> !agent.streamOpen());
  }

  @Test
  void rawTaskDataIsSentVerbatim() throws IOException {
    AgentSettings s = start(AgentSettings.builder().rawTaskData(new byte[] {'n', 'o', 'p', 'e'}));
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
      assertThat(sub.events.next().getLaunch().getTask().getData().toStringUtf8()).isEqualTo("nope");
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void updateIsAnsweredThenAcknowledgedOnTheStreamOnce(Encoding encoding) throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), encoding)) {
      sub.events.next();
      sub.events.next();
      ByteString uuid = newUuid();
      TaskStatus running = status(s, TaskState.TASK_RUNNING, uuid);
      assertThat(post(agent, update(s, running), encoding).status()).isEqualTo(202);
      Event ack = sub.events.next();
      assertThat(ack.getType()).isEqualTo(Event.Type.ACKNOWLEDGED);
      assertThat(ack.getAcknowledged().getUuid()).isEqualTo(uuid);
      assertThat(ack.getAcknowledged().getTaskId().getValue()).isEqualTo(s.taskId());

      // The same uuid again: a duplicate, neither delivered nor acknowledged a second time.
      assertThat(post(agent, update(s, running), encoding).status()).isEqualTo(202);
      assertThat(agent.duplicateUpdates()).isEqualTo(1);
      ByteString next = newUuid();
      post(agent, update(s, status(s, TaskState.TASK_FINISHED, next)), encoding);
      assertThat(sub.events.next().getAcknowledged().getUuid()).isEqualTo(next);
      assertThat(agent.updates()).extracting(TaskStatus::getState)
          .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    }
  }

  @Test
  void reSubscribeDeliversNewUnacknowledgedUpdatesOnceAndAcknowledgesThem() throws IOException {
    AgentSettings s = start(AgentSettings.builder().checkpoint(true));
    faults.setAcknowledging(false);
    TaskStatus starting = status(s, TaskState.TASK_STARTING, newUuid());
    TaskStatus running = status(s, TaskState.TASK_RUNNING, newUuid());
    TaskStatus finished = status(s, TaskState.TASK_FINISHED, newUuid());
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
      sub.events.next();
      post(agent, update(s, starting), Encoding.PROTOBUF);
      post(agent, update(s, running), Encoding.PROTOBUF);
    }
    await().atMost(BOUND).until(() -> !agent.streamOpen());
    faults.setAcknowledging(true);
    List<Call.Update> unacked = List.of(starting, running, finished).stream()
        .map(st -> Call.Update.newBuilder().setStatus(st).build()).toList();
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, unacked), Encoding.JSON)) {
      assertThat(sub.events.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
      for (TaskStatus st : List.of(starting, running, finished)) {
        Event ack = sub.events.next();
        assertThat(ack.getType()).as("no second LAUNCH").isEqualTo(Event.Type.ACKNOWLEDGED);
        assertThat(ack.getAcknowledged().getUuid()).isEqualTo(st.getUuid());
      }
      assertThat(agent.updates()).extracting(TaskStatus::getState)
          .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
      assertThat(agent.duplicateUpdates()).isEqualTo(2);
      assertThat(agent.subscribeCount()).isEqualTo(2);
    }
    // Acknowledged updates sent again are ignored, not acknowledged again.
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, unacked), Encoding.JSON)) {
      sub.events.next();
      post(agent, update(s, status(s, TaskState.TASK_FINISHED, newUuid())), Encoding.JSON);
      assertThat(sub.events.next().getAcknowledged().getUuid()).isNotIn(starting.getUuid(), running.getUuid(),
          finished.getUuid());
    }
  }

  @Test
  void acknowledgementWithoutStreamIsSentAfterTheNextSubscribed() throws IOException {
    AgentSettings s = start(AgentSettings.builder().checkpoint(true));
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
    }
    await().atMost(BOUND).until(() -> !agent.streamOpen());
    ByteString uuid = newUuid();
    assertThat(post(agent, update(s, status(s, TaskState.TASK_RUNNING, uuid)), Encoding.PROTOBUF).status())
        .isEqualTo(202);
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      assertThat(sub.events.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
      assertThat(sub.events.next().getAcknowledged().getUuid()).isEqualTo(uuid);
    }
  }

  @Test
  void newSubscribeClosesThePreviousStreamProperly() throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    try (AgentTestSupport.Subscription first = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF);
        AgentTestSupport.Subscription second = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      first.events.next();
      first.events.next();
      assertThat(first.body.read()).isEqualTo(-1);
      assertThat(first.body.ended()).isTrue();
      assertThat(second.events.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
      // The second SUBSCRIBE lists no task: the launched task never reached this executor, so the agent
      // reports it lost and shuts the executor down, as a Mesos agent does.
      assertThat(second.events.next().getType()).isEqualTo(Event.Type.SHUTDOWN);
      assertThat(agent.updates()).singleElement().satisfies(u -> {
        assertThat(u.getState()).isEqualTo(org.apache.mesos.v1.Protos.TaskState.TASK_LOST);
        assertThat(u.getSource()).isEqualTo(org.apache.mesos.v1.Protos.TaskStatus.Source.SOURCE_AGENT);
      });
      assertThat(agent.killTask(Optional.empty())).isTrue();
      assertThat(second.events.next().getType()).isEqualTo(Event.Type.KILL);
    }
  }

  @Test
  void splitModeCutsRecordsAcrossChunksAndStillDecodes() throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    faults.setChunkMode(ChunkMode.SPLIT);
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      assertThat(sub.events.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
      assertThat(sub.events.next().getType()).isEqualTo(Event.Type.LAUNCH);
      // Two records in one write: head of 1, tail of 1 + head of 2, tail of 2.
      assertThat(sub.body.chunkSizes()).hasSize(3);
      assertThat(agent.killTask(Optional.of(Duration.ofMillis(1500)))).isTrue();
      Event kill = sub.events.next();
      assertThat(kill.getKill().getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(1_500_000_000L);
      assertThat(sub.body.chunkSizes()).hasSize(5);
      assertThat(agent.shutdown()).isTrue();
      assertThat(sub.events.next().getType()).isEqualTo(Event.Type.SHUTDOWN);
    }
  }

  @Test
  void rawBytesAndCustomEventsGoOnTheStream() throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
      sub.events.next();
      Event error = Event.newBuilder().setType(Event.Type.ERROR)
          .setError(Event.Error.newBuilder().setMessage("boom")).build();
      assertThat(agent.sendEvent(error)).isTrue();
      assertThat(sub.events.next()).isEqualTo(error);
      assertThat(faults.sendRawOnStream("0\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
      assertThatThrownBy(sub.events::next).isInstanceOf(RecordIoReader.RecordIoException.class);
    }
  }

  @Test
  void dropStreamEndsTheBodyWithoutTheLastChunk() throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
      sub.events.next();
      faults.dropStream();
      assertThatThrownBy(sub.body::read).isInstanceOf(EOFException.class);
      assertThat(sub.body.ended()).isFalse();
    }
    await().atMost(BOUND).until(() -> !agent.streamOpen());
    assertThat(agent.killTask(Optional.empty())).isFalse();
  }

  @Test
  void stopListeningRefusesConnectionsAndResumeUsesTheSamePort() throws IOException {
    AgentSettings s = start(AgentSettings.builder().checkpoint(true));
    int port = agent.port();
    AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF);
    try (sub) {
      sub.events.next();
      agent.stopListening();
      assertThat(agent.listening()).isFalse();
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
      assertThatThrownBy(() -> {
        while (sub.body.read() >= 0) {
          // drain what was sent before the stop
        }
      }).isInstanceOf(IOException.class);
    }
    agent.resumeListening();
    assertThat(agent.port()).isEqualTo(port);
    try (AgentTestSupport.Subscription again = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      assertThat(again.events.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
    }
    assertThat(agent.subscribeCount()).isEqualTo(2);
  }

  @Test
  void listenersHearCallsUpdatesMessagesAndSubscriptions() throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    List<String> heard = new CopyOnWriteArrayList<>();
    agent.addListener(new AgentListener() {
      @Override
      public void onCall(ReceivedCall call) {
        heard.add("call " + call.status());
      }

      @Override
      public void onUpdate(TaskStatus status, boolean duplicate) {
        heard.add("update " + status.getState() + (duplicate ? " dup" : ""));
      }

      @Override
      public void onMessage(byte[] data) {
        heard.add("message " + new String(data, StandardCharsets.UTF_8));
      }

      @Override
      public void onSubscribed(int count) {
        heard.add("subscribed " + count);
      }

      @Override
      public void onStreamClosed() {
        heard.add("closed");
      }
    });
    TaskStatus running = status(s, TaskState.TASK_RUNNING, newUuid());
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
      post(agent, update(s, running), Encoding.PROTOBUF);
      post(agent, update(s, running), Encoding.PROTOBUF);
      post(agent, AgentTestSupport.call(s, Call.Type.MESSAGE)
          .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("hello"))).build(), Encoding.PROTOBUF);
    }
    await().atMost(BOUND).untilAsserted(() -> assertThat(heard).containsExactly("call 200", "subscribed 1",
        "call 202", "update TASK_RUNNING", "call 202", "update TASK_RUNNING dup", "call 202", "message hello",
        "closed"));
  }

  @Test
  void heartbeatsArriveWhenEnabled() throws IOException {
    AgentSettings s = start(AgentSettings.builder());
    faults.setHeartbeat(Duration.ofMillis(50));
    try (AgentTestSupport.Subscription sub = AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.JSON)) {
      sub.events.next();
      sub.events.next();
      assertThat(sub.events.next().getType()).isEqualTo(Event.Type.HEARTBEAT);
      faults.setHeartbeat(null);
    }
  }
}
