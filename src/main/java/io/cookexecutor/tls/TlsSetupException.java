package io.cookexecutor.tls;

/** TLS to the agent cannot be set up as configured; the message names the file and the problem. */
public final class TlsSetupException extends Exception {
  private static final long serialVersionUID = 1L;

  TlsSetupException(String message) {
    super(message);
  }

  TlsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
