package io.cookexecutor.local.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.tls.AgentTls;
import io.cookexecutor.agent.AgentClient;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.agent.EventReader;
import io.cookexecutor.config.TlsOptions;
import io.cookexecutor.tls.TlsSockets;
import io.cookexecutor.tls.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded agent over HTTPS, spoken to by the executor's own client. */
class LocalAgentTlsTest {
  @TempDir static Path certificates;
  static TestCa ca;
  static TestCa.Identity agentIdentity;
  static TestCa.Identity executorIdentity;

  @TempDir Path sandbox;
  private LocalAgent agent;

  @BeforeAll
  static void makeCertificates() throws Exception {
    ca = TestCa.create(certificates, "local");
    agentIdentity = ca.server("agent");
    executorIdentity = ca.client("executor");
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    AgentTestSupport.assertNoAgentThreads();
  }

  @Test
  void servesSubscribeOverTlsAndTellsTheExecutorToUseIt() throws Exception {
    agent = LocalAgent.start(settings(plainTls()));

    assertThat(subscribed(client(false))).isTrue();
    Process env = agent.launchExecutorShell("env");
    assertThat(env.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(sandbox.resolve("stdout"))).contains("LIBPROCESS_SSL_ENABLED=1");
  }

  @Test
  void answersNoPlainHttp() throws Exception {
    agent = LocalAgent.start(settings(plainTls()));

    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", agent.port()), 5000);
      plain.setSoTimeout(5000);
      plain.getOutputStream().write("POST /api/v1/executor HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = plain.getInputStream();
      byte[] answer = in.readNBytes(4);
      assertThat(new String(answer, StandardCharsets.US_ASCII)).doesNotStartWith("HTTP");
    }
    assertThat(agent.calls()).isEmpty();
  }

  @Test
  void requiresAClientCertificateFromTheClientCa() throws Exception {
    agent = LocalAgent.start(
        settings(new AgentTls(agentIdentity.certFile(), agentIdentity.keyFile(), Optional.of(ca.certFile()))));

    assertThatThrownBy(() -> subscribed(client(false))).isInstanceOf(IOException.class)
        .hasMessageContaining("client certificate");
    assertThat(agent.calls()).isEmpty();
    assertThat(subscribed(client(true))).isTrue();
  }

  @Test
  void listensWithTlsAgainAfterAPause() throws Exception {
    agent = LocalAgent.start(settings(plainTls()));
    agent.stopListening();
    agent.resumeListening();

    assertThat(subscribed(client(false))).isTrue();
  }

  @Test
  void refusesToStartWithAMissingCertificate() {
    Path missing = certificates.resolve("missing.pem");
    AgentTls tls = new AgentTls(missing, agentIdentity.keyFile(), Optional.empty());

    assertThatThrownBy(() -> LocalAgent.start(settings(tls)))
        .isInstanceOf(IOException.class)
        .hasMessage("the agent's TLS cannot be set up: " + missing + " does not exist");
  }

  /** The agent's certificate and key, requiring no client certificate. */
  private AgentTls plainTls() {
    return new AgentTls(agentIdentity.certFile(), agentIdentity.keyFile(), Optional.empty());
  }

  private AgentSettings settings(AgentTls tls) {
    return AgentSettings.builder().sandbox(sandbox).tls(tls).build();
  }

  private AgentClient client(boolean withCertificate) throws Exception {
    TlsOptions options = new TlsOptions(Optional.of(ca.certFile()), Optional.empty(), true,
        withCertificate ? Optional.of(executorIdentity.certFile()) : Optional.empty(),
        withCertificate ? Optional.of(executorIdentity.keyFile()) : Optional.empty());
    return new AgentClient(agent.endpoint(), Encoding.PROTOBUF, Optional.empty(),
        Optional.of(TlsSockets.create(options)));
  }

  /** Subscribes and reads the first event: whether it is SUBSCRIBED. */
  private boolean subscribed(AgentClient client) throws IOException {
    try (EventReader stream = client.subscribe(
        Encoding.PROTOBUF.encode(AgentTestSupport.subscribe(agent.settings(), List.of())))) {
      return stream.next().getType() == Event.Type.SUBSCRIBED;
    } finally {
      client.close();
    }
  }
}
