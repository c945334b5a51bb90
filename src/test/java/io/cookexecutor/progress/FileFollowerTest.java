package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFollowerTest {
  private static final int MAX = 4096;
  @TempDir Path dir;
  private final ProgressMatcher matcher = ProgressMatcher.compile(ProgressSettings.DEFAULT_REGEX, 512);
  private final List<String> fragments = new ArrayList<>();
  private final List<ProgressMatcher.Outcome> matches = new ArrayList<>();
  private final FragmentScanner.FragmentSink sink =
      (buf, off, len, line) -> {
        fragments.add(new String(buf, off, len, StandardCharsets.ISO_8859_1));
        ProgressMatcher.Outcome o = matcher.match(buf, off, len);
        if (o.kind() == ProgressMatcher.Kind.ACCEPTED) {
          matches.add(o);
        }
      };
  private final List<FileFollower> opened = new ArrayList<>();

  @AfterEach
  void closeFollowers() {
    opened.forEach(FileFollower::close);
  }

  private FileFollower follower(Path p) {
    FileFollower f = new FileFollower(p, new FragmentScanner(MAX, matcher.requiredLiteral(), false, 65536));
    opened.add(f);
    return f;
  }

  /** Polls until the follower has read everything there is (bounded). */
  private void pollToEnd(FileFollower f) {
    for (int k = 0; k < 10_000; k++) {
      f.poll(1 << 20, sink);
      if (f.atEnd()) {
        return;
      }
    }
    throw new AssertionError("follower never reached the end");
  }

  private static void append(Path p, String s) throws IOException {
    append(p, s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void append(Path p, byte[] b) throws IOException {
    Files.write(p, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<Integer> percents() {
    return matches.stream().map(ProgressMatcher.Outcome::percent).toList();
  }

  @Test
  void followsGrowth() throws IOException {
    Path p = dir.resolve("stdout");
    append(p, "hello\nprogress: 10, one\n");
    FileFollower f = follower(p);
    pollToEnd(f);
    assertThat(fragments).containsExactly("progress: 10, one");
    append(p, "more output\nprogress: 20, two\n");
    pollToEnd(f);
    assertThat(percents()).containsExactly(10, 20);
    assertThat(f.state()).isEqualTo(FileFollower.State.OPEN);
  }

  @Test
  void unfinishedLastLineIsReadWhenItsNewlineComesOrTheDataEnds() throws IOException {
    Path p = dir.resolve("stdout");
    append(p, "progress: 30, thi");
    FileFollower f = follower(p);
    pollToEnd(f);
    assertThat(matches).isEmpty();
    append(p, "rty\nprogress: 40, forty");
    pollToEnd(f);
    assertThat(matches).extracting(ProgressMatcher.Outcome::message).containsExactly("thirty");
    f.endOfData(sink);
    assertThat(percents()).containsExactly(30, 40);
  }

  @Test
  void truncatedFileIsReadFromItsNewStart() throws IOException {
    Path p = dir.resolve("progress");
    append(p, "progress: 10, a long first line of output\nprogress: 20, b\n");
    FileFollower f = follower(p);
    pollToEnd(f);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    append(p, "progress: 30, c\n");
    pollToEnd(f);
    assertThat(percents()).containsExactly(10, 20, 30);
    assertThat(f.filesOpened()).isEqualTo(1);
  }

  @Test
  void renamedAndRecreatedFileIsFinishedThenTheNewOneIsRead() throws IOException {
    Path p = dir.resolve("stdout");
    Path old = dir.resolve("stdout.1");
    append(p, "progress: 10, a\n");
    FileFollower f = follower(p);
    pollToEnd(f);
    append(p, "progress: 20, written before the rotation\n");
    Files.move(p, old);
    append(p, "progress: 30, new file\n");
    pollToEnd(f);
    assertThat(percents()).containsExactly(10, 20, 30);
    assertThat(f.filesOpened()).isEqualTo(2);
    append(p, "progress: 40, d\n");
    pollToEnd(f);
    assertThat(percents()).containsExactly(10, 20, 30, 40);
  }

  @Test
  void renamedAwayFileKeepsBeingReadUntilANewOneAppears() throws IOException {
    Path p = dir.resolve("stdout");
    Path old = dir.resolve("stdout.1");
    append(p, "progress: 10, a\n");
    FileFollower f = follower(p);
    pollToEnd(f);
    Files.move(p, old);
    append(old, "progress: 20, b\n");
    pollToEnd(f);
    assertThat(percents()).containsExactly(10, 20);
    assertThat(f.state()).isEqualTo(FileFollower.State.OPEN);
  }

  @Test
  void missingFileIsWaitedForAndReadWhenItAppears() throws IOException {
    Path p = dir.resolve("later.progress");
    FileFollower f = follower(p);
    pollToEnd(f);
    assertThat(f.state()).isEqualTo(FileFollower.State.WAITING);
    append(p, "progress: 55, here now\n");
    pollToEnd(f);
    assertThat(f.state()).isEqualTo(FileFollower.State.OPEN);
    assertThat(percents()).containsExactly(55);
  }

  @Test
  void directoryIsSkipped() throws IOException {
    Path d = Files.createDirectory(dir.resolve("progress-dir"));
    FileFollower f = follower(d);
    pollToEnd(f);
    assertThat(f.state()).isEqualTo(FileFollower.State.SKIPPED);
  }

  @Test
  void fifoIsSkippedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("progress.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mk.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(mk.exitValue()).isZero();
    FileFollower f = follower(fifo);
    // Opening a FIFO without a writer would block forever; the bound only turns a hang into a failure.
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> pollToEnd(f));
    assertThat(f.state()).isEqualTo(FileFollower.State.SKIPPED);
  }

  @Test
  void tenMegabyteLineWithoutNewlineThenAProgressLine() throws IOException {
    Path p = dir.resolve("stdout");
    byte[] junk = new byte[1 << 20];
    java.util.Arrays.fill(junk, (byte) 'x');
    try (OutputStream out = Files.newOutputStream(p)) {
      for (int k = 0; k < 10; k++) {
        out.write(junk);
      }
      out.write("progress: 5, not at a line start but still within the fragment\n".getBytes(StandardCharsets.US_ASCII));
      out.write("progress: 77, after the long line\n".getBytes(StandardCharsets.US_ASCII));
    }
    FileFollower f = follower(p);
    pollToEnd(f);
    assertThat(matches).extracting(ProgressMatcher.Outcome::message).contains("after the long line");
    assertThat(percents()).last().isEqualTo(77);
    assertThat(f.bytesRead()).isEqualTo(Files.size(p));
    // Memory: one fixed buffer of a read chunk plus one fragment, whatever the line length.
    assertThat(f.bufferCapacity()).isEqualTo(65536 + MAX);
  }

  @Test
  void binaryNoiseAndNulBytesAroundProgressLines() throws IOException {
    Path p = dir.resolve("stdout");
    Random rnd = new Random(99);
    byte[] noise = new byte[200_000];
    rnd.nextBytes(noise);
    append(p, noise);
    append(p, "\nprogress: 12, clean\n");
    append(p, new byte[] {0, 0, 0});
    append(p, "\nprogress: 34, bin".getBytes(StandardCharsets.US_ASCII));
    append(p, new byte[] {(byte) 0xFF, 0, (byte) 0xC3, '\n'});
    append(p, noise);
    append(p, "\nprogress: 56, tail\u0000nul\n");
    FileFollower f = follower(p);
    pollToEnd(f);
    f.endOfData(sink);
    assertThat(percents()).containsSubsequence(12, 34, 56);
    assertThat(matches).filteredOn(o -> o.percent() == 34).extracting(ProgressMatcher.Outcome::message).containsOnly("");
    assertThat(matches).filteredOn(o -> o.percent() == 56).extracting(ProgressMatcher.Outcome::message).containsOnly("tail\u0000nul");
  }
}
