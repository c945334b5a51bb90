package io.cookexecutor.sidecar.page;

import io.cookexecutor.text.Charsets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new PageResource(bytes, type, HexFormat.of().formatHex(digest, 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** This (UTF-8 text) file with the placeholder {@code name}, which it must hold, replaced by {@code value}. */
  PageResource with(String name, String value) {
    String text = new String(bytes, Charsets.UTF_8);
    if (!text.contains(name)) {
      throw new IllegalStateException("the sandbox page has no " + name);
    }
    return of(text.replace(name, value).getBytes(Charsets.UTF_8), type);
  }

  /** {@code "<version>"}: a strong ETag. */
  String etag() {
    return "\"" + version + "\"";
  }
}
