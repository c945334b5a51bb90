package io.cookexecutor.sidecar.page;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.cookexecutor.progress.ProgressUpdate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * The sandbox page (README, "Kubernetes: the sandbox page"): {@code GET /} is a static HTML page whose
 * script lists and follows the sandbox through the {@code /files} routes themselves, so it is confined
 * exactly as they are; this class serves only the page's own files and {@code /page/state.json}, and
 * touches no file of the sandbox. Every answer carries the page's Content-Security-Policy. The router
 * checks the method and closes the exchange.
 */
public final class SandboxPage {
  /** The header state the page polls: identity and progress. */
  public static final String STATE_PATH = "/page/state.json";
  /** The paths answered here (exact, as the router matches). */
  public static final Set<String> PATHS = Set.of("/", PageResources.JS_PATH, PageResources.CSS_PATH, STATE_PATH);
  /** No inline script or style, nothing from elsewhere, no framing. */
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final String YEAR = "public, max-age=31536000, immutable";

  private final String workdir;
  private final long maxReadLength;
  private final PageHeader header;

  /**
   * The page of the sandbox {@code workdir} (the path the page asks {@code /files/*} under), whose reads may
   * ask at most {@code maxReadLength} bytes.
   */
  public SandboxPage(Path workdir, long maxReadLength, PageHeader header) {
    this.workdir = workdir.toString();
    this.maxReadLength = maxReadLength;
    this.header = header;
  }

  /** Answers a GET of one of {@link #PATHS}; anything else is 404. */
  public void answer(HttpExchange exchange) throws IOException {
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Security-Policy", CSP);
    h.set("Referrer-Policy", "no-referrer");
    String query = exchange.getRequestURI().getRawQuery();
    switch (exchange.getRequestURI().getRawPath()) {
      case "/" -> cached(exchange, PageResources.html(), "no-cache");
      case PageResources.JS_PATH -> versioned(exchange, PageResources.js(), query);
      case PageResources.CSS_PATH -> versioned(exchange, PageResources.css(), query);
      case STATE_PATH -> {
        ProgressUpdate latest = header.latest().get();
        h.set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", PageState.json(workdir, maxReadLength, header, latest));
      }
      default -> exchange.sendResponseHeaders(404, -1);
    }
  }

  /** Cached for a year when asked by its current version, else revalidated (an old page's link). */
  private static void versioned(HttpExchange exchange, PageResource r, String query) throws IOException {
    cached(exchange, r, ("v=" + r.version()).equals(query) ? YEAR : "no-cache");
  }

  private static void cached(HttpExchange exchange, PageResource r, String cacheControl) throws IOException {
    Headers h = exchange.getResponseHeaders();
    h.set("Cache-Control", cacheControl);
    h.set("ETag", r.etag());
    if (matches(exchange.getRequestHeaders().getFirst("If-None-Match"), r.etag())) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    send(exchange, 200, r.type(), r.bytes());
  }

  /** Whether an If-None-Match list names {@code etag} (or is {@code *}). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag) || t.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
