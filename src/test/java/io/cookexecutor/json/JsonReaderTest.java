package io.cookexecutor.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.json.JsonReader.Token;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Every token to the end as "TOKEN" or "TOKEN text". */
  static List<String> tokens(byte[] in) throws JsonException {
    List<String> out = new ArrayList<>();
    JsonReader json = new JsonReader(in);
    for (Token t = json.next(); t != Token.END; t = json.next()) {
      out.add(json.text() == null ? t.name() : t.name() + " " + json.text());
    }
    return out;
  }

  @Test
  void readsEveryKindOfTokenInOrderWithDuplicateNamesKept() throws JsonException {
    assertThat(tokens(utf8(" {\"a\" : [1, -2.5e+3, 0, true,false, null, {}, []],\n\t\"b\":\"x\",\r\"a\":\"dup\"} ")))
        .containsExactly("BEGIN_OBJECT", "NAME a", "BEGIN_ARRAY", "NUMBER 1", "NUMBER -2.5e+3", "NUMBER 0", "TRUE",
            "FALSE", "NULL", "BEGIN_OBJECT", "END_OBJECT", "BEGIN_ARRAY", "END_ARRAY", "END_ARRAY", "NAME b",
            "STRING x", "NAME a", "STRING dup", "END_OBJECT");
  }

  @Test
  void aTopLevelScalarIsAText() throws JsonException {
    assertThat(tokens(utf8("\"s\""))).containsExactly("STRING s");
    assertThat(tokens(utf8(" -0.5E-7 "))).containsExactly("NUMBER -0.5E-7");
    assertThat(tokens(utf8("null"))).containsExactly("NULL");
  }

  @Test
  void decodesEveryEscapeAndEveryLengthOfUtf8() throws JsonException {
    String json = "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\uDE00 é€😀 \\u0000\"]";
    assertThat(tokens(utf8(json))).containsExactly("BEGIN_ARRAY",
        "STRING \"\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00 \u00e9\u20ac\ud83d\ude00 \u0000", "END_ARRAY");
  }

  @Test
  void escapedNamesAreDecodedToo() throws JsonException {
    assertThat(tokens(utf8("{\"com\\u006dand\":1}"))).contains("NAME command");
  }

  @Test
  void anEscapedLoneSurrogateIsReadAsThatCharAsJacksonReadsIt() throws JsonException {
    assertThat(tokens(utf8("[\"a\\ud800b\",\"\\udc00\"]")))
        .containsExactly("BEGIN_ARRAY", "STRING a\ud800b", "STRING \udc00", "END_ARRAY");
  }

  @Test
  void delAndOtherCharactersFromU007FOnAreTakenAsTheyAre() throws JsonException {
    assertThat(tokens(utf8("[\"\u007f\u0080\u2028\ufeff\uffff\"]"))).contains("STRING \u007f\u0080\u2028\ufeff\uffff");
  }

  @Test
  void aLeadingByteOrderMarkIsSkippedAnywhereElseItIsRefused() throws JsonException {
    byte[] bom = bytes(0xEF, 0xBB, 0xBF);
    assertThat(tokens(cat(bom, utf8("{}")))).containsExactly("BEGIN_OBJECT", "END_OBJECT");
    assertThat(tokens(bom)).isEmpty();
    assertThatThrownBy(() -> tokens(cat(utf8(" "), bom, utf8("{}")))).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> tokens(cat(bom, bom, utf8("{}")))).isInstanceOf(JsonException.class);
  }

  @Test
  void noValueAtAllIsTheEnd() throws JsonException {
    assertThat(tokens(new byte[0])).isEmpty();
    assertThat(tokens(utf8(" \n\t\r "))).isEmpty();
  }

  @Test
  void nestingTo64IsReadAndDeeperIsRefusedAtItsByte() throws JsonException {
    assertThat(tokens(utf8("[".repeat(64) + "]".repeat(64)))).hasSize(128);
    assertThat(tokens(utf8("{\"a\":".repeat(64) + "1" + "}".repeat(64)))).hasSize(64 * 3 + 1);
    assertThatThrownBy(() -> tokens(utf8("[".repeat(65) + "]".repeat(65))))
        .isInstanceOf(JsonException.class).hasMessage("nested deeper than 64 at byte 64");
  }

  @Test
  void hostileNestingIsRefusedWithoutRecursion() {
    String deep = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    assertThatThrownBy(() -> tokens(utf8(deep))).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> tokens(utf8("[".repeat(1_000_000)))).isInstanceOf(JsonException.class);
  }

  @Test
  void skipChildrenPassesAWholeValueWithoutReadingItOut() throws JsonException {
    JsonReader json = new JsonReader(utf8("{\"skip\":{\"x\":[1,{\"y\":\"" + "z".repeat(100_000) + "\"}]},\"k\":2}"));
    assertThat(json.next()).isEqualTo(Token.BEGIN_OBJECT);
    assertThat(json.next()).isEqualTo(Token.NAME);
    assertThat(json.next()).isEqualTo(Token.BEGIN_OBJECT);
    json.skipChildren();
    assertThat(json.next()).isEqualTo(Token.NAME);
    assertThat(json.text()).isEqualTo("k");
    assertThat(json.next()).isEqualTo(Token.NUMBER);
    json.skipChildren(); // a scalar: stays
    assertThat(json.text()).isEqualTo("2");
    assertThat(json.next()).isEqualTo(Token.END_OBJECT);
    json.finish();
  }

  @Test
  void skipChildrenStillValidatesWhatItSkips() throws JsonException {
    JsonReader json = new JsonReader(cat(utf8("[{\"a\":\""), bytes(0xC0, 0x80), utf8("\"}]")));
    json.next();
    assertThatThrownBy(json::skipChildren).isInstanceOf(JsonException.class).hasMessage("not UTF-8 at byte 7");
  }

  @Test
  void finishRefusesMoreAfterTheValueAndAnIncompleteValue() throws JsonException {
    JsonReader more = new JsonReader(utf8("{} {}"));
    more.next();
    more.next();
    assertThatThrownBy(more::finish).isInstanceOf(JsonException.class).hasMessage("more after the JSON value at byte 3");
    JsonReader open = new JsonReader(utf8("[1"));
    open.next();
    assertThatThrownBy(open::finish).isInstanceOf(JsonException.class);
  }

  @Test
  void textIsNullForTokensWithoutText() throws JsonException {
    JsonReader json = new JsonReader(utf8("[true]"));
    assertThat(json.next()).isEqualTo(Token.BEGIN_ARRAY);
    assertThat(json.text()).isNull();
    json.next();
    assertThat(json.text()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{", "[", "]", "}", "{]", "[}", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{\"a\"}",
      "{a:1}", "{1:1}", "{'a':1}", "['a']", "[01]", "[-01]", "[+1]", "[.5]", "[1.]", "[1.e5]", "[1e]", "[1e+]", "[-]",
      "[0x10]", "[NaN]", "[Infinity]", "[-Infinity]", "[tru]", "[truex]", "[nul]", "[True]", "[1x]", "1 2", "{}x",
      "{} {}", "[] ,", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"a\tb\"", "\"a\nb\"",
      "\"\u0000\"", "\"\u001f\"", "[1 /* c */]", "// c\n1", "\u000b1", "\u00a01", "\u30001", "1\u0000", "#",
      "\"\\", "[\"a\"", "{\"a\":[1,{\"b\":null}]",
  })
  void refusesWhatIsNotOneStrictJsonText(String json) {
    assertThatThrownBy(() -> tokens(utf8(json))).isInstanceOf(JsonException.class).hasMessageContaining(" at byte ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "C0 80", "C1 BF", "E0 80 80", "E0 9F BF", "ED A0 80", "ED BF BF", "F0 80 80 80", "F0 8F BF BF", "F4 90 80 80",
      "F5 80 80 80", "F8 88 80 80 80", "FF", "FE", "80", "BF", "E2 82", "E2 28 A1", "F0 9F 98", "C3 28", "C3",
  })
  void refusesEveryKindOfMalformedUtf8InAString(String hex) {
    String[] parts = hex.split(" ");
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Integer.parseInt(parts[i], 16);
    }
    assertThatThrownBy(() -> tokens(cat(utf8("[\"x"), bytes(values), utf8("\"]"))))
        .isInstanceOf(JsonException.class).hasMessage("not UTF-8 at byte 3");
  }

  @Test
  void acceptsTheEdgesOfWellFormedUtf8() throws JsonException {
    byte[] edges = bytes(0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xEF, 0xBF, 0xBF,
        0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF);
    assertThat(tokens(cat(utf8("\""), edges, utf8("\""))))
        .containsExactly("STRING \u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff");
  }

  @Test
  void bytesOutsideStringsThatAreNotJsonAreRefusedNamingTheByte() {
    assertThatThrownBy(() -> tokens(bytes(0, 1, 2, 0xFF)))
        .isInstanceOf(JsonException.class).hasMessage("expected a value but found byte 0x0 at byte 0");
    assertThatThrownBy(() -> tokens("{\"command\":\"x\"}".getBytes(StandardCharsets.UTF_16LE)))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void numbersOfAnyLengthAreTextNotConverted() throws JsonException {
    String digits = "9".repeat(100_000);
    assertThat(tokens(utf8("[-" + digits + ".5e-" + digits + "]"))).element(1).isEqualTo("NUMBER -" + digits + ".5e-" + digits);
  }
}
