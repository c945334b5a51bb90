package io.cookexecutor.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.cookexecutor.text.Charsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads HTTP/1.1 requests from a connection: bodies by Content-Length or chunked transfer coding. */
public final class HttpRequestReader {
  static final int MAX_LINE = 8192;
  static final int MAX_HEADERS = 100;
  static final int MAX_BODY = 16 * 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;

  /** {@code out} is used only to answer {@code Expect: 100-continue}. */
  public HttpRequestReader(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /**
   * The next request, or {@code null} when the peer closed the connection between requests.
   *
   * @throws MalformedRequestException when the bytes are not an acceptable HTTP request
   */
  public HttpRequest read() throws IOException {
    String requestLine = readLine(true);
    while (requestLine != null && requestLine.isEmpty()) {
      // RFC 9112 2.2: ignore empty lines before a request line.
      requestLine = readLine(true);
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new MalformedRequestException(400, "Malformed request line");
    }
    String target = parts[1];
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);

    List<String[]> headers = new ArrayList<>();
    while (true) {
      String line = readLine(false);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || headers.size() >= MAX_HEADERS) {
        throw new MalformedRequestException(400, "Malformed header");
      }
      headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    HttpRequest head = new HttpRequest(parts[0], path, parts[2], headers, new byte[0]);
    if (head.header("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false)) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(Charsets.US_ASCII));
      out.flush();
    }
    return new HttpRequest(parts[0], path, parts[2], headers, readBody(head));
  }

  private byte[] readBody(HttpRequest head) throws IOException {
    String transferEncoding = head.header("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT).trim();
    if (!transferEncoding.isEmpty()) {
      if (!transferEncoding.equals("chunked")) {
        throw new MalformedRequestException(501, "Unsupported Transfer-Encoding");
      }
      return readChunked();
    }
    long length;
    try {
      length = Long.parseLong(head.header("Content-Length").orElse("0").trim());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      throw new MalformedRequestException(400, "Malformed Content-Length");
    }
    if (length > MAX_BODY) {
      throw new MalformedRequestException(413, "Request body too large");
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length != length) {
      throw new MalformedRequestException(400, "Connection closed inside the body");
    }
    return body;
  }

  private byte[] readChunked() throws IOException {
    byte[] body;
    try {
      body = new ChunkedInputStream(in).readNBytes(MAX_BODY + 1);
    } catch (MalformedHttpException e) {
      throw new MalformedRequestException(400, "Malformed chunked body: " + e.getMessage());
    }
    if (body.length > MAX_BODY) {
      throw new MalformedRequestException(413, "Request body too large");
    }
    return body;
  }

  /** One line without its CRLF (a bare LF is tolerated); {@code null} at EOF only if {@code eofOk}. */
  private String readLine(boolean eofOk) throws IOException {
    String line;
    try {
      line = HttpLines.readLine(in, MAX_LINE);
    } catch (MalformedHttpException.LineTooLong e) {
      throw new MalformedRequestException(431, "Request line or header too long");
    } catch (MalformedHttpException e) {
      throw new MalformedRequestException(400, "Connection closed inside the request head");
    }
    if (line == null && !eofOk) {
      throw new MalformedRequestException(400, "Connection closed inside the request head");
    }
    return line;
  }

  /** A request that cannot be served; the connection is answered with {@link #status()} and closed. */
  public static final class MalformedRequestException extends IOException {
    private final int status;

    public MalformedRequestException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
