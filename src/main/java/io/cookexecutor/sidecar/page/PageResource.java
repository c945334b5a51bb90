package io.cookexecutor.sidecar.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.cookexecutor.text.Charsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One static file of the page, read from the jar: its bytes, type and version (a digest of the bytes, used
 * as the ETag and in the page's links, so a new build is never served from a stale cache).
 *
 * @param bytes the exact bytes served
 * @param type the Content-Type
 * @param version 16 hex digits of the bytes' SHA-256
 */
record PageResource(byte[] bytes, String type, String version) {
  /** The resource {@code name} beside this class, as {@code type}. */
  static PageResource load(String name, String type) {
    try (InputStream in = PageResource.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the sandbox page's " + name + " is missing from the jar");
      }
      return of(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PageResource of(byte[] bytes, String type) {
    return new PageResource(bytes, type, version(bytes));
  }

  /** {@code "<version>"}: a strong ETag. */
  String etag() {
    return "\"" + version + "\"";
  }

  private static String version(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** {@code text} with the placeholder {@code name} replaced by {@code value} (ASCII only). */
  static String fill(String text, String name, String value) {
    if (!text.contains(name)) {
      throw new IllegalStateException("the sandbox page has no " + name);
    }
    return text.replace(name, value);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, Charsets.UTF_8);
  }
}
