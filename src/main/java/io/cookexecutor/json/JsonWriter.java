package io.cookexecutor.json;

import io.cookexecutor.text.Charsets;

/**
 * Writes one JSON value, compact (no spaces), in the order the caller writes it, e.g.
 * {@code JsonWriter.utf8().beginObject().field("a", 1).endObject().bytes()}. The caller nests correctly:
 * the writer only adds the commas, as it trusts its few callers in this code rather than checking them.
 * Strings are escaped by {@link JsonString}.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder(128);
  private final boolean ascii;

  private JsonWriter(boolean ascii) {
    this.ascii = ascii;
  }

  /** Non-ASCII characters as they are: the bytes are UTF-8. */
  public static JsonWriter utf8() {
    return new JsonWriter(false);
  }

  /** Every non-ASCII character escaped: the text is pure ASCII (the file server's answers, as Flask's). */
  public static JsonWriter ascii() {
    return new JsonWriter(true);
  }

  public JsonWriter beginObject() {
    separate();
    out.append('{');
    return this;
  }

  public JsonWriter endObject() {
    out.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    separate();
    out.append('[');
    return this;
  }

  public JsonWriter endArray() {
    out.append(']');
    return this;
  }

  /** The name of the object member whose value comes next. */
  public JsonWriter name(String name) {
    separate();
    JsonString.append(out, name, ascii);
    out.append(':');
    return this;
  }

  /** A string, or null. */
  public JsonWriter value(String s) {
    if (s == null) {
      return nullValue();
    }
    separate();
    JsonString.append(out, s, ascii);
    return this;
  }

  public JsonWriter value(long n) {
    separate();
    out.append(n);
    return this;
  }

  /** A number as Java writes a double ({@code 0.25}, {@code 1.0E-4}); NaN and the infinities, which JSON has no
   * spelling for, as null. */
  public JsonWriter value(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return nullValue();
    }
    separate();
    out.append(d);
    return this;
  }

  public JsonWriter value(boolean b) {
    separate();
    out.append(b);
    return this;
  }

  public JsonWriter nullValue() {
    separate();
    out.append("null");
    return this;
  }

  /** {@code json} as it is: the caller has checked that it is one JSON value (e.g. with {@link JsonReader}). */
  public JsonWriter rawValue(String json) {
    separate();
    out.append(json);
    return this;
  }

  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, double value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  /** The text written so far. */
  public String text() {
    return out.toString();
  }

  /** The text as UTF-8 (escaping leaves no surrogate, so every character encodes as itself). */
  public byte[] bytes() {
    return text().getBytes(Charsets.UTF_8);
  }

  /** A comma unless this is the first thing in the text, in its object or array, or a member's value. */
  private void separate() {
    int n = out.length();
    if (n > 0) {
      char last = out.charAt(n - 1);
      if (last != '{' && last != '[' && last != ':') {
        out.append(',');
      }
    }
  }
}
