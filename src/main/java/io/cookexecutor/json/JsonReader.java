package io.cookexecutor.json;

import io.cookexecutor.text.Charsets;

/**
 * A strict pull reader of one UTF-8 JSON text (RFC 8259), token by token, as Jackson's parser was used
 * here: {@link #next} validates as it goes, {@link #text} decodes only what the caller asks for, and
 * {@link #skipChildren} passes over a value without building it. What it refuses, with a
 * {@link JsonException} and never anything else:
 * <ul>
 *   <li>anything but one value and whitespace (space, tab, CR, LF); a leading UTF-8 byte order mark is
 *       skipped, as Jackson skips it (RFC 8259 allows either);</li>
 *   <li>bytes that are not UTF-8: overlong forms, encoded surrogates and code points above U+10FFFF
 *       included, which Jackson let through;</li>
 *   <li>control characters in strings, unknown escapes, numbers outside the grammar (leading zeros,
 *       {@code +1}, {@code .5}, {@code 1.}), and the non-standard {@code NaN}, comments and quotes;</li>
 *   <li>nesting deeper than 64 arrays and objects (Jackson's limit for the task data).</li>
 * </ul>
 * It loops and never recurses, so no input can exhaust the stack, and every step consumes input, so it
 * ends. A backslash-u escape of a lone surrogate is read as that char, as Jackson reads it.
 * Numbers are not converted: their text is for the caller. Duplicate names are all returned, in order.
 */
public final class JsonReader {
  /** What {@link #next} found. */
  public enum Token {
    BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, NUMBER, TRUE, FALSE, NULL,
    /** No more: the value is complete and only whitespace follows (or the input has no value at all). */
    END
  }

  /** The deepest nesting read. */
  private static final int MAX_DEPTH = 64;

  private final byte[] in;
  private int pos;
  private int depth;
  /** Bit {@code d - 1} set: the container at depth {@code d} is an object (64 levels fit). */
  private long objects;
  /** The current container (or the top level) already holds a value, so a comma (or the end) comes next. */
  private boolean holdsValue;
  /** A name was read: its colon and value come next. */
  private boolean afterName;
  private Token token;
  /** The current token's text: a number's characters, or a string's between its quotes. */
  private int start;
  private int stop;
  private boolean escaped;

  /** Reads {@code in}, which it does not copy: the caller leaves it unchanged while reading. */
  public JsonReader(byte[] in) {
    this.in = in;
    if (in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB && in[2] == (byte) 0xBF) {
      pos = 3;
    }
  }

  /** Moves to the next token. */
  public Token next() throws JsonException {
    skipWhitespace();
    if (afterName) {
      expect(':');
      skipWhitespace();
      afterName = false;
      return value();
    }
    if (depth == 0) {
      if (holdsValue && pos < in.length) {
        throw error("more after the JSON value", pos);
      }
      return pos == in.length ? (token = Token.END) : value();
    }
    boolean inObject = (objects & 1L << depth - 1) != 0;
    if (at(pos) == (inObject ? '}' : ']')) {
      pos++;
      depth--;
      holdsValue = true;
      return token = inObject ? Token.END_OBJECT : Token.END_ARRAY;
    }
    if (holdsValue) {
      expect(',');
      skipWhitespace();
    }
    if (!inObject) {
      return value();
    }
    if (at(pos) != '"') {
      throw unexpected("a name in double quotes");
    }
    scanString();
    afterName = true;
    return token = Token.NAME;
  }

  /** After a BEGIN token, moves to its END token; after any other, stays. */
  public void skipChildren() throws JsonException {
    if (token != Token.BEGIN_OBJECT && token != Token.BEGIN_ARRAY) {
      return;
    }
    int outside = depth - 1;
    while (depth > outside) {
      next();
    }
  }

  /** Checks that nothing but whitespace follows the value just read. */
  public void finish() throws JsonException {
    if (depth != 0 || afterName || next() != Token.END) {
      throw error("the JSON value is not complete", pos);
    }
  }

  /** The current name or string, decoded; a number's text; null for other tokens. */
  public String text() {
    if (token == Token.NUMBER) {
      return new String(in, start, stop - start, Charsets.US_ASCII);
    }
    if (token != Token.NAME && token != Token.STRING) {
      return null;
    }
    return escaped ? unescape() : new String(in, start, stop - start, Charsets.UTF_8);
  }

