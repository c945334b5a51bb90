package io.cookexecutor.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonWriterTest {

  @Test
  void writesCompactJsonInTheCallersOrder() {
    String json = JsonWriter.utf8().beginObject()
        .field("s", "x").field("n", -15).field("d", 0.25).field("t", true).field("f", false).field("none", null)
        .name("nothing").nullValue()
        .name("a").beginArray().value(1).value("two").beginObject().endObject().beginArray().endArray().endArray()
        .name("o").beginObject().field("k", 1).name("inner").beginObject().field("z", "z").endObject().endObject()
        .name("raw").rawValue("{\"as\":\"is\"}")
        .endObject().text();
    assertThat(json).isEqualTo("{\"s\":\"x\",\"n\":-15,\"d\":0.25,\"t\":true,\"f\":false,\"none\":null,\"nothing\":null,"
        + "\"a\":[1,\"two\",{},[]],\"o\":{\"k\":1,\"inner\":{\"z\":\"z\"}},\"raw\":{\"as\":\"is\"}}");
  }

  @Test
  void anArrayOfObjectsAndEmptyContainers() {
    assertThat(JsonWriter.ascii().beginArray().beginObject().field("a", 1).endObject().beginObject().endObject()
        .endArray().text()).isEqualTo("[{\"a\":1},{}]");
    assertThat(JsonWriter.utf8().beginObject().endObject().text()).isEqualTo("{}");
    assertThat(JsonWriter.utf8().beginArray().endArray().text()).isEqualTo("[]");
  }

  @Test
  void doublesAsJavaWritesThemAndNonFiniteOnesAsNull() {
    assertThat(JsonWriter.utf8().beginArray().value(1.5).value(-0.0).value(1e-4).value(Double.NaN)
        .value(Double.POSITIVE_INFINITY).value(Double.NEGATIVE_INFINITY).value(Long.MIN_VALUE).endArray().text())
        .isEqualTo("[1.5,-0.0,1.0E-4,null,null,null,-9223372036854775808]");
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource(delimiter = '|', value = {
      // code point (hex) | UTF-8 mode | ASCII mode
      "0000|\\u0000|\\u0000",
      "0001|\\u0001|\\u0001",
      "0008|\\b|\\b",
      "0009|\\t|\\t",
      "000A|\\n|\\n",
      "000B|\\u000B|\\u000B",
      "000C|\\f|\\f",
      "000D|\\r|\\r",
      "001F|\\u001F|\\u001F",
      "0022|\\\"|\\\"",
      "005C|\\\\|\\\\",
      "002F|/|/",
      "0020|' '|' '",
      "007E|~|~",
      "007F|\u007f|\u007f",
      "0080|\u0080|\\u0080",
      "00E9|\u00e9|\\u00E9",
      "2028|'\u2028'|\\u2028",
      "FEFF|'\ufeff'|\\uFEFF",
      "FFFD|\ufffd|\\uFFFD",
      "FFFF|\uffff|\\uFFFF",
      "1F600|\\uD83D\\uDE00|\\uD83D\\uDE00",
      "10FFFF|\\uDBFF\\uDFFF|\\uDBFF\\uDFFF",
  })
  void escapesEachCharacterOnce(String hex, String utf8, String ascii) {
    String s = Character.toString(Integer.parseInt(hex, 16));
    assertThat(JsonWriter.utf8().value(s).text()).isEqualTo('"' + utf8 + '"');
    assertThat(JsonWriter.ascii().value(s).text()).isEqualTo('"' + ascii + '"');
    assertThat(JsonString.quote(s)).isEqualTo('"' + utf8 + '"');
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacterSoTheOutputIsAlwaysUtf8() {
    String lone = "a\ud800b\udc00c\udbff";
    assertThat(JsonString.quote(lone)).isEqualTo("\"a\ufffdb\ufffdc\ufffd\"");
    assertThat(JsonWriter.ascii().value(lone).text()).isEqualTo("\"a\\uFFFDb\\uFFFDc\\uFFFD\"");
    // Reversed halves are two lone surrogates, not a pair.
    assertThat(JsonString.quote("\ude00\ud83d")).isEqualTo("\"\ufffd\ufffd\"");
    assertThat(JsonWriter.utf8().value(lone).bytes())
        .isEqualTo("\"a\ufffdb\ufffdc\ufffd\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void namesAreEscapedAsValuesAre() {
    assertThat(JsonWriter.ascii().beginObject().field("caf\u00e9\n", "\"").endObject().text())
        .isEqualTo("{\"caf\\u00E9\\n\":\"\\\"\"}");
  }

  @Test
  void bytesAreTheTextInUtf8() {
    JsonWriter json = JsonWriter.utf8().beginObject().field("m", "caf\u00e9 \u20ac").endObject();
    assertThat(json.bytes()).isEqualTo(json.text().getBytes(StandardCharsets.UTF_8));
    assertThat(json.bytes()).hasSize(17);
  }
}
