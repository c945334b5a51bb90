package io.cookexecutor.local.agent;

import java.util.Optional;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * Asked about every request to the executor endpoint before the agent handles it, in arrival order, on the
 * thread that answers it; it may answer in the agent's place. An intercepted request is recorded with the
 * interceptor's answer and has no effect on the agent. The product sets none ({@link #NONE}); the tests use
 * this seam to be an agent that is busy, recovering or stuck. It must not block for long: the call's
 * connection waits for it.
 */
@FunctionalInterface
public interface CallInterceptor {
  /** Lets the agent answer everything itself. */
  CallInterceptor NONE = (path, call) -> Optional.empty();

  /**
   * The answer to give instead of the agent's, or empty to let the agent handle the request; {@code call}
   * is empty when the body did not decode into a call.
   */
  Optional<Answer> intercept(String path, Optional<Call> call);

  /** An answer in the agent's place: a status with a plain-text message, or none at all. */
  record Answer(int status, String message) {
    public Answer {
      if (status != 0 && (status < 100 || status > 599)) {
        throw new IllegalArgumentException("not an HTTP status: " + status);
      }
      message = message == null ? "" : message;
    }

    /** Never answered: the connection stays open and silent until the client closes it (recorded as 0). */
    public static Answer never() {
      return new Answer(0, "");
    }
  }
}
