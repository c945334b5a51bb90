package io.cookexecutor.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One parsed HTTP/1.1 request: request line, headers in arrival order, and the whole de-chunked body. */
public final class HttpRequest {
  private final String method;
  private final String path;
  private final String version;
  private final List<String[]> headers;
  private final byte[] body;

  HttpRequest(String method, String path, String version, List<String[]> headers, byte[] body) {
    this.method = method;
    this.path = path;
    this.version = version;
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  public String method() {
    return method;
  }

  /** The request target without its query string. */
  public String path() {
    return path;
  }

  String version() {
    return version;
  }

  public byte[] body() {
    return body;
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return Optional.of(h[1]);
      }
    }
    return Optional.empty();
  }

  /** Whether the connection stays open after the answer, per the HTTP/1.0 and 1.1 defaults. */
  public boolean keepAlive() {
    String connection = header("Connection").orElse("").toLowerCase(Locale.ROOT);
    if ("HTTP/1.0".equals(version)) {
      return connection.contains("keep-alive");
    }
    return !connection.contains("close");
  }
}
