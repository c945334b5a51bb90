package io.cookexecutor.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link StreamHandle} on one of the agent's streams: its chunks take their turn among the agent's writes. */
final class AgentStreamHandle implements StreamHandle {
  /**
   * How long a caller waits for its write to take its turn and go out. A write that takes longer is stuck
   * on an executor that does not read its stream; the caller hears "not sent".
   */
  static final long WRITE_WAIT_MILLIS = 10_000;

  private final AgentState state;
  private final EventWriter stream;

  AgentStreamHandle(AgentState state, EventWriter stream) {
    this.state = state;
    this.stream = stream;
  }

  @Override
  public boolean writeChunk(byte[] payload) {
    return await(state.sendRaw(stream, payload));
  }

  @Override
  public void drop() {
    stream.drop();
  }

  @Override
  public boolean isOpen() {
    return stream.isOpen();
  }

  /** Whether {@code written} completed true within {@link #WRITE_WAIT_MILLIS}. */
  static boolean await(CompletableFuture<Boolean> written) {
    try {
      return written.get(WRITE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