  private Token value() throws JsonException {
    int c = at(pos);
    if (c == '{' || c == '[') {
      if (depth == MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH, pos);
      }
      pos++;
      objects = c == '{' ? objects | 1L << depth : objects & ~(1L << depth);
      depth++;
      holdsValue = false;
      return token = c == '{' ? Token.BEGIN_OBJECT : Token.BEGIN_ARRAY;
    }
    holdsValue = true;
    if (c == '"') {
      scanString();
      return token = Token.STRING;
    }
    if (c == '-' || c >= '0' && c <= '9') {
      scanNumber();
      return token = Token.NUMBER;
    }
    if (literal("true")) {
      return token = Token.TRUE;
    }
    if (literal("false")) {
      return token = Token.FALSE;
    }
    if (literal("null")) {
      return token = Token.NULL;
    }
    throw unexpected("a value");
  }

  private boolean literal(String word) {
    for (int k = 0; k < word.length(); k++) {
      if (at(pos + k) != word.charAt(k)) {
        return false;
      }
    }
    pos += word.length();
    return true;
  }

  /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}; what follows is checked by the caller. */
  private void scanNumber() throws JsonException {
    start = pos;
    if (at(pos) == '-') {
      pos++;
    }
    if (at(pos) == '0') {
      pos++;
    } else {
      digits();
    }
    if (at(pos) == '.') {
      pos++;
      digits();
    }
    if (at(pos) == 'e' || at(pos) == 'E') {
      pos++;
      if (at(pos) == '+' || at(pos) == '-') {
        pos++;
      }
      digits();
    }
    stop = pos;
  }

  private void digits() throws JsonException {
    if (!isDigit(at(pos))) {
      throw unexpected("a digit");
    }
    while (isDigit(at(pos))) {
      pos++;
    }
  }

  /** Validates a string from its opening quote and passes its closing one; decoding waits for {@link #text}. */
  private void scanString() throws JsonException {
    start = ++pos;
    escaped = false;
    while (true) {
      int c = at(pos);
      if (c == '"') {
        stop = pos++;
        return;
      } else if (c == '\\') {
        escaped = true;
        scanEscape();
      } else if (c >= 0x80) {
        int next = Utf8.end(in, pos);
        if (next < 0) {
          throw error("not UTF-8", pos);
        }
        pos = next;
      } else if (c >= 0x20) {
        pos++;
      } else {
        throw c < 0 ? error("a string without its closing quote", start - 1)
            : error("control character " + c + " unescaped in a string", pos);
      }
    }
  }

  private void scanEscape() throws JsonException {
    int e = at(pos + 1);
    if (e == 'u') {
      for (int k = 2; k < 6; k++) {
        if (hex(at(pos + k)) < 0) {
          throw error("a \\u escape without four hex digits", pos);
        }
      }
      pos += 6;
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      pos += 2;
    } else {
      throw error("an unknown escape", pos);
    }
  }

  /** Decodes the current string, which {@link #scanString} validated: UTF-8 runs between its escapes. */
  private String unescape() {
    StringBuilder out = new StringBuilder(stop - start);
    int run = start;
    int p = start;
    while (p < stop) {
      if (in[p] != '\\') {
        p++; // a byte of a multi-byte character is never a backslash
        continue;
      }
      out.append(new String(in, run, p - run, Charsets.UTF_8));
      int e = in[p + 1];
      if (e == 'u') {
        out.append((char) (hex(in[p + 2]) << 12 | hex(in[p + 3]) << 8 | hex(in[p + 4]) << 4 | hex(in[p + 5])));
        p += 6;
      } else {
        out.append(e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : (char) e);
        p += 2;
      }
      run = p;
    }
    return out.append(new String(in, run, p - run, Charsets.UTF_8)).toString();
  }

  private void skipWhitespace() {
    while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
      pos++;
    }
  }

  private void expect(char c) throws JsonException {
    if (at(pos) != c) {
      throw unexpected("'" + c + "'");
    }
    pos++;
  }

  /** The byte at {@code p} as 0-255, or -1 past the end. */
  private int at(int p) {
    return p < in.length ? in[p] & 0xFF : -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static int hex(int c) {
    return isDigit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private JsonException unexpected(String wanted) {
    int c = at(pos);
    String found = c < 0 ? "the end" : c > 0x20 && c < 0x7F ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
    return error("expected " + wanted + " but found " + found, pos);
  }

  private static JsonException error(String what, int offset) {
    return new JsonException(what + " at byte " + offset);
  }
}
