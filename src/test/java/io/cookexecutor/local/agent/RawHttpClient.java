package io.cookexecutor.local.agent;

import io.cookexecutor.agent.Encoding;
import io.cookexecutor.agent.RecordIoReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.mesos.v1.executor.Protos.Event;

/** A hand-written HTTP/1.1 client over a plain socket, so tests see exactly what the agent puts on the wire. */
final class RawHttpClient implements Closeable {
  static final int READ_TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttpClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Writes a request; the body goes with Content-Length, or chunked in pieces of {@code chunkSize}. */
  void send(String method, String path, Map<String, String> headers, byte[] body, int chunkSize)
      throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (chunkSize > 0) {
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      for (int off = 0; off < body.length; off += chunkSize) {
        int n = Math.min(chunkSize, body.length - off);
        bytes.writeBytes((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
        bytes.write(body, off, n);
        bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      bytes.writeBytes("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      bytes.writeBytes(body);
    }
    out.write(bytes.toByteArray());
    out.flush();
  }

  void send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
    send(method, path, headers, body, 0);
  }

  /** Reads a whole response: status, headers (lower-case names) and the body, chunked or not. */
  Response readResponse() throws IOException {
    Response head = readHead();
    if (head.isChunked()) {
      ChunkedInput body = new ChunkedInput(in);
      return new Response(head.status, head.headers, body.readAllBytes());
    }
    int length = Integer.parseInt(head.header("content-length"));
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("response body truncated");
    }
    return new Response(head.status, head.headers, body);
  }

  /** Reads the head of a response whose body follows as a stream. */
  Response readHead() throws IOException {
    String statusLine = readLine();
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return new Response(status, headers, new byte[0]);
  }

  /** The de-chunked body of a streaming response, as an input stream. */
  ChunkedInput chunkedBody() {
    return new ChunkedInput(in);
  }

  /** Whether the server has closed the connection (reads EOF within the read timeout). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A response as read. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    boolean isChunked() {
      return "chunked".equalsIgnoreCase(header("transfer-encoding"));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** De-chunks a chunked body, remembering each chunk's size and whether the last chunk arrived. */
  static final class ChunkedInput extends InputStream {
    private final InputStream in;
    private final List<Integer> chunkSizes = new ArrayList<>();
    private int remaining;
    private boolean ended;

    ChunkedInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (ended) {
        return -1;
      }
      if (remaining == 0) {
        String size = line();
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          ended = true;
          return -1;
        }
        chunkSizes.add(n);
        remaining = n;
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException("stream ended inside a chunk");
      }
      if (--remaining == 0 && !line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
      return b;
    }

    /** True once the terminating zero-length chunk was read. */
    boolean ended() {
      return ended;
    }

    List<Integer> chunkSizes() {
      return List.copyOf(chunkSizes);
    }

    private String line() throws IOException {
      StringBuilder s = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("stream ended without the last chunk");
        }
        if (b == '\n') {
          int last = s.length() - 1;
          return last >= 0 && s.charAt(last) == '\r' ? s.substring(0, last) : s.toString();
        }
        s.append((char) b);
      }
    }
  }

  /** Reads events from a de-chunked RecordIO stream. */
  static final class EventReader {
    private final RecordIoReader records;
    private final Encoding encoding;

    EventReader(InputStream body, Encoding encoding) {
      this.records = new RecordIoReader(body, 1 << 20);
      this.encoding = encoding;
    }

    /** The next event; fails on a clean end of stream. */
    Event next() throws IOException {
      byte[] record = records.next();
      if (record == null) {
        throw new EOFException("no more events");
      }
      return encoding.decode(record, Event.newBuilder()).build();
    }
  }
}
