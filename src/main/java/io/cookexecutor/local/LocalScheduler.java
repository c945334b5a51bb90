package io.cookexecutor.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import io.cookexecutor.text.Charsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stand-in for the Cook scheduler's REST API on 127.0.0.1, as far as the sidecar uses it in
 * {@code cook-executor local --kubernetes}: records every {@code POST /progress/<instance>} (path and
 * body) and answers 202 at once, on the JDK server's own thread. Thread-safe.
 */
public final class LocalScheduler implements AutoCloseable {
  /** The longest request body kept; the scheduler's progress bodies are far smaller. */
  private static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * One POST as received (and answered 202).
   *
   * @param path the request path, e.g. {@code /progress/<instance uuid>}
   * @param body the request body as UTF-8 text
   */
  public record Post(String path, String body) {}

  private final HttpServer server;
  private final Consumer<Post> listener;
  // Guarded by posts.
  private final List<Post> posts = new ArrayList<>();

  private LocalScheduler(HttpServer server, Consumer<Post> listener) {
    this.server = server;
    this.listener = listener;
  }

  /** Starts a scheduler on 127.0.0.1 on a free port; {@code listener} hears of each POST before it is answered. */
  public static LocalScheduler start(Consumer<Post> listener) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    LocalScheduler s = new LocalScheduler(server, listener);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  /** The base URL, {@code http://127.0.0.1:<port>}, as COOK_SCHEDULER_REST_URL. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every POST received so far, in order. */
  public List<Post> posts() {
    synchronized (posts) {
      return List.copyOf(posts);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      InputStream in = ex.getRequestBody();
      byte[] body = in.readNBytes(MAX_BODY_BYTES);
      in.transferTo(OutputStream.nullOutputStream()); // the rest of an oversized body
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      Post p = new Post(ex.getRequestURI().getRawPath(), new String(body, Charsets.UTF_8));
      synchronized (posts) {
        posts.add(p);
      }
      listener.accept(p);
      ex.sendResponseHeaders(202, -1);
    }
  }
}
