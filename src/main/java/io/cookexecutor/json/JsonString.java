package io.cookexecutor.json;

/**
 * The one JSON string escaper (RFC 8259, section 7). Its output, encoded as UTF-8, is always valid UTF-8
 * and valid JSON, and byte for byte what Jackson's UTF-8 generator wrote before it (the scheduler's
 * framework messages did not change):
 * <ul>
 *   <li>{@code "} and {@code \} are escaped; so is every control character below U+0020, as
 *       {@code \b \t \n \f \r} or as backslash-u and four upper-case hex digits;</li>
 *   <li>U+007F (DEL) is left as it is: JSON does not require its escape, and Jackson, Python's
 *       {@code json} and Flask leave it too;</li>
 *   <li>a character above U+FFFF is written as its two surrogates, each escaped (U+1F600 as backslash-u D83D, backslash-u DE00);</li>
 *   <li>a lone surrogate, which no UTF-8 can encode, becomes U+FFFD, the replacement character (Jackson
 *       wrote it as an escape such as backslash-u D800, which a strict reader such as the Mesos agent's refuses);</li>
 *   <li>in ASCII mode every other character from U+0080 up is escaped too.</li>
 * </ul>
 */
public final class JsonString {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonString() {}

  /** {@code s} as a JSON string, in double quotes. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    append(out, s, false);
    return out.toString();
  }

  /** Appends {@code s} as a JSON string, in double quotes; {@code ascii}: every non-ASCII character escaped. */
  static void append(StringBuilder out, String s, boolean ascii) {
    out.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || !ascii && !Character.isSurrogate(c))) {
        out.append(c);
      } else if (c < 0x80) {
        escapeAscii(out, c);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        unicode(out, c);
        unicode(out, s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        if (ascii) {
          unicode(out, '\uFFFD');
        } else {
          out.append('\uFFFD');
        }
      } else {
        unicode(out, c);
      }
    }
    out.append('"');
  }

  private static void escapeAscii(StringBuilder out, char c) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\b' -> out.append("\\b");
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\f' -> out.append("\\f");
      case '\r' -> out.append("\\r");
      default -> unicode(out, c);
    }
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
  }
}
