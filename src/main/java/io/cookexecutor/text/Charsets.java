package io.cookexecutor.text;

import java.nio.charset.Charset;

/**
 * The charsets the project encodes and decodes with, looked up by name. {@code StandardCharsets} would do
 * the same, but its initialisation also makes the six UTF-16 and UTF-32 charsets, classes every executor
 * start would load for nothing.
 */
public final class Charsets {
  public static final Charset UTF_8 = Charset.forName("UTF-8");
  public static final Charset US_ASCII = Charset.forName("US-ASCII");
  public static final Charset ISO_8859_1 = Charset.forName("ISO-8859-1");

  private Charsets() {}
}
