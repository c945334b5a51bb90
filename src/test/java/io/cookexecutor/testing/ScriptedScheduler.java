package io.cookexecutor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the Cook scheduler's REST API on 127.0.0.1 for the tests of the progress reporter: records
 * every {@code POST /progress/<instance>} (path, body, time) and answers 202, or what it was told to answer
 * for the next POSTs: a status, a 307 redirect to another ScriptedScheduler, or no answer at all (the
 * connection is accepted and left hanging until {@link #close()}). Thread-safe. (The product's
 * {@code local --kubernetes} only needs the 202s: {@code io.cookexecutor.local.LocalScheduler}.)
 */
public final class ScriptedScheduler implements AutoCloseable {
  /** The longest request body kept; the scheduler's progress bodies are far smaller. */
  private static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * One POST as received.
   *
   * @param path the request path, e.g. {@code /progress/<instance uuid>}
   * @param body the request body as UTF-8 text
   * @param time when the body had been read
   * @param status what was answered (0 when the request was left hanging)
   */
  public record Post(String path, String body, Instant time, int status) {}

  private final HttpServer server;
  private final ExecutorService handlers;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private final List<Post> posts = new ArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();

  /** One scripted answer: a status, a redirect (status 307 and a target) or a hang (status 0). */
  private record Answer(int status, ScriptedScheduler target) {}

  private ScriptedScheduler(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  /** Starts a scheduler on 127.0.0.1 on a free port. */
  public static ScriptedScheduler start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    // One thread per request: a hung request must not hold back the next one.
    ExecutorService handlers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scripted-scheduler");
      t.setDaemon(true);
      return t;
    });
    ScriptedScheduler s = new ScriptedScheduler(server, handlers);
    server.createContext("/", s::handle);
    server.setExecutor(handlers);
    server.start();
    return s;
  }

  /** The base URL, {@code http://127.0.0.1:<port>}, as COOK_SCHEDULER_REST_URL. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers {@code status} (any code but 307 without a target) to the next {@code count} POSTs. */
  public void answerNext(int count, int status) {
    script(count, new Answer(status, null));
  }

  /** Answers the next {@code count} POSTs 307 with a Location on {@code target} (same path). */
  public void redirectNext(int count, ScriptedScheduler target) {
    script(count, new Answer(307, Objects.requireNonNull(target, "target")));
  }

  /** Accepts the next {@code count} POSTs and never answers them (until {@link #close()}). */
  public void hangNext(int count) {
    script(count, new Answer(0, null));
  }

  /** Every POST received so far, in order. */
  public List<Post> posts() {
    synchronized (lock) {
      return List.copyOf(posts);
    }
  }

  /** The bodies of the POSTs received so far, in order. */
  public List<String> bodies() {
    return posts().stream().map(Post::body).toList();
  }

  /** Stops listening, releases hanging requests and closes every connection; idempotent. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private void script(int count, Answer answer) {
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        script.addLast(answer);
      }
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = readBody(ex.getRequestBody());
      if (!"POST".equals(ex.getRequestMethod())) {
        respond(ex, 405, null);
        return;
      }
      Answer a;
      Post p;
      synchronized (lock) {
        a = script.pollFirst();
        int status = a == null ? 202 : a.status();
        p = new Post(ex.getRequestURI().getRawPath(), body, Instant.now(), status);
        posts.add(p);
      }
      if (a != null && a.status() == 0) {
        closed.await(); // hang: the connection stays open with no answer
        return;
      }
      if (a != null && a.target() != null) {
        String query = ex.getRequestURI().getRawQuery();
        respond(ex, 307, a.target().baseUrl() + ex.getRequestURI().getRawPath()
            + (query == null ? "" : "?" + query));
      } else {
        respond(ex, p.status(), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange ex, int status, String location) throws IOException {
    if (location != null) {
      ex.getResponseHeaders().add("Location", location);
    }
    ex.sendResponseHeaders(status, -1);
  }

  private static String readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY_BYTES);
    in.transferTo(java.io.OutputStream.nullOutputStream()); // the rest of an oversized body
    return new String(b, StandardCharsets.UTF_8);
  }
}
