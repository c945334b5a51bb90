package io.cookexecutor.http;

import java.io.IOException;

/**
 * The bytes on a connection are not the HTTP/1.1 they should be: a line over its bound, a bad chunk size,
 * a chunk without its CRLF, or the connection closed inside a head or a chunk. Not a failure of the
 * connection itself: a server answers 4xx, a client gives the call up as unanswered.
 */
public class MalformedHttpException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedHttpException(String message) {
    super(message);
  }

  /** A head's line (request line, status line, header, chunk size) longer than its bound. */
  public static final class LineTooLong extends MalformedHttpException {
    private static final long serialVersionUID = 1L;

    public LineTooLong(int bound) {
      super("line longer than " + bound + " bytes");
    }
  }
}
