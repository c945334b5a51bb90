package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import io.cookexecutor.log.Log;

/**
 * Refuses requests over the size limits with an answer, then closes: a request line over
 * {@link #MAX_LINE_BYTES} gets 414, more than {@link #MAX_HEADERS} header fields or more than
 * {@link #MAX_HEADER_BYTES} of them 431, each with {@code Connection: close}. The JDK server reads the
 * request before any filter runs, up to its own caps ({@link ServerLimits#apply}), which are set above these
 * so that everything between gets this answer instead of the JDK's silent close.
 */
final class RequestLimits extends Filter {
  private static final Log LOG = Log.of(RequestLimits.class);
  /** Request line: method, target and version. A servable target is under 13 KiB (a 4 KiB path escaped). */
  static final int MAX_LINE_BYTES = 48 * 1024;
  /** Header fields: Cook's CLI sends about 10, browsers up to about 30. */
  static final int MAX_HEADERS = 100;
  /** Header bytes, each field counted as {@code name: value} and its line end. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** The refusal for a request line of {@code lineBytes} and {@code headers}; null when within the limits. */
  static BadRequest refusal(int lineBytes, Map<String, List<String>> headers) {
    if (lineBytes > MAX_LINE_BYTES) {
      return new BadRequest(414, "Request line too long: more than " + MAX_LINE_BYTES + " bytes.\n");
    }
    long fields = 0;
    long bytes = 0;
    for (Map.Entry<String, List<String>> field : headers.entrySet()) {
      for (String value : field.getValue()) {
        fields++;
        bytes += field.getKey().length() + 2 + value.length() + 2;
      }
    }
    if (fields > MAX_HEADERS) {
      return new BadRequest(431, "Too many header fields: more than " + MAX_HEADERS + ".\n");
    }
    if (bytes > MAX_HEADER_BYTES) {
      return new BadRequest(431, "Header fields too large: more than " + MAX_HEADER_BYTES + " bytes.\n");
    }
    return null;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    // The target as sent (URI keeps its input), plus the method, the version and two spaces.
    int line = exchange.getRequestMethod().length() + exchange.getRequestURI().toString().length()
        + exchange.getProtocol().length() + 2;
    BadRequest refused = refusal(line, exchange.getRequestHeaders());
    if (refused == null) {
      chain.doFilter(exchange);
      return;
    }
    LOG.debug("file server: refused a request: {}", refused.body().trim());
    try {
      exchange.getResponseHeaders().set("Connection", "close");
      Responses.text(exchange, refused.status(), refused.body());
    } finally {
      exchange.close();
    }
  }

  @Override
  public String description() {
    return "414/431 for requests over the size limits";
  }
}
