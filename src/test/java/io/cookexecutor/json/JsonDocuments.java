package io.cookexecutor.json;

import java.util.Random;

/** Generated JSON texts: every kind of value, string character and escape, whitespace and nesting. */
final class JsonDocuments {
  /** Code point classes: controls, ASCII, DEL, C1, 2-, 3- and 4-byte UTF-8, specials, lone surrogates. */
  private static final int[][] CLASSES = {
      {0x00, 0x1F}, {0x20, 0x7E}, {0x20, 0x7E}, {0x7F, 0x7F}, {0x80, 0x9F}, {0xA0, 0x7FF}, {0x800, 0xD7FF},
      {0xE000, 0xFFFF}, {0x10000, 0x10FFFF}, {'"', '"'}, {'\\', '\\'}, {'/', '/'}, {0x2028, 0x2029},
      {0xFEFF, 0xFEFF}, {0xFFFE, 0xFFFF}, {0xD800, 0xDBFF}, {0xDC00, 0xDFFF},
  };
  private final Random r;

  JsonDocuments(Random r) {
    this.r = r;
  }

  String document() {
    int shape = r.nextInt(10);
    if (shape == 0) {
      int depth = 58 + r.nextInt(10); // around the limit of 64
      boolean objects = r.nextBoolean();
      return (objects ? "{\"k\":" : "[").repeat(depth) + value(0) + (objects ? "}" : "]").repeat(depth);
    }
    return ws() + value(shape < 3 ? 5 : 2) + ws();
  }

  String value(int depth) {
    switch (r.nextInt(depth > 0 ? 9 : 7)) {
      case 0, 1: return string();
      case 2: return number();
      case 3: return "true";
      case 4: return "false";
      case 5: return "null";
      case 6: return r.nextBoolean() ? "[]" : "{" + ws() + "}";
      case 7: {
        StringBuilder a = new StringBuilder("[").append(ws());
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.append(i == 0 ? "" : "," + ws()).append(value(depth - 1)).append(ws());
        }
        return a.append(']').toString();
      }
      default: {
        StringBuilder o = new StringBuilder("{").append(ws());
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          o.append(i == 0 ? "" : "," + ws()).append(string()).append(ws()).append(':').append(ws())
              .append(value(depth - 1)).append(ws());
        }
        return o.append('}').toString();
      }
    }
  }

  String ws() {
    StringBuilder w = new StringBuilder();
    while (r.nextInt(3) == 0) {
      w.append(" \t\n\r".charAt(r.nextInt(4)));
    }
    return w.toString();
  }

  /** A JSON string of {@link #anyString}: each char raw where JSON allows it, or escaped in any spelling. */
  String string() {
    String s = anyString();
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      boolean mustEscape = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c) && !pair;
      if (!mustEscape && r.nextInt(4) > 0) {
        out.append(c);
        if (pair) {
          out.append(s.charAt(++i)); // a pair is written raw whole, or escaped whole
        }
      } else if ("\"\\/\b\f\n\r\t".indexOf(c) >= 0 && r.nextBoolean()) {
        out.append('\\').append("\"\\/bfnrt".charAt("\"\\/\b\f\n\r\t".indexOf(c)));
      } else {
        out.append(unicodeEscape(c));
        if (pair) {
          out.append(unicodeEscape(s.charAt(++i)));
        }
      }
    }
    return out.append('"').toString();
  }

  private String unicodeEscape(char c) {
    String hex = String.format("%04x", (int) c);
    return "\\u" + (r.nextBoolean() ? hex : hex.toUpperCase());
  }

  /** Any Java string: lone surrogates included. */
  String anyString() {
    int length = r.nextInt(8) == 0 ? r.nextInt(300) : r.nextInt(12);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int[] range = CLASSES[r.nextInt(CLASSES.length)];
      int cp = range[0] + r.nextInt(range[1] - range[0] + 1);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        s.append((char) cp);
      } else {
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  String number() {
    StringBuilder n = new StringBuilder(r.nextBoolean() ? "-" : "");
    n.append(r.nextInt(4) == 0 ? "0" : String.valueOf(1 + r.nextInt(9)) + digits());
    if (r.nextBoolean()) {
      n.append('.').append(r.nextInt(10)).append(digits());
    }
    if (r.nextBoolean()) {
      n.append("eE".charAt(r.nextInt(2))).append(new String[] {"", "+", "-"}[r.nextInt(3)]).append(r.nextInt(10))
          .append(digits());
    }
    return n.toString();
  }

  private String digits() {
    int length = r.nextInt(20) == 0 ? 990 + r.nextInt(30) : r.nextInt(25); // and past Jackson's 1,000 digits
    StringBuilder d = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      d.append((char) ('0' + r.nextInt(10)));
    }
    return d.toString();
  }

  double finiteDouble() {
    switch (r.nextInt(5)) {
      case 0: return r.nextInt(1000) - 500;
      case 1: return r.nextDouble();
      case 2: return Double.longBitsToDouble(r.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (r.nextBoolean() ? 1 : -1);
      case 3: return new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-4, 1e7}[r.nextInt(6)];
      default: return (r.nextInt(2_000_000) - 1_000_000) / 1000.0;
    }
  }
}
