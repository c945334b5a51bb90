package io.cookexecutor.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.google.protobuf.ByteString;
import io.cookexecutor.json.JsonReader.Token;
import io.cookexecutor.task.TaskCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader and writer against Jackson 2.18 (what the main code used before), on generated and hostile
 * input. Jackson is the oracle as the contract needs it:
 * <ul>
 *   <li>the JSON text is UTF-8: Jackson's verdict counts only on input that is well-formed UTF-8 (after a
 *       leading byte order mark, which both skip); Jackson let overlong forms, encoded surrogates and UTF-16
 *       through, which the reader must refuse;</li>
 *   <li>one value: Jackson accepts several top-level values, which the reader must refuse;</li>
 *   <li>Jackson's defensive length limits (1,000-digit numbers, 50,000-character names) are lifted: the
 *       contract has none and the reader converts no number;</li>
 *   <li>the writer: Jackson's bytes exactly, once a lone surrogate is replaced by U+FFFD (the writer's one
 *       documented difference).</li>
 * </ul>
 */
class JsonAgainstJacksonTest {
  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(64)
      .maxNumberLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build();
  static final JsonFactory ORACLE = JsonFactory.builder().streamReadConstraints(LIMITS).build();
  private static final JsonFactory UTF8_OUT = new JsonFactory();
  private static final JsonFactory ASCII_OUT = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final List<String> INVALID = List.of("INVALID");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  // --- the reader ---

  @Test
  void readsGeneratedDocumentsAsJacksonDoes() throws IOException {
    int refused = refusedOfAllReadAsJacksonReadsThem(4_000, false);
    // Only the documents nested past 64 (a tenth of them, three in ten of those) are refused.
    assertThat(refused).isBetween(40, 200);
  }

  @Test
  void readsMangledDocumentsAsJacksonDoes() throws IOException {
    int refused = refusedOfAllReadAsJacksonReadsThem(10_000, true);
    // The mutations must exercise both sides of the verdict.
    assertThat(refused).isBetween(2_500, 9_500);
  }

  /**
   * Reads the generated document of each seed (mangled by {@link JsonMutations} if asked) as Jackson and as
   * the task command's reader; fails at the first difference; returns how many Jackson refused.
   */
  private static int refusedOfAllReadAsJacksonReadsThem(int seeds, boolean mangled) throws IOException {
    int refused = 0;
    for (int seed = 0; seed < seeds; seed++) {
      Random r = new Random(seed);
      byte[] doc = new JsonDocuments(r).document().getBytes(StandardCharsets.UTF_8);
      if (mangled) {
        doc = JsonMutations.apply(r, doc);
      }
      List<String> expected = jackson(doc);
      assertThat(mine(doc)).as("seed %d: %s", seed, printable(doc)).isEqualTo(expected);
      checkTaskCommand(doc, seed);
      refused += expected == INVALID ? 1 : 0;
    }
    return refused;
  }

  @Test
  void taskDataWithCommandsAndDuplicatesIsReadAsJacksonReadIt() throws IOException {
    for (int seed = 0; seed < 5_000; seed++) {
      Random r = new Random(seed);
      JsonDocuments docs = new JsonDocuments(r);
      StringBuilder data = new StringBuilder("{");
      int members = r.nextInt(5);
      for (int m = 0; m < members; m++) {
        data.append(m == 0 ? "" : ",").append(docs.ws());
        boolean command = r.nextInt(3) > 0;
        data.append(command ? (r.nextBoolean() ? "\"command\"" : "\"comm\\u0061nd\"") : docs.string()).append(':');
        data.append(command && r.nextInt(4) > 0 ? docs.string() : docs.value(1)).append(docs.ws());
      }
      byte[] doc = data.append('}').toString().getBytes(StandardCharsets.UTF_8);
      checkTaskCommand(r.nextInt(4) == 0 ? JsonMutations.apply(r, doc) : doc, seed);
    }
  }

