package io.cookexecutor.json;

/** Input that is not one valid UTF-8 JSON text; the message says what was wrong and at which byte. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  JsonException(String message) {
    // No stack trace: the reader's callers only ever want the message, and hostile input should be cheap.
    super(message, null, false, false);
  }
}
