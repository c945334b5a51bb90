package io.cookexecutor.http;

import io.cookexecutor.text.Charsets;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The head of an HTTP/1.1 response and a stream over its body. */
public final class HttpResponse {
  private static final int MAX_HEAD_LINE = 8192;
  private static final int MAX_HEADERS = 100;

  public final int status;
  public final String reason;
  private final Map<String, String> headers;
  public final InputStream body;
  /** Whether the body has a known end, so the connection can carry another request after it. */
  public final boolean delimited;

  private HttpResponse(int status, String reason, Map<String, String> headers, InputStream body,
      boolean delimited) {
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
    this.delimited = delimited;
  }

  /** Header value by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Reads the status line and headers from {@code in}; the body is left to the caller. */
  public static HttpResponse read(InputStream in) throws IOException {
    String statusLine = HttpLines.readLine(in, MAX_HEAD_LINE);
    if (statusLine == null) {
      // EOF, not just IOException: over TLS it is how an agent that refused the client certificate looks.
      throw new EOFException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status code in the status line");
    }
    Map<String, String> headers = new TreeMap<>();
    for (int i = 0; ; i++) {
      String line = HttpLines.readLine(in, MAX_HEAD_LINE);
      if (line == null) {
        throw new IOException("connection closed inside the response head");
      }
      if (line.isEmpty()) {
        break;
      }
      if (i >= MAX_HEADERS) {
        throw new IOException("more than " + MAX_HEADERS + " response headers");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    InputStream body;
    boolean delimited;
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = new ChunkedInputStream(in);
      delimited = true;
    } else if (cl != null) {
      long length;
      try {
        length = Long.parseLong(cl);
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length");
      }
      body = new BoundedInputStream(in, length);
      delimited = true;
    } else {
      body = in;
      delimited = false;
    }
    return new HttpResponse(status, parts.length > 2 ? parts[2] : "", headers, body, delimited);
  }

  /** Reads at most {@code limit} bytes of the body (for error messages) and discards the rest. */
  public String bodyText(int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1024];
    int n;
    while ((n = body.read(buf)) >= 0) {
      if (out.size() < limit) {
        out.write(buf, 0, Math.min(n, limit - out.size()));
      }
      if (!delimited && out.size() >= limit) {
        break;
      }
    }
    return out.toString(Charsets.UTF_8);
  }

  /** A view of the next {@code length} bytes. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
