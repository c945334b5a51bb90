package io.cookexecutor.local.agent;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Encoding;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/** Calls, requests and checks shared by the local agent tests. */
final class AgentTestSupport {
  static final String PATH = "/api/v1/executor";

  private AgentTestSupport() {}

  static Call.Builder call(AgentSettings s, Call.Type type) {
    return Call.newBuilder()
        .setType(type)
        .setExecutorId(ExecutorID.newBuilder().setValue(s.executorId()))
        .setFrameworkId(FrameworkID.newBuilder().setValue(s.frameworkId()));
  }

  static Call subscribe(AgentSettings s, List<Call.Update> unacknowledged) {
    return call(s, Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().addAllUnacknowledgedUpdates(unacknowledged))
        .build();
  }

  static ByteString newUuid() {
    UUID u = UUID.randomUUID();
    return ByteString.copyFrom(
        ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
  }

  static TaskStatus status(AgentSettings s, TaskState state, ByteString uuid) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(s.taskId()))
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setExecutorId(ExecutorID.newBuilder().setValue(s.executorId()))
        .setUuid(uuid)
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .build();
  }

  static Call update(AgentSettings s, TaskStatus status) {
    return call(s, Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status)).build();
  }

  static Map<String, String> headers(Encoding contentType, String accept) {
    Map<String, String> h = new LinkedHashMap<>();
    if (contentType != null) {
      h.put("Content-Type", contentType.mediaType());
    }
    if (accept != null) {
      h.put("Accept", accept);
    }
    return h;
  }

  /** One request on a fresh connection. */
  static RawHttpClient.Response post(LocalAgent agent, Map<String, String> headers, byte[] body)
      throws IOException {
    try (RawHttpClient c = new RawHttpClient(agent.port())) {
      c.send("POST", PATH, headers, body);
      return c.readResponse();
    }
  }

  static RawHttpClient.Response post(LocalAgent agent, Call call, Encoding encoding) throws IOException {
    return post(agent, headers(encoding, encoding.mediaType()), encoding.encode(call));
  }

  /** Waits (bounded) until no thread of any local agent is left. */
  static void assertNoAgentThreads() {
    await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("local-agent-")));
  }

  /** An open SUBSCRIBE stream. */
  static final class Subscription implements Closeable {
    final RawHttpClient client;
    final RawHttpClient.Response head;
    final RawHttpClient.ChunkedInput body;
    final RawHttpClient.EventReader events;

    private Subscription(RawHttpClient client, RawHttpClient.Response head, Encoding encoding) {
      this.client = client;
      this.head = head;
      this.body = client.chunkedBody();
      this.events = new RawHttpClient.EventReader(body, encoding);
    }

    static Subscription open(LocalAgent agent, Call subscribe, Encoding encoding) throws IOException {
      RawHttpClient client = new RawHttpClient(agent.port());
      try {
        client.send("POST", PATH, headers(encoding, encoding.mediaType()), encoding.encode(subscribe));
        RawHttpClient.Response head = client.readHead();
        if (head.status() != 200) {
          throw new IOException("SUBSCRIBE answered " + head.status());
        }
        return new Subscription(client, head, encoding);
      } catch (IOException | RuntimeException e) {
        client.close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }
}
