package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which bytes each variable of the task's environment gets: the executor's own, or UTF-8. */
class EnvironmentBytesTest {
  private static final Charset ASCII = StandardCharsets.US_ASCII;
  private static final Charset UTF8 = StandardCharsets.UTF_8;
  private static final byte[] NOT_UTF8 = {'a', (byte) 0xff, (byte) 0xfe, 'b'};

  private static byte[] entry(String name, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((name + "=").getBytes(ASCII));
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static Map<String, String> env(String... namesAndValues) {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  @Test
  void anInheritedValueKeepsItsBytesThoughTheJdkDecodedThemLossily() {
    byte[][] own = {entry("PATH", "/bin".getBytes(ASCII)), entry("RAW", NOT_UTF8)};
    String decoded = new String(NOT_UTF8, UTF8);
    assertThat(decoded).contains("\uFFFD");
    byte[][] encoded = EnvironmentBytes.encode(env("RAW", decoded, "PATH", "/bin"), own, UTF8);
    assertThat(encoded).isDeepEqualTo(new byte[][] {entry("RAW", NOT_UTF8), entry("PATH", "/bin".getBytes(ASCII))});
  }

  @Test
  void aValueTheTaskSetsIsUtf8EvenInAnAsciiLocale() {
    String text = "é😀";
    byte[][] own = {entry("SAME", text.getBytes(UTF8))};
    byte[][] encoded = EnvironmentBytes.encode(env("SAME", "changed é", "NEW", text), own, ASCII);
    assertThat(encoded).isDeepEqualTo(new byte[][] {("SAME=changed é").getBytes(UTF8), ("NEW=" + text).getBytes(UTF8)});
  }

  @Test
  void inTheCLocaleTheUtf8BytesTheExecutorWasGivenStayAsTheyWere() {
    // The JDK decodes them as ASCII (each byte above 127 a U+FFFD); UTF-8 of that would be other bytes.
    byte[] utf8 = "é".getBytes(UTF8);
    byte[][] own = {entry("NAME", utf8)};
    byte[][] encoded = EnvironmentBytes.encode(env("NAME", new String(utf8, ASCII)), own, ASCII);
    assertThat(encoded).isDeepEqualTo(new byte[][] {entry("NAME", utf8)});
  }

  @Test
  void eitherOfTheJdksDecodingsIdentifiesAnInheritedValue() {
    byte[] latin1 = {(byte) 0xe9};
    byte[][] own = {entry("X", latin1)};
    Map<String, String> env = env("X", new String(latin1, StandardCharsets.ISO_8859_1));
    assertThat(EnvironmentBytes.encode(env, own, UTF8, StandardCharsets.ISO_8859_1))
        .isDeepEqualTo(new byte[][] {entry("X", latin1)});
  }

  @Test
  void entriesWithoutAnEqualsSignAreIgnoredAndEveryVariableIsThereOnce() {
    byte[][] own = {"garbage".getBytes(ASCII), entry("A", "1".getBytes(ASCII)), entry("A", "2".getBytes(ASCII)),
        new byte[0]};
    byte[][] encoded = EnvironmentBytes.encode(env("A", "2", "B", ""), own, UTF8);
    assertThat(encoded).isDeepEqualTo(new byte[][] {"A=2".getBytes(ASCII), "B=".getBytes(ASCII)});
  }
}
