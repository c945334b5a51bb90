package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.sidecar.files.FileServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded memory, slow and many clients, aborted downloads, and close() with downloads in flight. */
class FileServerLimitsIT {
  private static final long GIB = 1L << 30;

  @TempDir Path w;

  @Test
  void aOneGibDownloadStreamsThroughASmallHeap() throws Exception {
    Path big = w.resolve("big");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(GIB); // sparse: costs no disk
    }
    try (FileServerProcess server = new FileServerProcess(w, "-Xmx16m", "-XX:+UseSerialGC")) {
      FilesClient.Streamed answer = new FilesClient(server.port).download(big.toString());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.headers().get("content-length")).isEqualTo(String.valueOf(GIB));
      assertThat(answer.bodyBytes()).isEqualTo(GIB);
      // a copy in memory would need the whole GiB; the heap alone is 16 MiB
      assertThat(server.process.isAlive()).isTrue();
      assertThat(server.peakRssBytes()).isLessThan(200L << 20);
    }
  }

  @Test
  void aClientTricklingItsRequestIsDroppedAndOthersAreServed() throws Exception {
    try (FileServerProcess server = new FileServerProcess(w, "-Dsun.net.httpserver.maxReqTime=2");
         Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
      slow.setSoTimeout(30_000);
      slow.getOutputStream().write("GET /readiness-probe HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      assertThat(new FilesClient(server.port).raw("GET", "/readiness-probe").status()).isEqualTo(200);
      // the server closes the stalled connection (maxReqTime): the read ends instead of timing out
      InputStream in = slow.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
      assertThat(new FilesClient(server.port).raw("GET", "/readiness-probe").status()).isEqualTo(200);
    }
  }

  @Test
  void manyIdleAndManySimultaneousConnectionsAreServed() throws Exception {
    Files.writeString(w.resolve("stdout"), "foobarbaz\n");
    try (FileServer server = FileServerIT.start(w, 1000, 2, 2)) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          idle.add(s);
        }
        FilesClient client = new FilesClient(server.port());
        assertThat(client.raw("GET", "/readiness-probe").status()).isEqualTo(200);
        ExecutorService clients = Executors.newFixedThreadPool(100);
        try {
          List<Future<Integer>> answers = new ArrayList<>();
          for (int i = 0; i < 400; i++) {
            answers.add(clients.submit(() -> client.get("/files/read", w + "/stdout", "&offset=3&length=3").status()));
          }
          for (Future<Integer> a : answers) {
            assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(200);
          }
        } finally {
          clients.shutdownNow();
        }
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void anAbortedDownloadFreesItsWorker() throws Exception {
    Path big = w.resolve("big");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(GIB);
    }
    try (FileServer server = FileServerIT.start(w, 1000, 1, 1)) {
      for (int i = 0; i < 10; i++) { // more than its 4 workers
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          s.setSoTimeout(10_000);
          s.getOutputStream().write(("GET /files/download?path=" + big + " HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          assertThat(s.getInputStream().readNBytes(1 << 20)).hasSize(1 << 20);
        }
      }
      assertThat(new FilesClient(server.port()).raw("GET", "/readiness-probe").status()).isEqualTo(200);
    }
  }

  @Test
  void abortedDownloadsGiveTheirConnectionsBack() throws Exception {
    Path big = w.resolve("big");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(GIB);
    }
    // With room for 8 connections, 20 downloads cut by their clients must leave no connection counted.
    try (FileServerProcess server = new FileServerProcess(w, "-Djdk.httpserver.maxConnections=8")) {
      for (int i = 0; i < 20; i++) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
          s.setSoTimeout(10_000);
          s.getOutputStream().write(("GET /files/download?path=" + big + " HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          assertThat(s.getInputStream().readNBytes(1 << 16)).hasSize(1 << 16);
        }
        // each cut download is noticed (its next write fails) before the next one starts
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> new FilesClient(server.port).raw("GET", "/readiness-probe").status() == 200);
      }
    }
  }

  @Test
  void closeAbortsDownloadsInFlightWithinAboutASecond() throws Exception {
    Path big = w.resolve("big");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(GIB);
    }
    FileServer server = FileServerIT.start(w, 1000, 2, 2);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /files/download?path=" + big + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(in.readNBytes(1 << 16)).hasSize(1 << 16); // the download is under way, the client stalls
      long started = System.nanoTime();
      server.close();
      server.close(); // idempotent
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(20)).until(() -> drained(in));
    }
    try (Socket refused = new Socket()) {
      assertThat(connects(refused, server.port())).isFalse();
    }
  }

  private static boolean drained(InputStream in) {
    try {
      byte[] buffer = new byte[1 << 16];
      for (int i = 0; i < 64; i++) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
      return false;
    } catch (java.io.IOException e) {
      return true; // reset by the server
    }
  }

  private static boolean connects(Socket s, int port) {
    try {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
