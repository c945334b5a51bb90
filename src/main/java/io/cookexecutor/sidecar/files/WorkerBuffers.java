package io.cookexecutor.sidecar.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A request's buffers, taken from a small shared stock and given back after the answer, so they are reused
 * from request to request whatever thread serves it (a virtual thread lives for one exchange): the server's
 * garbage per request is then the JDK server's own, and an 8 MiB heap serves thousands of reads a second
 * without the collector dominating. Bounded: at most {@link #KEPT} sets wait in the stock, and
 * {@link #answer} shrinks back after an unusually large answer.
 */
final class WorkerBuffers {
  /** File reads go through this many bytes at a time (also the download chunk). */
  static final int IO_BYTES = 32 * 1024;
  /** JSON is produced through this many bytes at a time. */
  static final int ENCODE_BYTES = 8 * 1024;
  private static final int ANSWER_BYTES = 4096;
  private static final int ANSWER_KEPT_BYTES = 64 * 1024;
  /** Sets kept for reuse: more than the reads that run at once on this machine's cores. */
  private static final int KEPT = 8;
  private static final BlockingQueue<WorkerBuffers> STOCK = new ArrayBlockingQueue<>(KEPT);

  final byte[] io = new byte[IO_BYTES];
  final byte[] encode = new byte[ENCODE_BYTES];
  final Answer answer = new Answer();

  /** A set for one request, to {@link #release} after it; a new one when the stock is empty. */
  static WorkerBuffers take() {
    WorkerBuffers buffers = STOCK.poll();
    if (buffers == null) {
      return new WorkerBuffers();
    }
    buffers.answer.reset();
    return buffers;
  }

  /** Gives this set back (it must not be used after); dropped when the stock is full. */
  void release() {
    STOCK.offer(this);
  }

  /** A reusable in-memory answer body. */
  static final class Answer extends ByteArrayOutputStream {
    Answer() {
      super(ANSWER_BYTES);
    }

    @Override
    public synchronized void reset() {
      if (buf.length > ANSWER_KEPT_BYTES) {
        buf = new byte[ANSWER_BYTES];
      }
      super.reset();
    }

    /** In slices of at most {@link #ENCODE_BYTES}: the JDK server keeps a write buffer twice the largest write. */
    @Override
    public synchronized void writeTo(OutputStream out) throws IOException {
      for (int at = 0; at < count; at += ENCODE_BYTES) {
        out.write(buf, at, Math.min(ENCODE_BYTES, count - at));
      }
    }
  }
}
