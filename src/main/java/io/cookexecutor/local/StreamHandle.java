package io.cookexecutor.local;

/**
 * The event stream that one SUBSCRIBE opened, for what is not an event: a chunk of any bytes, or an abrupt
 * end. The product does neither; the tests use it for malformed and broken streams.
 */
public interface StreamHandle {
  /**
   * Writes one chunk holding {@code payload}, whatever it is, after the events decided before it; false when
   * the stream is gone or the write failed.
   */
  boolean writeChunk(byte[] payload);

  /** Closes the stream's connection at once, without the last chunk: the client sees a truncated body. */
  void drop();

  boolean isOpen();
}
