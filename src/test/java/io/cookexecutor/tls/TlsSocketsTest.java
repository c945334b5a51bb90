package io.cookexecutor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.config.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's side of TLS against small in-process TLS servers on 127.0.0.1. */
class TlsSocketsTest {
  private static final int TIMEOUT_MS = 5000;

  @TempDir static Path shared;
  static TestCa right;
  static TestCa other;
  static TestCa.Identity server;
  static TestCa.Identity serverNamedOtherwise;
  static TestCa.Identity otherServer;
  static TestCa.Identity client;

  @TempDir Path dir;
  private Server running;

  @BeforeAll
  static void makeCertificates() throws Exception {
    right = TestCa.create(shared, "right");
    other = TestCa.create(shared, "other");
    server = right.server("agent");
    serverNamedOtherwise = right.issue("named", "CN=agent.example", "EC", "san=dns:agent.example",
        "eku=serverAuth");
    otherServer = other.server("agent");
    client = right.client("executor");
  }

  @AfterEach
  void stopServer() throws Exception {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void completesTheHandshakeWithTheRightCaFile() throws Exception {
    TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), true));
    start(server, false);

    try (Socket s = connect(tls)) {
      assertThat(((SSLSocket) s).getSession().getPeerPrincipal().getName()).isEqualTo("CN=127.0.0.1");
    }
    assertThat(tls.summary()).isEqualTo("trusting the CA file " + right.certFile() + " (1 certificate); "
        + "certificate and host name verified; no client certificate");
  }

  @Test
  void completesTheHandshakeWithTheRightCaDirectory() throws Exception {
    Files.copy(right.certFile(), dir.resolve("right.pem"));
    Files.copy(other.certFile(), dir.resolve("other.pem"));
    TlsSockets tls = TlsSockets.create(options(Optional.empty(), Optional.of(dir), true));
    start(server, false);

    try (Socket s = connect(tls)) {
      assertThat(s.isConnected()).isTrue();
    }
    assertThat(tls.summary()).startsWith("trusting the CA directory " + dir + " (2 certificates)");
  }

  @Test
  void refusesACertificateFromAnotherCaAndSaysWhichAndWhy() throws Exception {
    TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), true));
    start(otherServer, false);

    assertThatThrownBy(() -> connect(tls)).isInstanceOf(SSLException.class)
        .hasMessage("TLS handshake with 127.0.0.1:" + running.port() + " failed: the agent's certificate"
            + " (subject CN=127.0.0.1, issuer CN=other Test CA) is not trusted by the CA file "
            + right.certFile() + " (unable to find valid certification path to requested target)");
  }

  @Test
  void refusesAnUnknownCertificateAgainstTheSystemTrustStore() throws Exception {
    TlsSockets tls = TlsSockets.create(options(Optional.empty(), Optional.empty(), true));
    start(server, false);

    assertThat(tls.summary()).startsWith("trusting the system trust store; ");
    assertThatThrownBy(() -> connect(tls))
        .hasMessageContaining("is not trusted by the system trust store");
  }

  @Test
  void refusesATrustedCertificateThatDoesNotNameTheAgentsIp() throws Exception {
    TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), true));
    start(serverNamedOtherwise, false);

    assertThatThrownBy(() -> connect(tls))
        .hasMessage("TLS handshake with 127.0.0.1:" + running.port() + " failed: the agent's certificate"
            + " (subject CN=agent.example, names DNS:agent.example) does not match 127.0.0.1; an agent"
            + " addressed by IP needs that IP in its certificate's subjectAltName (IP:127.0.0.1)");
  }

  @Test
  void withVerificationOffAcceptsAnUntrustedCertificateAndAnyName() throws Exception {
    TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), false));

    start(otherServer, false);
    try (Socket s = connect(tls)) {
      assertThat(s.isConnected()).isTrue();
    }
    running.close();
    start(serverNamedOtherwise, false);
    try (Socket s = connect(tls)) {
      assertThat(s.isConnected()).isTrue();
    }
    assertThat(tls.summary()).contains("certificate NOT verified");
  }

  @Test
  void presentsTheClientCertificateWhenTheAgentRequiresOne() throws Exception {
    TlsSockets tls = TlsSockets.create(new TlsOptions(Optional.of(right.certFile()), Optional.empty(), true,
        Optional.of(client.certFile()), Optional.of(client.keyFile())));
    start(server, true);

    try (Socket s = connect(tls)) {
      s.getOutputStream().write('x');
      s.getOutputStream().flush();
      assertThat(running.clients.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isEqualTo("CN=executor");
    }
    assertThat(tls.summary()).endsWith("client certificate CN=executor from " + client.certFile());
  }

  @Test
  void saysAClientCertificateMayBeMissingWhenTheAgentRefusesTheConnection() throws Exception {
    TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), true));
    start(server, true);

    // With TLS 1.3 the agent's refusal arrives after the client's handshake: on the first exchange.
    assertThatThrownBy(() -> {
      try (Socket s = connect(tls)) {
        exchange(tls, s);
      }
    }).isInstanceOf(SSLException.class)
        .hasMessageContaining("127.0.0.1:" + running.port())
        .hasMessageEndingWith("it may require a client certificate, and none is configured"
            + " (LIBPROCESS_SSL_CERT_FILE, LIBPROCESS_SSL_KEY_FILE)");
  }

  @Test
  void saysWhenTheAgentDoesNotSpeakTls() throws Exception {
    try (ServerSocket plain = listen()) {
      Thread t = new Thread(() -> {
        try (Socket s = plain.accept()) {
          s.getInputStream().read(new byte[512]);
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        } catch (IOException e) {
          // The test sees the client's side.
        }
      }, "plain-agent");
      t.setDaemon(true);
      t.start();
      TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), true));

      assertThatThrownBy(() -> connect(tls, plain.getLocalPort(), TIMEOUT_MS))
          .hasMessageStartingWith("the agent at 127.0.0.1:" + plain.getLocalPort()
              + " did not answer in TLS; is SSL enabled on the agent?");
      t.join(TIMEOUT_MS);
    }
  }

  @Test
  void boundsTheHandshakeWhenTheAgentSaysNothing() throws Exception {
    try (ServerSocket silent = listen()) {
      TlsSockets tls = TlsSockets.create(options(Optional.of(right.certFile()), Optional.empty(), true));

      assertThatThrownBy(() -> connect(tls, silent.getLocalPort(), 300))
          .hasMessage("no TLS handshake with 127.0.0.1:" + silent.getLocalPort()
              + " within 300 ms (does the agent speak TLS?)");
    }
  }

  @Test
  void reportsSetupProblemsByFile() throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage");

    assertThatThrownBy(() -> TlsSockets.create(options(Optional.of(missing), Optional.empty(), true)))
        .isInstanceOf(TlsSetupException.class).hasMessage(missing + " does not exist");
    assertThatThrownBy(() -> TlsSockets.create(options(Optional.of(garbage), Optional.empty(), false)))
        .hasMessage(garbage + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> TlsSockets.create(options(Optional.empty(), Optional.of(dir.resolve("none")), true)))
        .hasMessage(dir.resolve("none") + " does not exist");
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheClientCertificate() {
    assertThatThrownBy(() -> TlsSockets.create(new TlsOptions(Optional.empty(), Optional.empty(), true,
        Optional.of(client.certFile()), Optional.of(server.keyFile()))))
        .isInstanceOf(TlsSetupException.class)
        .hasMessage("the key in " + server.keyFile() + " does not belong to the certificate in "
            + client.certFile());
  }

  @Test
  void acceptsAnRsaClientCertificateWithAPkcs1Key() throws Exception {
    TestCa.Identity rsa = right.issue("rsa-executor", "CN=rsa-executor", "RSA", "eku=clientAuth");
    Path pkcs1 = dir.resolve("rsa.key");
    Files.writeString(pkcs1, TestCa.pem("RSA PRIVATE KEY", TestCa.pkcs1Of(TestCa.der(rsa.keyFile()))));

    KeyManager[] keys = TlsSockets.keyManagers(rsa.certFile(), pkcs1);

    assertThat(keys).isNotEmpty();
  }

  private static TlsOptions options(Optional<Path> caFile, Optional<Path> caDir, boolean verify) {
    return new TlsOptions(caFile, caDir, verify, Optional.empty(), Optional.empty());
  }

  private Socket connect(TlsSockets tls) throws IOException {
    return connect(tls, running.port(), TIMEOUT_MS);
  }

  private static Socket connect(TlsSockets tls, int port, int handshakeTimeoutMs) throws IOException {
    Socket tcp = new Socket();
    tcp.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
    return tls.handshake(tcp, "127.0.0.1", port, handshakeTimeoutMs, TIMEOUT_MS);
  }

  /** Writes a request and reads the answer's first byte, as AgentClient does, explaining a failure. */
  private void exchange(TlsSockets tls, Socket s) throws IOException {
    try {
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      if (in.read() < 0) {
        throw new java.io.EOFException("connection closed before a response");
      }
    } catch (IOException e) {
      throw tls.unanswered(e, "127.0.0.1:" + running.port());
    }
  }

  /** An agent's server side, as the embedded agent's; with {@code needClientAuth}, clients of the right CA. */
  private void start(TestCa.Identity identity, boolean needClientAuth) throws Exception {
    Optional<Path> clientCa = needClientAuth ? Optional.of(right.certFile()) : Optional.empty();
    running = new Server(ServerTls.from(new AgentTls(identity.certFile(), identity.keyFile(), clientCa)));
  }

  private static ServerSocket listen() throws IOException {
    ServerSocket s = new ServerSocket(0, 5, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    s.setSoTimeout(TIMEOUT_MS);
    return s;
  }

  /** A TLS server that completes handshakes, reports each client's certificate name, then closes. */
  private static final class Server implements AutoCloseable {
    final BlockingQueue<String> clients = new ArrayBlockingQueue<>(16);
    private final SSLServerSocket socket;
    private final Thread thread;

    Server(ServerTls tls) throws IOException {
      socket = (SSLServerSocket) tls.newServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 5);
      thread = new Thread(this::serve, "test-tls-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
          s.setSoTimeout(TIMEOUT_MS);
          try {
            s.startHandshake();
            if (s.getInputStream().read() >= 0 && s.getNeedClientAuth()) {
              clients.add(s.getSession().getPeerPrincipal().getName());
            }
          } catch (IOException e) {
            // A refused handshake: the client's side is what the tests check.
          }
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        thread.join(TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
