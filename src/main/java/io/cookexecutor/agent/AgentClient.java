package io.cookexecutor.agent;

import io.cookexecutor.http.DeadlineInputStream;
import io.cookexecutor.http.HttpLines;
import io.cookexecutor.http.HttpResponse;
import io.cookexecutor.lifetime.Closing;
import io.cookexecutor.tls.TlsSockets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * A small blocking HTTP/1.1 client for {@code POST /api/v1/executor}. SUBSCRIBE gets a connection of its
 * own that stays open as the event stream; the other calls share one persistent connection, one call at a
 * time. Every call has a deadline ({@link #CONNECT_TIMEOUT_MS} to connect, then the call's own for the
 * whole answer); a call without an answer in time is abandoned and its connection closed, so the next one
 * starts fresh. {@link #close} aborts calls in flight from any thread.
 * The JDK HttpClient would cost 150-200 ms of start-up and four threads here, and its streams cannot be
 * closed promptly.
 */
public final class AgentClient {
  static final String PATH = "/api/v1/executor";
  /** TCP connect, and the TLS handshake when there is one. */
  public static final int CONNECT_TIMEOUT_MS = 2_000;
  /** From the SUBSCRIBE written to the end of its answer's head (the stream may then be silent for any time). */
  public static final int ANSWER_TIMEOUT_MS = (int) AgentCalls.ANSWER_DEADLINE.toMillis();
  /** Events are small; a record larger than this is corruption, not an event. */
  static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

  private final String host;
  private final int port;
  private final Encoding encoding;
  private final Optional<String> token;
  /** Null for plain HTTP; a field of our own type keeps JSSE unloaded until TLS is really used. */
  private final TlsSockets tls;
  /** Every socket open now, so that {@link #close} can abort whatever is blocked on one. Guarded by itself. */
  private final Set<Socket> open = new HashSet<>();
  /** The connection of the calls; used by one call at a time, under its own lock. */
  private final Connection calls = new Connection();
  private volatile boolean closed;

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

  /**
   * Sends an encoded SUBSCRIBE and returns the open event stream; a non-200 answer is an
   * {@link AgentHttpException}.
   */
  public EventReader subscribe(byte[] encodedCall) throws IOException {
    Socket socket = connect();
    try {
      HttpResponse response;
      DeadlineInputStream timed = new DeadlineInputStream(socket, socket.getInputStream());
      InputStream in = new BufferedInputStream(timed, 64 * 1024);
      try {
        write(socket, encodedCall, false);
        timed.arm(ANSWER_TIMEOUT_MS);
        response = HttpResponse.read(in);
      } catch (IOException e) {
        throw tls == null ? e : tls.unanswered(e, host + ":" + port);
      }
      if (response.status != 200) {
        throw new AgentHttpException(response.status, response.reason, response.bodyText(512));
      }
      // The stream itself may then be silent for any time.
      timed.clear();
      Encoding streamEncoding = Encoding.ofMediaType(response.header("Content-Type")).orElse(encoding);
      // It stays in the open sockets until close(): a closed socket closed again is harmless, and there
      // are only as many as subscriptions.
      return new EventReader(socket, new RecordIoReader(response.body, MAX_EVENT_BYTES), streamEncoding);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /**
   * Sends a non-SUBSCRIBE call and waits, within {@code deadlineMillis}, for its answer. A reused
   * connection that the agent had closed while idle (end of stream before any byte of an answer) is
   * replaced once at once: the call never reached it.
   */
  public CallOutcome send(Call call, long deadlineMillis) {
    synchronized (calls) {
      byte[] body = encoding.encode(call);
      boolean reused = calls.socket != null;
      for (int attempt = 0; ; attempt++) {
        try {
          return calls.call(body, deadlineMillis);
        } catch (StaleConnection e) {
          calls.close();
          if (!reused || attempt > 0) {
            return CallOutcome.failed("connection closed before an answer");
          }
        } catch (SocketTimeoutException e) {
          calls.close();
          return CallOutcome.timedOut(closed ? "aborted: the executor is closing"
              : "no answer within " + deadlineMillis + " ms; connection closed");
        } catch (IOException | RuntimeException e) {
          calls.close();
          return CallOutcome.failed(closed ? "aborted: the executor is closing" : String.valueOf(e.getMessage()));
        }
      }
    }
  }

  /** Closes every connection, aborting calls in flight (they fail at once); safe from any thread. */
  public void close() {
    closed = true;
    Socket[] all;
    synchronized (open) {
      all = open.toArray(new Socket[0]);
      open.clear();
    }
    for (Socket s : all) {
      Closing.quietly(s);
    }
  }

  /** A connected socket; over TLS with the handshake done, so a refused certificate fails here. */
  private Socket connect() throws IOException {
    if (closed) {
      throw new IOException("the client is closed");
    }
    // No proxy: the agent is reached directly, and the default SOCKS-capable socket costs start-up a
    // proxy selector and its classes.
    Socket socket = new Socket(java.net.Proxy.NO_PROXY);
    synchronized (open) {
      open.add(socket);
    }
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(ANSWER_TIMEOUT_MS);
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      if (tls == null) {
        return socket;
      }
      Socket secured = tls.handshake(socket, host, port, CONNECT_TIMEOUT_MS, ANSWER_TIMEOUT_MS);
      // Closing the TLS socket closes the TCP one under it.
      synchronized (open) {
        open.add(secured);
        open.remove(socket);
      }
      return secured;
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private void closeQuietly(Socket s) {
    forget(s);
    Closing.quietly(s);
  }

  private void forget(Socket s) {
    synchronized (open) {
      open.remove(s);
    }
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
    if (token.isPresent()) {
      head.append("Authorization: Bearer ").append(token.get()).append("\r\n");
    }
    head.append("\r\n");
    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    out.write(HttpLines.ascii(head.toString()));
    out.write(body);
    out.flush();
  }

  /** The agent closed a kept-alive connection before answering anything on it. */
  private static final class StaleConnection extends IOException {
    StaleConnection() {
      super("connection closed before an answer");
    }
  }

  /** The calls' persistent connection; used under its own lock. */
  private final class Connection {
    private Socket socket;
    private DeadlineInputStream timed;
    private InputStream in;

    CallOutcome call(byte[] body, long deadlineMillis) throws IOException {
      if (socket == null) {
        socket = connect();
        timed = new DeadlineInputStream(socket, socket.getInputStream());
        in = new BufferedInputStream(timed, 8192);
      }
      write(socket, body, true);
      timed.arm(deadlineMillis);
      HttpResponse response;
      try {
        response = HttpResponse.read(in);
      } catch (EOFException e) {
        throw new StaleConnection();
      }
      String text = response.bodyText(512);
      if (!response.delimited || "close".equalsIgnoreCase(response.header("Connection"))) {
        close();
      }
      if (response.status == 202) {
        return CallOutcome.accepted();
      }
      return CallOutcome.refused(response.status, "agent answered " + response.status + " " + response.reason
          + (text.isBlank() ? "" : ": " + text.strip()));
    }

    void close() {
      if (socket != null) {
        closeQuietly(socket);
        socket = null;
        timed = null;
        in = null;
      }
    }
  }
}
