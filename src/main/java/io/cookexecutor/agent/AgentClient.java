package io.cookexecutor.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * A small blocking HTTP/1.1 client for {@code POST /api/v1/executor}. SUBSCRIBE gets a connection of its
 * own that stays open as the event stream; other calls share one persistent connection, as the API asks.
 * The JDK HttpClient would cost 150-200 ms of start-up and four threads here, and its streams cannot be
 * closed promptly, so this speaks the three things the protocol needs: POST, 202 answers and one chunked
 * stream.
 */
public final class AgentClient {
  static final String PATH = "/api/v1/executor";
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int CALL_TIMEOUT_MS = 10_000;
  /** Events are small; a record larger than this is corruption, not an event. */
  static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

  private final String host;
  private final int port;
  private final Encoding encoding;
  private final Optional<String> token;
  /** Null for plain HTTP; a field of our own type keeps JSSE unloaded until TLS is really used. */
  private final TlsSockets tls;

  /** Guarded by this: the connection reused for UPDATE and MESSAGE calls. */
  private Socket callSocket;
  private InputStream callIn;

  /** A client of the agent at {@code endpoint} ({@code host:port}), over TLS when {@code tls} is present. */
  public AgentClient(String endpoint, Encoding encoding, Optional<String> token, Optional<TlsSockets> tls) {
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new IllegalArgumentException("agent endpoint is not host:port");
    }
    String h = endpoint.substring(0, colon);
    this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    this.port = Integer.parseInt(endpoint.substring(colon + 1));
    this.encoding = encoding;
    this.token = token;
    this.tls = tls.orElse(null);
  }

  /** The encoding of calls and events. */
  public Encoding encoding() {
    return encoding;
  }

  /** Sends SUBSCRIBE and returns the open event stream; a non-200 answer is an {@link AgentHttpException}. */
  public EventStream subscribe(Call call) throws IOException {
    return subscribe(encoding.encode(call));
  }

  /** Sends an already encoded SUBSCRIBE call; see {@link #subscribe(Call)}. */
  EventStream subscribe(byte[] encodedCall) throws IOException {
    // The answer's head must come within the call timeout (an agent that accepts and never answers would
    // otherwise hold the subscription forever); the stream itself may then be silent for any time.
    Socket socket = connect(CALL_TIMEOUT_MS);
    try {
      HttpResponse response;
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      try {
        write(socket, encodedCall, false);
        response = HttpResponse.read(in);
      } catch (IOException e) {
        throw tls == null ? e : tls.unanswered(e, host + ":" + port);
      }
      if (response.status != 200) {
        throw new AgentHttpException(response.status, response.reason, response.bodyText(512));
      }
      socket.setSoTimeout(0);
      Encoding streamEncoding = Encoding.ofMediaType(response.header("Content-Type")).orElse(encoding);
      return new EventStream(socket, new RecordIoReader(response.body, MAX_EVENT_BYTES), streamEncoding);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends a non-SUBSCRIBE call and waits for its answer; 202 is success. Reuses one connection and opens
   * a new one once when the reused one turns out to be closed.
   */
  public synchronized void send(Call call) throws IOException {
    boolean reused = callSocket != null;
    try {
      sendOnce(call);
    } catch (AgentHttpException e) {
      throw e;
    } catch (IOException e) {
      closeCallSocket();
      if (!reused) {
        throw e;
      }
      sendOnce(call);
    }
  }

  private void sendOnce(Call call) throws IOException {
    if (callSocket == null) {
      callSocket = connect(CALL_TIMEOUT_MS);
      callIn = new BufferedInputStream(callSocket.getInputStream(), 8192);
    }
    write(callSocket, encoding.encode(call), true);
    HttpResponse response = HttpResponse.read(callIn);
    String body = response.bodyText(512);
    if (!response.delimited || "close".equalsIgnoreCase(response.header("Connection"))) {
      closeCallSocket();
    }
    if (response.status != 202) {
      throw new AgentHttpException(response.status, response.reason, body);
    }
  }

  /** Closes the shared call connection, if open. */
  public synchronized void close() {
    closeCallSocket();
  }

  private void closeCallSocket() {
    if (callSocket != null) {
      try {
        callSocket.close();
      } catch (IOException ignored) {
        // Closing a broken socket has nothing left to report.
      }
      callSocket = null;
      callIn = null;
    }
  }

  /** A connected socket; over TLS with the handshake done, so a refused certificate fails here. */
  private Socket connect(int readTimeoutMs) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(readTimeoutMs);
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return tls == null ? socket : tls.handshake(socket, host, port, CONNECT_TIMEOUT_MS, readTimeoutMs);
  }

  private void write(Socket socket, byte[] body, boolean keepAlive) throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append("POST ").append(PATH).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port)
        .append("\r\n")
        .append("Content-Type: ").append(encoding.mediaType()).append("\r\n")
        .append("Accept: ").append(encoding.mediaType()).append("\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n")
        .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
    token.ifPresent(t -> head.append("Authorization: Bearer ").append(t).append("\r\n"));
    head.append("\r\n");
    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    out.write(HttpLines.ascii(head.toString()));
    out.write(body);
    out.flush();
  }
}
