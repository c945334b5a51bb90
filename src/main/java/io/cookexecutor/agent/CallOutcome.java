package io.cookexecutor.agent;

/**
 * How one call to the agent ended. Only an answer tells whether the agent took the call: after a failure
 * or a timeout it may or may not have, which is why only those are ever the reason for a duplicate.
 *
 * @param kind what happened
 * @param status the HTTP status when the agent answered, else 0
 * @param detail a short description for the log
 */
public record CallOutcome(Kind kind, int status, String detail) {
  /** The four ways a call ends. */
  public enum Kind {
    /** 202: the agent took the call. */
    ACCEPTED,
    /** Any other answer: the agent did not take the call. */
    REFUSED,
    /** No answer: connection refused, reset or closed before the answer. */
    FAILED,
    /** No answer within the call's deadline; the connection was closed. */
    TIMED_OUT
  }

  public static CallOutcome accepted() {
    return new CallOutcome(Kind.ACCEPTED, 202, "202 Accepted");
  }

  public static CallOutcome refused(int status, String detail) {
    return new CallOutcome(Kind.REFUSED, status, detail);
  }

  public static CallOutcome failed(String detail) {
    return new CallOutcome(Kind.FAILED, 0, detail);
  }

  public static CallOutcome timedOut(String detail) {
    return new CallOutcome(Kind.TIMED_OUT, 0, detail);
  }

  public boolean isAccepted() {
    return kind == Kind.ACCEPTED;
  }

  /** A refusal that asking again cannot change (4xx: bad ids, token, or call). */
  public boolean isPermanentRefusal() {
    return kind == Kind.REFUSED && status >= 400 && status < 500 && status != 408 && status != 429;
  }

  @Override
  public String toString() {
    return detail;
  }
}
