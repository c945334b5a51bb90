package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's wiring over real sockets on 127.0.0.1: a call the server never answers ends as a
 * timeout on a closed connection, the next call uses a fresh one, and closing aborts a call in flight.
 */
class AgentClientTest {
  private final ServerSocket server;
  private final List<Socket> accepted = new ArrayList<>();
  private volatile boolean answer;

  AgentClientTest() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "test-server");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void close() throws IOException {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
  }

  /** Answers 202 to each request when {@link #answer} is set, else keeps the connection silent. */
  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        synchronized (accepted) {
          accepted.add(s);
        }
        Thread t = new Thread(() -> respond(s), "test-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void respond(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[8192];
      while (in.read(buf) > 0) {
        if (answer) {
          out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    } catch (IOException ignored) {
      // The client closed the connection.
    }
  }

  private AgentClient client() {
    return new AgentClient("127.0.0.1:" + server.getLocalPort(), Encoding.PROTOBUF, Optional.empty(),
        Optional.empty());
  }

  private static Call message() {
    return Call.newBuilder().setType(Call.Type.MESSAGE)
        .setFrameworkId(FrameworkID.newBuilder().setValue("f"))
        .setExecutorId(ExecutorID.newBuilder().setValue("e"))
        .setMessage(Call.Message.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("m")))
        .build();
  }

  @Test
  void aCallWithoutAnswerTimesOutAndTheNextCallUsesAFreshConnection() {
    AgentClient client = client();
    CallOutcome hung = client.send(message(), 3_000);
    answer = true;
    CallOutcome next = client.send(message(), 3_000);

    assertThat(hung.kind()).isEqualTo(CallOutcome.Kind.TIMED_OUT);
    assertThat(next.isAccepted()).isTrue();
    synchronized (accepted) {
      assertThat(accepted).hasSize(2);
    }
  }

  @Test
  void theCallsShareOnePersistentConnection() {
    answer = true;
    AgentClient client = client();
    assertThat(client.send(message(), 3_000).isAccepted()).isTrue();
    assertThat(client.send(message(), 3_000).isAccepted()).isTrue();
    assertThat(client.send(message(), 3_000).isAccepted()).isTrue();
    synchronized (accepted) {
      assertThat(accepted).hasSize(1);
    }
  }

  @Test
  void eachCallHasTheDeadlineItIsGiven() {
    AgentClient client = client();
    long start = System.nanoTime();
    CallOutcome hung = client.send(message(), 300);

    assertThat(hung.kind()).isEqualTo(CallOutcome.Kind.TIMED_OUT);
    assertThat(hung.detail()).contains("no answer within 300 ms");
    // Bounded by the given deadline, not the 3 s default (a generous margin for a busy machine).
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMillis(2500));
  }

  @Test
  void closingAbortsACallInFlight() throws Exception {
    AgentClient client = client();
    CompletableFuture<CallOutcome> call =
        CompletableFuture.supplyAsync(() -> client.send(message(), 3_000));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> {
      synchronized (accepted) {
        return !accepted.isEmpty();
      }
    });
    client.close();

    // Well before the 3 s answer deadline could end it.
    CallOutcome outcome = call.get(2, TimeUnit.SECONDS);
    assertThat(outcome.isAccepted()).isFalse();
    assertThat(outcome.detail()).contains("closing");
  }
}
