package io.cookexecutor.local.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The event stream that one SUBSCRIBE opened, for what is not an event: a chunk of any bytes, or an abrupt
 * end. The product does neither; the tests use it for malformed and broken streams. Its chunks take their
 * turn among the agent's writes.
 */
public final class StreamHandle {
  /**
   * How long a caller waits for its write to take its turn and go out. A write that takes longer is stuck
   * on an executor that does not read its stream; the caller hears "not sent".
   */
  static final long WRITE_WAIT_MILLIS = 10_000;

  private final AgentState state;
  private final EventWriter stream;

  StreamHandle(AgentState state, EventWriter stream) {
    this.state = state;
    this.stream = stream;
  }

  /**
   * Writes one chunk holding {@code payload}, whatever it is, after the events decided before it; false when
   * the stream is gone, the write failed or it did not go out within 10 s.
   */
  public boolean writeChunk(byte[] payload) {
    return await(state.sendRaw(stream, payload));
  }

  /** Closes the stream's connection at once, without the last chunk: the client sees a truncated body. */
  public void drop() {
    stream.drop();
  }

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
