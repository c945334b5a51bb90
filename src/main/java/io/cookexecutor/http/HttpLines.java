package io.cookexecutor.http;

import java.io.IOException;
import java.io.InputStream;
import io.cookexecutor.text.Charsets;

/**
 * Reads CRLF- (or LF-) terminated ASCII lines of HTTP heads, with a length bound: the one line reader of
 * the executor's client and the embedded agent's server.
 */
public final class HttpLines {
  private HttpLines() {}

  /**
   * The next line without its terminator, or null at end of stream before any byte.
   *
   * @throws MalformedHttpException.LineTooLong past {@code maxLength} bytes
   * @throws MalformedHttpException when the stream ends inside the line
   */
  public static String readLine(InputStream in, int maxLength) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (sb.length() == 0) {
          return null;
        }
        throw new MalformedHttpException("connection closed inside a line of the head");
      }
      if (b == '\n') {
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') {
          sb.setLength(end - 1);
        }
        return sb.toString();
      }
      if (sb.length() > maxLength) {
        throw new MalformedHttpException.LineTooLong(maxLength);
      }
      sb.append((char) b);
    }
  }

  public static byte[] ascii(String s) {
    return s.getBytes(Charsets.ISO_8859_1);
  }
}
