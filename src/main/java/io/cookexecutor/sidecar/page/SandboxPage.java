package io.cookexecutor.sidecar.page;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.cookexecutor.json.JsonWriter;
import io.cookexecutor.progress.ProgressUpdate;
import io.cookexecutor.text.Charsets;
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
  static final String JS_PATH = "/page/sandbox.js";
  static final String CSS_PATH = "/page/sandbox.css";
  /** The paths answered here (exact, as the router matches). */
  public static final Set<String> PATHS = Set.of("/", JS_PATH, CSS_PATH, STATE_PATH);
  /** No inline script or style, nothing from elsewhere, no framing. */
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final String YEAR = "public, max-age=31536000, immutable";

  /**
   * The page's three files, read from the jar on the first request that needs one (this holder class is
   * initialised then, never at start-up), then kept: about 20 KB. The HTML names the script and the style
   * by their versions ({@code /page/sandbox.js?v=VERSION}), so those can be cached for a year; the HTML
   * itself is revalidated with its ETag.
   */
  static final class Files {
    static final PageResource JS = PageResource.load("sandbox.js", "text/javascript; charset=utf-8");
    static final PageResource CSS = PageResource.load("sandbox.css", "text/css; charset=utf-8");
    static final PageResource HTML = PageResource.load("index.html", "text/html; charset=utf-8")
        .with("@JS@", JS_PATH + "?v=" + JS.version())
        .with("@CSS@", CSS_PATH + "?v=" + CSS.version());
  }

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
      case "/" -> cached(exchange, Files.HTML, "no-cache");
      case JS_PATH -> versioned(exchange, Files.JS, query);
      case CSS_PATH -> versioned(exchange, Files.CSS, query);
      case STATE_PATH -> {
        h.set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", state());
      }
      default -> exchange.sendResponseHeaders(404, -1);
    }
  }

  /**
   * The body of {@code /page/state.json}: the sandbox root the page asks {@code /files/*} under, the job's
   * identity and the latest progress state, and the largest read the page may ask, e.g.
   * {@code {"workdir":"/mnt/sandbox","maxReadLength":25000000,"job":"…","instance":"…","name":"…",
   * "progressTracked":true,"progress":{"percent":42,"message":"half way","sequence":3}}} ({@code null} for
   * what is unknown). Pure ASCII: every other character escaped, as the /files routes write.
   */
  byte[] state() {
    ProgressUpdate latest = header.latest().get();
    JsonWriter json = JsonWriter.ascii().beginObject()
        .field("workdir", workdir)
        .field("maxReadLength", maxReadLength)
        .field("job", header.jobUuid())
        .field("instance", header.instanceUuid())
        .field("name", header.jobName())
        .field("progressTracked", header.progressTracked())
        .name("progress");
    if (latest == null) {
      json.nullValue();
    } else {
      json.beginObject()
          .field("percent", latest.percent())
          .field("message", latest.message())
          .field("sequence", latest.sequence())
          .endObject();
    }
    return (json.endObject().text() + "\n").getBytes(Charsets.US_ASCII);
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
