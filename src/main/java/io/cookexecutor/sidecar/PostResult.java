package io.cookexecutor.sidecar;

import java.net.URI;

/**
 * What one progress POST got: an HTTP status (with the Location of a redirect), or no answer at all.
 *
 * @param status the HTTP status, or 0 when the POST failed or timed out
 * @param location the absolute Location of a 307, else null
 * @param problem why there was no answer (for the log), else null
 */
public record PostResult(int status, URI location, String problem) {
  /** An answer with {@code status}. */
  public static PostResult answered(int status) {
    return new PostResult(status, null, null);
  }

  /** A 307 to {@code location}. */
  public static PostResult redirected(URI location) {
    return new PostResult(307, location, null);
  }

  /** No answer: refused, reset, timed out. */
  public static PostResult failed(String problem) {
    return new PostResult(0, null, problem);
  }

  /** Any 2xx: the scheduler took the update. */
  public boolean accepted() {
    return status >= 200 && status <= 299;
  }

  /** A 307 with a usable Location. */
  public boolean redirect() {
    return status == 307 && location != null;
  }

  /** For the log. */
  public String describe() {
    return status == 0 ? problem : location != null ? "307 to " + location : "HTTP " + status;
  }
}
