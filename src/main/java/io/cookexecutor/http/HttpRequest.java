package io.cookexecutor.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One parsed HTTP/1.1 request: request line, headers in arrival order, and the whole de-chunked body.
 *
 * @param path the request target without its query string
 */
public record HttpRequest(String method, String path, String version, List<String[]> headers, byte[] body) {
  public HttpRequest {
    headers = List.copyOf(headers);
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
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
