package io.cookexecutor.agent;

import java.io.IOException;

/** The agent answered a call with an HTTP status other than the one that means success. */
public final class AgentHttpException extends IOException {
  private final int status;

  AgentHttpException(int status, String reason, String body) {
    super("agent answered " + status + " " + reason + (body.isBlank() ? "" : ": " + body.strip()));
    this.status = status;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }
}
