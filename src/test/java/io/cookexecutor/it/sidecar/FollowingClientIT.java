package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.sidecar.files.FileServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that read a file as Cook's CLI does ({@code cs tail -f}: {@code offset += len(data)}; the last
 * lines by 4096-byte chunks backwards) while a job writes it in pieces that split characters: every byte
 * arrives once, none is skipped, none repeated.
 */
class FollowingClientIT {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  @TempDir Path w;
  FileServer server;
  FilesClient client;

  @BeforeEach
  void start() throws IOException {
    server = FileServerIT.start(w, 25_000_000, 2, 2);
    client = new FilesClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String text(int lines, boolean ascii, long seed) {
    Random random = new Random(seed);
    String[] words = ascii ? new String[] {"alpha", "beta", "progress: 50 half", "\"quoted\"", "tab\there", "\\"}
        : new String[] {"alpha", "caf\u00e9", "\u20ac42", "\u65e5\u672c\u8a9e", "\uD83D\uDE00", "na\u00efve", "x"};
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      out.append(i).append(' ');
      for (int k = random.nextInt(12); k >= 0; k--) {
        out.append(words[random.nextInt(words.length)]).append(' ');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Appends {@code bytes} to {@code file} in random pieces (1-700 bytes, so characters split). */
  static Thread writer(Path file, byte[] bytes) {
    Thread t = new Thread(() -> {
      Random random = new Random(7);
      try (OutputStream out = Files.newOutputStream(file)) {
        for (int at = 0; at < bytes.length; ) {
          int n = Math.min(bytes.length - at, 1 + random.nextInt(700));
          out.write(bytes, at, n);
          out.flush();
          at += n;
          LockSupport.parkNanos(50_000);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, "job-writer");
    t.start();
    return t;
  }

  /** Follows {@code file} from offset 0 with reads of {@code length}, advancing by {@code advance(data)}. */
  String follow(Path file, Thread writer, int length, long finalSize, ToLongFunction<String> advance)
      throws Exception {
    StringBuilder received = new StringBuilder();
    long offset = 0;
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (writer.isAlive() || offset < finalSize) {
      assertThat(System.nanoTime()).as("followed to the end within 60 s").isLessThan(deadline);
      FilesClient.Answer answer = client.get("/files/read", file.toString(), "&offset=" + offset + "&length=" + length);
      if (answer.status() == 404) {
        continue; // not created yet
      }
      Map<String, Object> json = FilesScenarios.json(answer);
      assertThat(json.get("offset")).isEqualTo(offset);
      String data = (String) json.get("data");
      received.append(data);
      offset += advance.applyAsLong(data);
    }
    assertThat(offset).isEqualTo(finalSize);
    return received.toString();
  }

  @Test
  void followingAsciiOutputWithTheClisLenGetsEveryByteOnce() throws Exception {
    String text = text(3000, true, 1);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path file = w.resolve("stdout");
    Thread writer = writer(file, bytes);
    // Python's len(data) counts characters; for ASCII output they are the bytes
    assertThat(follow(file, writer, 4096, bytes.length, String::length)).isEqualTo(text);
  }

  @Test
  void followingUtf8OutputByBytesReceivedGetsEveryCharacterOnce() throws Exception {
    String text = text(3000, false, 2);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path file = w.resolve("stdout");
    Thread writer = writer(file, bytes);
    ToLongFunction<String> utf8Length = data -> data.getBytes(StandardCharsets.UTF_8).length;
    assertThat(follow(file, writer, 4096, bytes.length, utf8Length)).isEqualTo(text);
  }

  @Test
  void smallReadsThatSplitEveryCharacterStillAddUp() throws Exception {
    String text = text(8, false, 3);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path file = w.resolve("stdout");
    Files.write(file, bytes);
    Thread done = new Thread(() -> { });
    for (int length : new int[] {1, 2, 3, 5, 64}) {
      String received = follow(file, done, length, bytes.length,
          data -> data.getBytes(StandardCharsets.UTF_8).length);
      assertThat(received.getBytes(StandardCharsets.UTF_8)).hasSize(bytes.length);
      if (length >= 4) {
        assertThat(received).isEqualTo(text);
      }
    }
  }

  /** Cook's tail_backwards: chunks of 4096 from the end until enough lines, prepending each. */
  List<String> tailBackwards(Path file, int chunk, int lines) throws IOException {
    long size = (Long) FilesScenarios.json(client.get("/files/read", file.toString(), "")).get("offset");
    long offset = Math.max(size - chunk, 0);
    long length = size - offset;
    String buffer = "";
    while (true) {
      String data = (String) FilesScenarios.json(
          client.get("/files/read", file.toString(), "&offset=" + offset + "&length=" + length)).get("data");
      buffer = data + buffer;
      String[] split = buffer.split("\n", -1);
      if (split.length - 1 > lines || offset == 0) {
        List<String> out = new ArrayList<>(List.of(split));
        if (out.get(out.size() - 1).isEmpty()) {
          out.remove(out.size() - 1);
        }
        return out.subList(Math.max(0, out.size() - lines), out.size());
      }
      long next = Math.max(offset - chunk, 0);
      length = offset - next;
      offset = next;
    }
  }

  @Test
  void tailingBackwardsByChunksGivesTheLastLines() throws Exception {
    String text = text(1500, true, 4);
    Path file = Files.writeString(w.resolve("stdout"), text);
    List<String> all = List.of(text.split("\n"));
    for (int lines : new int[] {1, 10, 500}) {
      assertThat(tailBackwards(file, 4096, lines)).as("%d lines", lines)
          .isEqualTo(all.subList(all.size() - lines, all.size()));
    }
    assertThat(tailBackwards(file, 4096, 100_000)).isEqualTo(all);
  }

  @Test
  void chunksReadBackwardsOverUtf8NeitherSkipNorRepeatBytes() throws Exception {
    String text = text(2000, false, 5);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(w.resolve("stdout"), bytes);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (long offset = 0; offset < bytes.length; offset += 4096) {
      Map<String, Object> json = FilesScenarios.json(
          client.get("/files/read", file.toString(), "&offset=" + offset + "&length=4096"));
      all.write(((String) json.get("data")).getBytes(StandardCharsets.UTF_8));
    }
    // a character split by a chunk boundary is held back by one chunk and '?' in the next: the count is
    // off by at most the held bytes per boundary, never more
    long boundaries = bytes.length / 4096;
    assertThat((long) all.size()).isBetween(bytes.length - 3 * boundaries, (long) bytes.length);
  }
}
