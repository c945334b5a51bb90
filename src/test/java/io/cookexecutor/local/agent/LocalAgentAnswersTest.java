package io.cookexecutor.local.agent;

import static io.cookexecutor.local.agent.AgentTestSupport.PATH;
import static io.cookexecutor.local.agent.AgentTestSupport.call;
import static io.cookexecutor.local.agent.AgentTestSupport.headers;
import static io.cookexecutor.local.agent.AgentTestSupport.newUuid;
import static io.cookexecutor.local.agent.AgentTestSupport.post;
import static io.cookexecutor.local.agent.AgentTestSupport.status;
import static io.cookexecutor.local.agent.AgentTestSupport.subscribe;
import static io.cookexecutor.local.agent.AgentTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.testing.AgentFaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every answer code of the executor endpoint, over real HTTP, in the agent's order of checks. */
class LocalAgentAnswersTest {
  private LocalAgent agent;
  private AgentFaults faults;
  private AgentSettings s;

  @BeforeEach
  void start() throws IOException {
    start(AgentSettings.builder());
  }

  private void start(AgentSettings.Builder settings) throws IOException {
    agent = LocalAgent.start(settings.build());
    faults = AgentFaults.install(agent);
    s = agent.settings();
  }

  @AfterEach
  void stop() {
    agent.close();
    AgentTestSupport.assertNoAgentThreads();
  }

  private RawHttpClient.Response postProto(Call c) throws IOException {
    return post(agent, c, Encoding.PROTOBUF);
  }

  private void subscribeAndLeave() throws IOException {
    try (AgentTestSupport.Subscription sub =
        AgentTestSupport.Subscription.open(agent, subscribe(s, List.of()), Encoding.PROTOBUF)) {
      sub.events.next();
    }
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() throws IOException {
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("POST", "/api/v1/scheduler", headers(Encoding.PROTOBUF, null), new byte[0]);
      assertThat(c.readResponse().status()).isEqualTo(404);
      // Same connection: plain answers keep it alive.
      c.send("GET", PATH + "?x=1", Map.of(), new byte[0]);
      RawHttpClient.Response r = c.readResponse();
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("POST");
    }
  }

