package io.cookexecutor.it.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain HTTP/1.1 client for the file server tests over 127.0.0.1: one request per connection, the request
 * target sent exactly as given (so tests can send what a URL library would refuse), every read bounded.
 */
public final class FilesClient {
  private static final int TIMEOUT_MILLIS = 10_000;
  private final int port;

  public FilesClient(int port) {
    this.port = port;
  }

  /** An answer: status, headers (lower-case names), body bytes. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** GET {@code route?path=<encoded path>} plus {@code extra} (already encoded, e.g. {@code &offset=3}). */
  public Answer get(String route, String path, String extra) throws IOException {
    return raw("GET", route + "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + extra);
  }

  public Answer raw(String method, String target) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      return parse(socket.getInputStream());
    }
  }

  /** A download's status, headers and body length, the body read through a small buffer and dropped. */
  public record Streamed(int status, Map<String, String> headers, long bodyBytes) {}

  public Streamed download(String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(("GET /files/download?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
          + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
      int code = Integer.parseInt(line(in).split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      byte[] buffer = new byte[65536];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
      return new Streamed(code, headers, total);
    }
  }

  static Answer parse(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed before an answer");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
        all.write(in.readNBytes(size));
        line(in);
      }
      line(in);
      body = all.toByteArray();
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      body = in.readNBytes(length);
      if (body.length != length) {
        throw new IOException("short body: " + body.length + " of " + length);
      }
    } else {
      body = in.readAllBytes();
    }
    return new Answer(code, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder out = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = out.length();
        return len > 0 && out.charAt(len - 1) == '\r' ? out.substring(0, len - 1) : out.toString();
      }
      out.append((char) c);
    }
    return out.length() == 0 ? null : out.toString();
  }
}
