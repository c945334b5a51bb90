package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentScannerTest {
  /** A fragment as seen by a sink: its bytes as ISO-8859-1 text (one char per byte) and its line. */
  record Seen(String text, long line) {}

  private static List<Seen> collect(FragmentScanner s, byte[] data, int[] pieces) {
    List<Seen> out = new ArrayList<>();
    FragmentScanner.FragmentSink sink =
        (buf, off, len, line) -> out.add(new Seen(new String(buf, off, len, StandardCharsets.ISO_8859_1), line));
    int off = 0;
    int k = 0;
    while (off < data.length) {
      int want = Math.min(pieces[k++ % pieces.length], data.length - off);
      off += s.add(data, off, want, sink);
    }
    s.endOfData(sink);
    return out;
  }

  /** What the scanner must produce: lines cut into max-sized pieces, non-empty, holding the literal. */
  private static List<Seen> reference(byte[] data, int max, byte[] literal, boolean countLines) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    String lit = literal == null ? null : new String(literal, StandardCharsets.ISO_8859_1);
    List<Seen> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      for (int at = 0; at < line.length(); at += max) {
        String piece = line.substring(at, Math.min(line.length(), at + max));
        if (lit == null || piece.contains(lit)) {
          out.add(new Seen(piece, countLines ? n + 1 : 0));
        }
      }
    }
    return out;
  }

  @Test
  void agreesWithTheReferenceForRandomDataChunkingAndSizes() {
    Random rnd = new Random(1234);
    byte[] alphabet = "prog:\n\nxy".getBytes(StandardCharsets.ISO_8859_1);
    byte[][] literals = {null, "p".getBytes(StandardCharsets.ISO_8859_1), "prog:".getBytes(StandardCharsets.ISO_8859_1)};
    for (int t = 0; t < 3000; t++) {
      byte[] data = new byte[rnd.nextInt(300)];
      for (int k = 0; k < data.length; k++) {
        data[k] = alphabet[rnd.nextInt(alphabet.length)];
      }
      if (rnd.nextInt(4) == 0) {
        Arrays.fill(data, 0, data.length / 2, (byte) 'x'); // a long line
      }
      int max = 1 + rnd.nextInt(12);
      int chunk = 1 + rnd.nextInt(20);
      byte[] literal = literals[rnd.nextInt(literals.length)];
      boolean countLines = rnd.nextBoolean();
      int[] pieces = {1 + rnd.nextInt(30), 1 + rnd.nextInt(5), 1 + rnd.nextInt(50)};
      FragmentScanner s = new FragmentScanner(max, literal, countLines, chunk);
      assertThat(collect(s, data, pieces))
          .as("data=%s max=%d chunk=%d", new String(data, StandardCharsets.ISO_8859_1), max, chunk)
          .isEqualTo(reference(data, max, literal, countLines));
      assertThat(s.pending()).isZero();
    }
  }

  @Test
  void holdsAnUnfinishedLineUntilItsNewline() {
    List<Seen> out = new ArrayList<>();
    FragmentScanner s = new FragmentScanner(4096, "progress:".getBytes(StandardCharsets.US_ASCII), true, 64);
    FragmentScanner.FragmentSink sink =
        (buf, off, len, line) -> out.add(new Seen(new String(buf, off, len, StandardCharsets.ISO_8859_1), line));
    byte[] a = "noise\nprogress: 5".getBytes(StandardCharsets.US_ASCII);
    s.add(a, 0, a.length, sink);
    assertThat(out).isEmpty();
    assertThat(s.pending()).isEqualTo("progress: 5".length());
    byte[] b = "0, half\n".getBytes(StandardCharsets.US_ASCII);
    s.add(b, 0, b.length, sink);
    assertThat(out).containsExactly(new Seen("progress: 50, half", 2));
  }

  @Test
  void tenMegabyteLineWithoutNewlineKeepsTheBufferBoundedAndTheNextLineIsFound() throws IOException {
    byte[] data = new byte[10 * 1024 * 1024 + 100];
    Arrays.fill(data, (byte) 'x');
    byte[] tail = "\nprogress: 42, done\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tail, 0, data, data.length - tail.length, tail.length);
    FragmentScanner s = new FragmentScanner(4096, "progress: ".getBytes(StandardCharsets.US_ASCII), false, 65536);
    List<String> out = new ArrayList<>();
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    while (s.readFrom(in, (buf, off, len, line) -> out.add(new String(buf, off, len, StandardCharsets.US_ASCII)))
        >= 0) {
      assertThat(s.pending()).isLessThan(4096);
    }
    assertThat(out).containsExactly("progress: 42, done");
    assertThat(s.bufferCapacity()).isEqualTo(65536 + 4096);
  }
}
