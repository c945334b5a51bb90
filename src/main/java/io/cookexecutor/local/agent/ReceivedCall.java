package io.cookexecutor.local.agent;

import io.cookexecutor.agent.Encoding;
import java.time.Instant;
import java.util.Optional;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * One request to the executor endpoint as the agent saw and answered it.
 *
 * @param encoding the body's encoding, empty when Content-Type was missing or unsupported
 * @param call the decoded call, empty when the body did not decode
 * @param status the HTTP status the agent answered
 */
public record ReceivedCall(
    Instant at, String method, String path, Optional<Encoding> encoding, Optional<Call> call, int status) {

  /** Whether this request decoded into a call of {@code type}. */
  public boolean is(Call.Type type) {
    return call.map(c -> c.getType() == type).orElse(false);
  }

  @Override
  public String toString() {
    return method + " " + path + " " + call.map(c -> c.getType().name()).orElse("<undecoded>") + " -> " + status;
  }
}
