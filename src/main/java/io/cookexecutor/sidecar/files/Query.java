package io.cookexecutor.sidecar.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import io.cookexecutor.text.Charsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's query string as a form decodes it ({@code +} is a space, {@code %XX} a byte, the bytes UTF-8),
 * keeping the first value of each name as Flask's {@code request.args.get} does. Strict where the original
 * guesses: bad percent-encoding or bytes that are not UTF-8 are refused, never replaced.
 */
final class Query {
  /** Longest raw query accepted; a sandbox path is at most 4096 bytes, 9 times that when fully encoded. */
  static final int MAX_RAW_LENGTH = 40 * 1024;

  private static final Query EMPTY = new Query(Map.of());
  private final Map<String, String> first;

  private Query(Map<String, String> first) {
    this.first = first;
  }

  /** Parses a raw (still percent-encoded) query; {@code null} is an empty query. */
  static Query parse(String raw) throws BadRequest {
    if (raw == null || raw.isEmpty()) {
      return EMPTY;
    }
    if (raw.length() > MAX_RAW_LENGTH) {
      throw new BadRequest(414, "Query string too long: more than " + MAX_RAW_LENGTH + " characters.\n");
    }
    Map<String, String> values = new HashMap<>();
    int start = 0;
    while (start <= raw.length()) {
      int end = raw.indexOf('&', start);
      if (end < 0) {
        end = raw.length();
      }
      if (end > start) {
        int eq = raw.indexOf('=', start);
        boolean valued = eq >= 0 && eq < end;
        values.putIfAbsent(decode(raw, start, valued ? eq : end), valued ? decode(raw, eq + 1, end) : "");
      }
      start = end + 1;
    }
    return new Query(values);
  }

  /** The first value of {@code name}, or {@code null} when absent. */
  String get(String name) {
    return first.get(name);
  }

  /**
   * {@code raw[from, to)} decoded. The JDK hands over a raw query with non-ASCII characters as they came
   * (already decoded): those stay as they are, and each run between them is decoded on its own.
   */
  static String decode(String raw, int from, int to) throws BadRequest {
    StringBuilder out = new StringBuilder(to - from);
    byte[] bytes = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < to ? hex(raw.charAt(i + 1)) : -1;
        int lo = i + 2 < to ? hex(raw.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
          throw new BadRequest(400, "Malformed query string: '%' must be followed by two hexadecimal digits.\n");
        }
        bytes[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes[n++] = (byte) (c == '+' ? ' ' : c);
      } else {
        appendUtf8(bytes, n, out);
        n = 0;
        out.append(c);
      }
    }
    appendUtf8(bytes, n, out);
    return out.toString();
  }

  /** The first {@code n} bytes as strict UTF-8; a decoder only from the first non-ASCII byte (most are ASCII). */
  private static void appendUtf8(byte[] bytes, int n, StringBuilder out) throws BadRequest {
    int ascii = 0;
    while (ascii < n && bytes[ascii] >= 0) {
      out.append((char) bytes[ascii++]);
    }
    if (ascii == n) {
      return;
    }
    try {
      out.append(Charsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, ascii, n - ascii)));
    } catch (CharacterCodingException e) {
      throw new BadRequest(400, "Malformed query string: percent-encoded bytes that are not UTF-8.\n");
    }
  }

  /** An ASCII hexadecimal digit's value, else -1 (Character.digit would take other scripts' digits). */
  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
