package io.cookexecutor.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scheduler stand-in for {@code POST /progress/...} on 127.0.0.1 whose answers can be scripted and held:
 * each POST is recorded (its sequence, and the test clock's time when it arrived), then answered 202 or as
 * the script says, after a latch the test opens or after a delay (a slow scheduler).
 */
final class HoldingScheduler implements AutoCloseable {
  private static final Pattern SEQUENCE = Pattern.compile("\"progress-sequence\":(\\d+)");
  /** The longest any answer is held: the tests release far sooner, this only bounds a failing one. */
  private static final Duration MAX_HOLD = Duration.ofSeconds(30);

  /**
   * One POST as it arrived.
   *
   * @param sequence its progress-sequence
   * @param clock the test clock when it arrived
   */
  record Post(int sequence, long clock) {}

  /** One scripted answer: {@code status}, after {@code release} opens (if any) and then {@code delay}. */
  private record Answer(int status, CountDownLatch release, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "holding-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final LongSupplier clock;
  private final Object lock = new Object();
  private final List<Post> posts = new ArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();

  HoldingScheduler(LongSupplier clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  URI progressUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/progress/inst-1");
  }

  /** The next POST is answered {@code status}. */
  void answerNext(int status) {
    script(new Answer(status, null, Duration.ZERO));
  }

  /** The next POST is answered 202 once the returned latch is opened. */
  CountDownLatch holdNext() {
    CountDownLatch release = new CountDownLatch(1);
    script(new Answer(202, release, Duration.ZERO));
    return release;
  }

  /** The next POST is answered 202 after {@code delay}: a scheduler that takes that long. */
  void answerNextAfter(Duration delay) {
    script(new Answer(202, null, delay));
  }

  List<Post> posts() {
    synchronized (lock) {
      return List.copyOf(posts);
    }
  }

  List<Integer> sequences() {
    return posts().stream().map(Post::sequence).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  private void script(Answer a) {
    synchronized (lock) {
      script.addLast(a);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = SEQUENCE.matcher(body);
      Answer a;
      synchronized (lock) {
        posts.add(new Post(m.find() ? Integer.parseInt(m.group(1)) : -1, clock.getAsLong()));
        a = script.pollFirst();
      }
      if (a != null) {
        if (a.release() != null) {
          a.release().await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        }
        Thread.sleep(a.delay().toMillis()); // the scenario's slow answer, not synchronisation
      }
      ex.sendResponseHeaders(a == null ? 202 : a.status(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
