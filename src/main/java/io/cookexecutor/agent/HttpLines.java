package io.cookexecutor.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF- (or LF-) terminated ASCII lines of HTTP heads, with a length bound. */
final class HttpLines {
  private HttpLines() {}

  /** The next line without its terminator, or null at end of stream before any byte. */
  static String readLine(InputStream in, int maxLength) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (sb.length() == 0) {
          return null;
        }
        throw new IOException("connection closed inside a header line");
      }
      if (b == '\n') {
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') {
          sb.setLength(end - 1);
        }
        return sb.toString();
      }
      if (sb.length() > maxLength) {
        throw new IOException("header line longer than " + maxLength + " bytes");
      }
      sb.append((char) b);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
