package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and hostile clients against the real sidecar process (issue 14), each case bounded and on 127.0.0.1:
 * slow clients cost no worker (on a runtime with virtual threads), stalled answers are abandoned while slow
 * ones go on, idle connections are closed, oversized requests get 414/431 and a close.
 */
class SidecarHostileIT {
  private static final long GIB = 1L << 30;
  @TempDir Path tmp;

  private SidecarProcess start(Path w, String javaHome, String javaOpts) throws IOException {
    Files.writeString(w.resolve("stdout"), "foobarbaz\n");
    Map<String, String> env = new HashMap<>(Map.of("COOK_WORKDIR", w.toString(), "COOK_EXECUTOR_JAVA_OPTS", javaOpts));
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome);
    }
    return SidecarProcess.start(Files.createDirectories(tmp.resolve("logs")), env, "--no-progress-reporter");
  }

  /** The sidecar on a JDK whose virtual threads do not pin (24+); the test is skipped where there is none. */
  private SidecarProcess startOnVirtualThreads(Path w, String javaOpts) throws IOException {
    Optional<String> jdk = virtualThreadJdk();
    assumeTrue(jdk.isPresent(), "no JDK 24+ here: the development launcher's platform pool is bounded");
    return start(w, jdk.get(), javaOpts);
  }

  private Path sandbox() throws IOException {
    Path w = Files.createDirectories(tmp.resolve("sandbox"));
    try (RandomAccessFile file = new RandomAccessFile(w.resolve("big").toFile(), "rw")) {
      file.setLength(GIB); // sparse
    }
    return w;
  }

  /** A JDK whose virtual threads do not pin in synchronized code (24+): this one, or one in /usr/lib/jvm. */
  static Optional<String> virtualThreadJdk() throws IOException {
    if (Runtime.version().feature() >= 24) {
      return Optional.of(System.getProperty("java.home"));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && major(h) >= 24).map(Path::toString)
          .sorted().findFirst();
    }
  }

  private static int major(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=\"")) {
          return Integer.parseInt(line.substring(14).replaceAll("[^0-9].*", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no release file: not a candidate
    }
    return 0;
  }

  private static Socket open(int port) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(16 * 1024);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** GET target on a fresh connection; the status, or an IOException when no answer came within 3 s. */
  private static int quickGet(int port, String target) throws IOException {
    try (Socket s = open(port)) {
      s.setSoTimeout(3000);
      send(s, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      return FilesClient.parse(s.getInputStream()).status();
    }
  }

  /** Reads to the end: true if the server closed the connection (end of stream or reset). */
  private static boolean closedBy(InputStream in, long atMostBytes) {
    byte[] buffer = new byte[65536];
    try {
      for (long total = 0; total < atMostBytes; ) {
        int n = in.read(buffer);
        if (n < 0) {
          return true;
        }
        total += n;
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void trickledRequestsAndStalledDownloadsHoldNoWorker() throws Exception {
    Path w = sandbox();
    try (SidecarProcess sidecar = startOnVirtualThreads(w, "")) {
      int port = sidecar.awaitFileServerPort();
      assertThat(sidecar.log()).contains("virtual thread per exchange");
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) { // twice the original's 4 workers, of each kind
          Socket trickle = open(port);
          send(trickle, "GET /readiness-probe HTTP/1.1\r\nHo");
          slow.add(trickle);
          Socket download = open(port);
          send(download, "GET /files/download?path=" + w.resolve("big") + " HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(download.getInputStream().readNBytes(4096)).hasSize(4096); // then it reads no more
          slow.add(download);
        }
        for (int i = 0; i < 20; i++) {
          assertThat(quickGet(port, "/readiness-probe")).isEqualTo(200);
          assertThat(quickGet(port, "/files/read.json?path=" + w.resolve("stdout") + "&offset=0&length=3"))
              .isEqualTo(200);
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void moreSlowClientsThanTheHeapHoldsWaitOrGiveWayAndTheProbeIsStillAnswered() throws Exception {
    Path w = sandbox();
    // A 10 MiB heap holds few exchanges (ExchangeBudget): the smallest budget, 16, reached with a few dozen.
    try (SidecarProcess sidecar = startOnVirtualThreads(w, "-Xmx10m")) {
      int port = sidecar.awaitFileServerPort();
      Matcher budget = Pattern.compile("at most (\\d+) at once").matcher(sidecar.log());
      assertThat(budget.find()).as(sidecar.log()).isTrue();
      int capacity = Integer.parseInt(budget.group(1));
      assertThat(capacity).isLessThan(40);
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) { // downloads that read nothing more: answering, kept
          Socket download = open(port);
          send(download, "GET /files/download?path=" + w.resolve("big") + " HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(download.getInputStream().readNBytes(4096)).hasSize(4096);
          slow.add(download);
        }
        for (int i = 0; i < capacity + 16; i++) { // more tricklers than places: the oldest give way
          Socket trickle = open(port);
          send(trickle, "GET /readiness-probe HTTP/1.1\r\nHo");
          slow.add(trickle);
        }
        for (int i = 0; i < 20; i++) {
          assertThat(quickGet(port, "/readiness-probe")).isEqualTo(200);
          assertThat(quickGet(port, "/files/read.json?path=" + w.resolve("stdout") + "&offset=0&length=3"))
              .isEqualTo(200);
        }
        // (one line per 10 s at most: the first may come before any eviction)
        await().atMost(Duration.ofSeconds(15)).until(() -> Pattern.compile("as many as the heap holds.* [1-9][0-9]*"
            + " evicted").matcher(sidecar.log()).find());
        for (int i = 0; i < 4; i++) { // the downloads were not the ones to give way: 8 MiB more, past any buffer
          assertThat(closedBy(slow.get(i).getInputStream(), 8L << 20)).as("download %d", i).isFalse();
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void aStalledDownloadIsAbandonedAndASlowOneIsNot() throws Exception {
    Path w = sandbox();
    try (SidecarProcess sidecar = start(w, null, "-Dcook.sidecar.maxStallTime=2");
         Socket stalled = open(sidecar.awaitFileServerPort());
         Socket moving = open(sidecar.awaitFileServerPort())) {
      String request = "GET /files/download?path=" + w.resolve("big") + " HTTP/1.1\r\nHost: x\r\n\r\n";
      send(stalled, request);
      send(moving, request);
      assertThat(stalled.getInputStream().readNBytes(4096)).hasSize(4096);
      long started = System.nanoTime();
      long got = 0;
      InputStream in = moving.getInputStream();
      byte[] chunk = new byte[4096];
      while (System.nanoTime() - started < Duration.ofSeconds(8).toNanos()) { // four bounds, 20 KB/s
        int n = in.read(chunk);
        assertThat(n).as("the slow download goes on").isPositive();
        got += n;
        Thread.sleep(200);
      }
      assertThat(got).isPositive();
      // the stalled one was closed by the server: reading on ends well before its GiB
      assertThat(closedBy(stalled.getInputStream(), GIB)).as("closed by the server; its log:%n%s", sidecar.log())
          .isTrue();
      assertThat(sidecar.log()).contains("abandoned 1 answer(s)");
    }
  }

  @Test
  void idleConnectionsAreClosedWhileOthersAreServed() throws Exception {
    Path w = sandbox();
    try (SidecarProcess sidecar = start(w, null,
        "-Dsun.net.httpserver.maxReqTime=2 -Dsun.net.httpserver.clockTick=500")) {
      int port = sidecar.awaitFileServerPort();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          idle.add(open(port));
        }
        assertThat(quickGet(port, "/readiness-probe")).isEqualTo(200);
        for (Socket s : idle) {
          assertThat(closedBy(s.getInputStream(), 1)).isTrue();
        }
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
      assertThat(quickGet(port, "/readiness-probe")).isEqualTo(200);
    }
  }

  @Test
  void oversizedRequestsGetAnAnswerAndAClose() throws Exception {
    Path w = sandbox();
    try (SidecarProcess sidecar = start(w, null, "")) {
      int port = sidecar.awaitFileServerPort();
      StringBuilder many = new StringBuilder();
      for (int i = 0; i < 101; i++) {
        many.append("X-").append(i).append(": v\r\n");
      }
      assertAnsweredThenClosed(port, "GET /readiness-probe HTTP/1.1\r\n" + many + "\r\n", 431);
      assertAnsweredThenClosed(port, "GET /readiness-probe HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000)
          + "\r\n\r\n", 431);
      assertAnsweredThenClosed(port, "GET /readiness-probe/" + "a".repeat(50_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
      // 65 headers, as Cook's CLI or a browser might send with cookies: served
      StringBuilder sixtyFive = new StringBuilder();
      for (int i = 0; i < 65; i++) {
        sixtyFive.append("X-").append(i).append(": v\r\n");
      }
      try (Socket s = open(port)) {
        send(s, "GET /readiness-probe HTTP/1.1\r\n" + sixtyFive + "Connection: close\r\n\r\n");
        assertThat(FilesClient.parse(s.getInputStream()).status()).isEqualTo(200);
      }
    }
  }

  private static void assertAnsweredThenClosed(int port, String request, int status) throws IOException {
    try (Socket s = open(port)) {
      send(s, request);
      InputStream in = s.getInputStream();
      FilesClient.Answer answer = FilesClient.parse(in);
      assertThat(answer.status()).isEqualTo(status);
      assertThat(answer.header("connection")).isEqualTo("close");
      assertThat(in.read()).isEqualTo(-1); // closed after the answer, not reset
    }
  }
}