  @Test
  void hostileInputIsRefusedAsTheContractSays() throws IOException {
    String deep = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    String hugeNumber = "[" + "1".repeat(200_000) + "." + "2".repeat(200_000) + "e-" + "9".repeat(1000) + "]";
    String hugeString = "{\"padding\": \"" + "x".repeat(8 << 20) + "\", \"command\": \"echo\"}";
    List<byte[]> inputs = new ArrayList<>(List.of(deep.getBytes(StandardCharsets.UTF_8),
        hugeNumber.getBytes(StandardCharsets.UTF_8), hugeString.getBytes(StandardCharsets.UTF_8),
        "{\"command\":\"x\"}".getBytes(StandardCharsets.UTF_16LE), "{\"command\":\"x\"}".getBytes(StandardCharsets.UTF_16BE),
        "\ufeff{\"command\":\"x\"}".getBytes(StandardCharsets.UTF_16), "{\"command\":\"x\"}".getBytes(Charset32.BE),
        new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0}, BOM, cat(BOM, BOM), cat(BOM, "{\"command\":\"x\"}"),
        "{\"command\": \"echo\"} trailing".getBytes(StandardCharsets.UTF_8)));
    for (int b = 0; b < 256; b++) {
      inputs.add(cat(new byte[] {(byte) b}, "{\"command\":\"x\"}"));
      inputs.add(cat("{\"command\":\"x".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) b}, "\"}"));
      inputs.add(cat("{\"command\":\"x\"}".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) b}));
    }
    for (int i = 0; i < inputs.size(); i++) {
      byte[] doc = inputs.get(i);
      assertThat(mine(doc)).as("input %d", i).isEqualTo(jackson(doc));
      checkTaskCommand(doc, -i);
    }
    assertThat(TaskCommand.parse(ByteString.copyFrom(hugeString, StandardCharsets.UTF_8)).command()).isEqualTo("echo");
    assertThat(jackson(inputs.get(3))).isEqualTo(INVALID); // UTF-16: Jackson detected it, the contract says UTF-8
  }

  /**
   * TaskCommand on {@code doc}: on a JSON text, exactly what the Jackson version said; on anything else
   * (no value included: Jackson's messages for a lone byte order mark and for whitespace differed) refused.
   */
  private static void checkTaskCommand(byte[] doc, int seed) throws IOException {
    TaskCommand.Parsed mine = TaskCommand.parse(ByteString.copyFrom(doc));
    List<String> tokens = jackson(doc);
    if (tokens == INVALID || tokens.isEmpty()) {
      assertThat(mine.valid()).as("seed %d: %s", seed, printable(doc)).isFalse();
      assertThat(mine.error()).isNotBlank();
    } else {
      assertThat(mine).as("seed %d: %s", seed, printable(doc)).isEqualTo(JacksonTaskCommand.parse(doc));
    }
  }

  /** Every token to the end, as {@link JsonReaderTest#tokens}, or INVALID; each step consumed input. */
  private static List<String> mine(byte[] doc) {
    try {
      List<String> tokens = JsonReaderTest.tokens(doc);
      assertThat(tokens.size()).isLessThanOrEqualTo(doc.length);
      return tokens;
    } catch (JsonException e) {
      assertThat(e.getMessage()).contains(" at byte ");
      return INVALID;
    }
  }

  /**
   * Jackson's tokens for one UTF-8 JSON text, or INVALID. Its byte parser, as the product used: its char
   * parser takes a non-ASCII character whose low byte is a hex digit (U+0764) for that digit in an escape.
   * Input with a NUL byte is refused first, since no UTF-8 JSON text has one, while Jackson's byte parser
   * then guesses UTF-16 or UTF-32. A leading byte order mark is skipped here, as Jackson skips it.
   */
  static List<String> jackson(byte[] doc) throws IOException {
    byte[] body = doc.length >= 3 && Arrays.equals(doc, 0, 3, BOM, 0, 3) ? Arrays.copyOfRange(doc, 3, doc.length) : doc;
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      return INVALID;
    }
    for (byte b : body) {
      if (b == 0) {
        return INVALID;
      }
    }
    List<String> tokens = new ArrayList<>();
    if (body != doc && body.length >= 3 && Arrays.equals(body, 0, 3, BOM, 0, 3)) {
      return INVALID; // a second mark is no whitespace (Jackson, given it, would skip it too)
    }
    try (JsonParser p = ORACLE.createParser(body)) { // as Jackson, which refused a mark with nothing after
      int depth = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (depth == 0 && !tokens.isEmpty()) {
          return INVALID; // a second top-level value
        }
        depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
        tokens.add(describe(t, p));
      }
    } catch (JacksonException e) {
      return INVALID;
    }
    return tokens;
  }

  private static String describe(JsonToken t, JsonParser p) throws IOException {
    return switch (t) {
      case START_OBJECT -> "BEGIN_OBJECT";
      case END_OBJECT -> "END_OBJECT";
      case START_ARRAY -> "BEGIN_ARRAY";
      case END_ARRAY -> "END_ARRAY";
      case FIELD_NAME -> "NAME " + p.getText();
      case VALUE_STRING -> "STRING " + p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER " + p.getText();
      case VALUE_TRUE -> "TRUE";
      case VALUE_FALSE -> "FALSE";
      case VALUE_NULL -> "NULL";
      default -> throw new AssertionError(t);
    };
  }

  // --- the writer ---

  @Test
  void writesTheBytesJacksonWroteForEveryKindOfString() throws IOException {
    for (int seed = 0; seed < 5_000; seed++) {
      Random r = new Random(seed);
      JsonDocuments docs = new JsonDocuments(r);
      String name = docs.anyString();
      String value = docs.anyString();
      long n = r.nextLong() >> r.nextInt(64);
      double d = docs.finiteDouble();
      boolean b = r.nextBoolean();
      for (boolean ascii : new boolean[] {false, true}) {
        JsonWriter mine = ascii ? JsonWriter.ascii() : JsonWriter.utf8();
        mine.beginObject().field(name, value).field("n", n).field("d", d).field("b", b).field("null", null)
            .name("a").beginArray().value(value).value(n).beginObject().endObject().endArray().endObject();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (JsonGenerator g = (ascii ? ASCII_OUT : UTF8_OUT).createGenerator(expected)) {
          g.writeStartObject();
          g.writeStringField(replaceLoneSurrogates(name), replaceLoneSurrogates(value));
          g.writeNumberField("n", n);
          g.writeNumberField("d", d);
          g.writeBooleanField("b", b);
          g.writeNullField("null");
          g.writeArrayFieldStart("a");
          g.writeString(replaceLoneSurrogates(value));
          g.writeNumber(n);
          g.writeStartObject();
          g.writeEndObject();
          g.writeEndArray();
          g.writeEndObject();
        }
        assertThat(mine.bytes()).as("seed %d ascii %s", seed, ascii).isEqualTo(expected.toByteArray());
        // What it wrote reads back (by both readers) as what was meant.
        assertThat(mine(mine.bytes())).contains("NAME " + replaceLoneSurrogates(name), "STRING " + replaceLoneSurrogates(value));
        assertThat(jackson(mine.bytes())).isEqualTo(mine(mine.bytes()));
      }
      assertThat(JsonString.quote(value)).isEqualTo(JsonWriter.utf8().value(value).text());
    }
  }

  static String replaceLoneSurrogates(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\ufffd' : c);
      }
    }
    return out.toString();
  }

  private static byte[] cat(byte[] a, String b) {
    return cat(a, new byte[0], b);
  }

  private static byte[] cat(byte[] a, byte[] b) {
    return cat(a, b, "");
  }

  private static byte[] cat(byte[] a, byte[] b, String c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String printable(byte[] doc) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(doc.length, 300); i++) {
      int b = doc[i] & 0xFF;
      out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("<%02x>", b));
    }
    return doc.length > 300 ? out + "... (" + doc.length + " bytes)" : out.toString();
  }

  /** UTF-32, which the JDK names but StandardCharsets does not. */
  private static final class Charset32 {
    static final java.nio.charset.Charset BE = java.nio.charset.Charset.forName("UTF-32BE");
  }
}