  @Test
  void recoveringAgentAnswers503ToEverything() throws IOException {
    faults.setRecovering(true);
    RawHttpClient.Response r = postProto(subscribe(s, List.of()));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).isEqualTo("Agent has not finished recovery");
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("GET", PATH, Map.of(), new byte[0]);
      assertThat(c.readResponse().status()).isEqualTo(503);
    }
    faults.setRecovering(false);
    assertThat(postProto(call(s, Call.Type.HEARTBEAT).build()).status()).isEqualTo(202);
  }

  @Test
  void contentTypeProblems() throws IOException {
    RawHttpClient.Response missing = post(agent, Map.of(), new byte[] {1});
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.text()).isEqualTo("Expecting 'Content-Type' to be present");

    RawHttpClient.Response other = post(agent, Map.of("Content-Type", "text/plain"), new byte[] {1});
    assertThat(other.status()).isEqualTo(415);
    assertThat(other.text()).isEqualTo("Expecting 'Content-Type' of application/json or application/x-protobuf");

    // The agent compares the header exactly: parameters make it unsupported.
    RawHttpClient.Response withCharset =
        post(agent, Map.of("Content-Type", "application/json; charset=utf-8"), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(withCharset.status()).isEqualTo(415);
  }

  @Test
  void undecodableBodies() throws IOException {
    RawHttpClient.Response garbage = post(agent, headers(Encoding.PROTOBUF, null), new byte[] {(byte) 0xff, 0x01});
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.text()).isEqualTo("Failed to parse body into Call protobuf");

    // executor_id and framework_id are required fields: a protobuf body without them does not parse.
    byte[] noIds = Call.newBuilder().setType(Call.Type.HEARTBEAT).buildPartial().toByteArray();
    assertThat(post(agent, headers(Encoding.PROTOBUF, null), noIds).text())
        .isEqualTo("Failed to parse body into Call protobuf");

    RawHttpClient.Response badJson = post(agent, headers(Encoding.JSON, null), "{\"type\":".getBytes(StandardCharsets.UTF_8));
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.text()).startsWith("Failed to parse body into JSON");

    RawHttpClient.Response notCall = post(agent, headers(Encoding.JSON, null), "{\"type\":[1]}".getBytes(StandardCharsets.UTF_8));
    assertThat(notCall.status()).isEqualTo(400);
    assertThat(notCall.text()).startsWith("Failed to convert JSON into Call protobuf");

    RawHttpClient.Response missingIds = post(agent, headers(Encoding.JSON, null), "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(missingIds.status()).isEqualTo(400);
    assertThat(missingIds.text()).contains("Missing required fields").contains("executor_id");
  }

  @Test
  void invalidCallsFailValidation() throws IOException {
    ByteString uuid = newUuid();
    TaskStatus good = status(s, TaskState.TASK_RUNNING, uuid);
    Map<String, Call> invalid = Map.of(
        "Expecting 'type' to be present", call(s, Call.Type.UNKNOWN).clearType().build(),
        "Expecting 'subscribe' to be present", call(s, Call.Type.SUBSCRIBE).build(),
        "Expecting 'update' to be present", call(s, Call.Type.UPDATE).build(),
        "Expecting 'message' to be present", call(s, Call.Type.MESSAGE).build(),
        "Expecting 'uuid' to be present", update(s, good.toBuilder().clearUuid().build()),
        "with invalid source, expecting 'SOURCE_EXECUTOR'",
            update(s, good.toBuilder().setSource(TaskStatus.Source.SOURCE_AGENT).build()),
        "does not match ExecutorID in TaskStatus: other",
            update(s, good.toBuilder().setExecutorId(ExecutorID.newBuilder().setValue("other")).build()),
        "Not a valid UUID", update(s, good.toBuilder().setUuid(ByteString.copyFromUtf8("short")).build()));
    for (Map.Entry<String, Call> e : invalid.entrySet()) {
      RawHttpClient.Response r = postProto(e.getValue());
      assertThat(r.status()).as(e.getKey()).isEqualTo(400);
      assertThat(r.text()).startsWith("Failed to validate Executor::Call: ").contains(e.getKey());
    }
  }

  @Test
  void subscribeNeedsAnAcceptableMediaType() throws IOException {
    byte[] body = Encoding.PROTOBUF.encode(subscribe(s, List.of()));
    RawHttpClient.Response r = post(agent, headers(Encoding.PROTOBUF, "text/html, application/json;q=0"), body);
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.text()).isEqualTo("Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
    assertThat(agent.subscribeCount()).isZero();
  }

  @Test
  void subscribePrefersJsonWhenAcceptAllowsIt() throws IOException {
    byte[] body = Encoding.PROTOBUF.encode(subscribe(s, List.of()));
    for (String accept : Arrays.asList(null, "*/*", "application/x-protobuf, application/json", "application/x-protobuf")) {
      try (RawHttpClient c = new RawHttpClient(agent.port())) {
        c.send("POST", PATH, headers(Encoding.PROTOBUF, accept), body);
        RawHttpClient.Response head = c.readHead();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).as("Accept: %s", accept)
            .isEqualTo("application/x-protobuf".equals(accept) ? accept : "application/json");
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.subscribeCount() == 4);
  }

  @Test
  void heartbeatIsAcceptedEvenBeforeSubscribing() throws IOException {
    assertThat(postProto(call(s, Call.Type.HEARTBEAT).build()).status()).isEqualTo(202);
  }

  @Test
  void unknownFrameworkOrExecutor() throws IOException {
    Call otherFramework = call(s, Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance())
        .setFrameworkId(FrameworkID.newBuilder().setValue("nope")).build();
    RawHttpClient.Response r = postProto(otherFramework);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo("Framework cannot be found");

    Call otherExecutor = call(s, Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance())
        .setExecutorId(ExecutorID.newBuilder().setValue("nope")).build();
    assertThat(postProto(otherExecutor).text()).isEqualTo("Executor cannot be found");
  }

  @Test
  void callsBeforeTheFirstSubscribeAreForbidden() throws IOException {
    RawHttpClient.Response r = postProto(update(s, status(s, TaskState.TASK_RUNNING, newUuid())));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text()).isEqualTo("Executor is not subscribed");
    assertThat(agent.updates()).isEmpty();
  }

  @Test
  void unknownCallIsNotImplementedAfterSubscribing() throws IOException {
    subscribeAndLeave();
    assertThat(postProto(call(s, Call.Type.UNKNOWN).build()).status()).isEqualTo(501);
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void updateAndMessageAreAcceptedWithEmptyBodies(Encoding encoding) throws IOException {
    subscribeAndLeave();
    RawHttpClient.Response u = post(agent, update(s, status(s, TaskState.TASK_RUNNING, newUuid())), encoding);
    assertThat(u.status()).isEqualTo(202);
    assertThat(u.body()).isEmpty();
    Call message = call(s, Call.Type.MESSAGE)
        .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("{\"exit-code\":0}"))).build();
    assertThat(post(agent, message, encoding).status()).isEqualTo(202);
    assertThat(agent.updates()).extracting(TaskStatus::getState).containsExactly(TaskState.TASK_RUNNING);
    assertThat(agent.messages()).singleElement()
        .satisfies(m -> assertThat(new String(m, StandardCharsets.UTF_8)).isEqualTo("{\"exit-code\":0}"));
  }

  @Test
  void anAgentStoppingWhileItAnswersACallStillAnswersItAndTakesNoCallAfterwards() throws Exception {
    subscribeAndLeave();
    Thread[] stopper = new Thread[1];
    faults.rule(call -> {
      if (call.getType() == Call.Type.MESSAGE && stopper[0] == null) {
        // The agent is told to stop while it handles this call.
        stopper[0] = new Thread(agent::stopListening, "test-stopper");
        stopper[0].start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.listening());
      }
      return java.util.Optional.empty();
    });
    Call message = call(s, Call.Type.MESSAGE)
        .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("{\"exit-code\":0}"))).build();
    byte[] body = Encoding.PROTOBUF.encode(message);
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("POST", PATH, headers(Encoding.PROTOBUF, null), body);
      assertThat(c.readResponse().status()).as("the call it took is answered").isEqualTo(202);
      stopper[0].join(5_000);
      assertThat(stopper[0].isAlive()).isFalse();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> post(agent, message, Encoding.PROTOBUF))
        .as("a stopped agent refuses connections").isInstanceOf(IOException.class);
    assertThat(agent.messages()).hasSize(1);
  }

  @Test
  void anInterceptedCallIsRecordedWithTheInterceptorsAnswerAndHasNoEffect() throws IOException {
    subscribeAndLeave();
    agent.interceptCalls((path, call) -> call.filter(c -> c.getType() == Call.Type.UPDATE)
        .map(c -> new CallInterceptor.Answer(503, "busy")));
    RawHttpClient.Response r = postProto(update(s, status(s, TaskState.TASK_RUNNING, newUuid())));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.text()).isEqualTo("busy");
    assertThat(agent.updates()).isEmpty();
    assertThat(agent.calls()).last().satisfies(c -> assertThat(c.status()).isEqualTo(503));
    agent.interceptCalls(CallInterceptor.NONE);
    assertThat(postProto(update(s, status(s, TaskState.TASK_RUNNING, newUuid()))).status()).isEqualTo(202);
    assertThat(agent.updates()).hasSize(1);
  }

  @Test
  void chunkedRequestBodiesAreRead() throws IOException {
    subscribeAndLeave();
    byte[] body = Encoding.JSON.encode(update(s, status(s, TaskState.TASK_RUNNING, newUuid())));
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("POST", PATH, headers(Encoding.JSON, null), body, 7);
      assertThat(c.readResponse().status()).isEqualTo(202);
    }
    assertThat(agent.updates()).hasSize(1);
  }

  @Test
  void tokenIsCheckedBeforeAnythingButRecovery() throws IOException {
    agent.close();
    start(AgentSettings.builder().token("s3cret"));
    byte[] body = Encoding.PROTOBUF.encode(subscribe(s, List.of()));
    for (Map<String, String> h : List.of(headers(Encoding.PROTOBUF, null),
        Map.of("Content-Type", Encoding.PROTOBUF.mediaType(), "Authorization", "Bearer wrong"))) {
      RawHttpClient.Response r = post(agent, h, body);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"mesos-agent-executor\"");
      assertThat(r.text()).doesNotContain("s3cret");
    }
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("GET", PATH, Map.of(), new byte[0]);
      assertThat(c.readResponse().status()).isEqualTo(401);
    }
    Map<String, String> good = Map.of("Content-Type", Encoding.PROTOBUF.mediaType(), "Authorization", "Bearer s3cret");
    assertThat(post(agent, good, Encoding.PROTOBUF.encode(call(s, Call.Type.HEARTBEAT).build())).status())
        .isEqualTo(202);
    faults.setRecovering(true);
    assertThat(post(agent, Map.of(), body).status()).isEqualTo(503);
  }

  @Test
  void everyRequestIsRecordedWithItsAnswer() throws IOException {
    postProto(call(s, Call.Type.HEARTBEAT).build());
    post(agent, Map.of(), new byte[0]);
    postProto(update(s, status(s, TaskState.TASK_RUNNING, newUuid())));
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.calls().size() == 3);
    List<ReceivedCall> calls = agent.calls();
    assertThat(calls).extracting(ReceivedCall::status).containsExactly(202, 400, 403);
    assertThat(calls.get(0).is(Call.Type.HEARTBEAT)).isTrue();
    assertThat(calls.get(1).call()).isEmpty();
    assertThat(calls.get(1).encoding()).isEmpty();
    assertThat(calls.get(2).encoding()).contains(Encoding.PROTOBUF);
  }

  @Test
  void malformedRequestsAreAnsweredAndClosed() throws IOException {
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("POST", PATH, Map.of("Content-Length", "abc"), new byte[0], 0);
      RawHttpClient.Response r = c.readResponse();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }
}
