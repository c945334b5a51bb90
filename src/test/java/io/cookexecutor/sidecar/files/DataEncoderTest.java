package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code data} holds for a window of bytes: decided in {@link DataEncoder}'s Javadoc. */
class DataEncoderTest {
  /** Encodes {@code bytes} fed in pieces of {@code piece} bytes, as ReadRoute feeds its buffer. */
  static String encode(byte[] bytes, int piece, boolean reachesEnd) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataEncoder encoder = new DataEncoder(out, new byte[8192]);
    byte[] buffer = new byte[piece + 3];
    int carried = 0;
    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(piece, bytes.length - at);
      System.arraycopy(bytes, at, buffer, carried, n);
      at += n;
      int total = carried + n;
      int used = encoder.write(buffer, 0, total);
      carried = total - used;
      System.arraycopy(buffer, used, buffer, 0, carried);
    }
    encoder.finish(carried, reachesEnd);
    return out.toString(StandardCharsets.US_ASCII);
  }

  static String decoded(String jsonStringContents) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser("\"" + jsonStringContents + "\"")) {
      parser.nextToken();
      return parser.getText();
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void asciiIsItselfWithJsonEscapes() throws IOException {
    assertThat(encode(utf8("foo\"bar\\baz\n\t\u0001\u007f"), 1024, true))
        .isEqualTo("foo\\\"bar\\\\baz\\n\\t\\u0001\u007f");
  }

  @Test
  void nonAsciiIsEscapedLikeFlask() throws IOException {
    assertThat(encode(utf8("caf\u00e9 \u20ac \uD83D\uDE00"), 1024, true))
        .isEqualTo("caf\\u00e9 \\u20ac \\ud83d\\ude00");
  }

  @Test
  void aSequenceCutAtTheWindowEndIsHeldBack() throws IOException {
    byte[] euro = utf8("a\u20ac");
    byte[] cut = {euro[0], euro[1], euro[2]};
    assertThat(decoded(encode(cut, 1024, false))).isEqualTo("a");
    assertThat(decoded(encode(cut, 1024, true))).isEqualTo("a");
  }

  @Test
  void aCutSequenceAloneAtTheFileEndWaitsForTheWriter() throws IOException {
    byte[] euro = utf8("\u20ac");
    assertThat(encode(new byte[] {euro[0], euro[1]}, 1024, true)).isEmpty();
  }

  @Test
  void aWindowShorterThanOneCharacterGivesOneQuestionMarkPerByte() throws IOException {
    byte[] euro = utf8("\u20ac");
    assertThat(encode(new byte[] {euro[0]}, 1024, false)).isEqualTo("?");
  }

  @Test
  void invalidBytesAndTheTailOfACharacterBegunBeforeTheWindowAreQuestionMarks() throws IOException {
    byte[] euro = utf8("\u20ac");
    assertThat(encode(new byte[] {euro[1], euro[2], 'x', (byte) 0xff, (byte) 0xc0, (byte) 0x80}, 1024, true))
        .isEqualTo("??x???");
    // surrogates encoded in UTF-8 and overlong forms are not UTF-8
    assertThat(encode(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 1024, true)).isEqualTo("???");
    assertThat(encode(new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, 1024, true)).isEqualTo("???");
  }

  @Test
  void piecesSplittingCharactersDecodeAsTheWhole() throws IOException {
    String text = "\u00e9t\u00e9 \u20ac\u20ac \uD83D\uDE00 done";
    String whole = encode(utf8(text), 1024, true);
    for (int piece = 1; piece <= 5; piece++) {
      assertThat(encode(utf8(text), piece, true)).as("piece %d", piece).isEqualTo(whole);
    }
    assertThat(decoded(whole)).isEqualTo(text);
  }

  @Test
  void theUtf8LengthOfDataIsTheBytesItStandsFor() throws IOException {
    byte[] bytes = {'a', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, (byte) 0x80, (byte) 0xe2, (byte) 0x82, (byte) 0xac, 'z'};
    for (int from = 0; from < bytes.length; from++) {
      for (int to = from; to <= bytes.length; to++) {
        byte[] window = java.util.Arrays.copyOfRange(bytes, from, to);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataEncoder encoder = new DataEncoder(out, new byte[8192]);
        int used = encoder.write(window, 0, window.length);
        encoder.finish(window.length - used, to == bytes.length);
        String data = decoded(out.toString(StandardCharsets.US_ASCII));
        assertThat((long) utf8(data).length).as("[%d,%d)", from, to).isEqualTo(encoder.consumed());
      }
    }
  }
}
