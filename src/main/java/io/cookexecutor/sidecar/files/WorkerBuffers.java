package io.cookexecutor.sidecar.files;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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
  private static final int ANSWER_KEPT_BYTES = 64 * 1024;
  /** Sets kept for reuse: more than the reads that run at once on this machine's cores. */
  static final int KEPT = 8;
  private static final ConcurrentLinkedQueue<WorkerBuffers> STOCK = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger STOCKED = new AtomicInteger();

  final byte[] io = new byte[IO_BYTES];
  final byte[] encode = new byte[ENCODE_BYTES];
  final Answer answer = new Answer();

  /** A set for one request, to {@link #release} after it; a new one when the stock is empty. */
  static WorkerBuffers take() {
    WorkerBuffers buffers = STOCK.poll();
    if (buffers == null) {
      return new WorkerBuffers();
    }
    STOCKED.decrementAndGet();
    buffers.answer.reset();
    return buffers;
  }

  /** Gives this set back (it must not be used after); dropped when the stock is full. */
  void release() {
    if (STOCKED.incrementAndGet() <= KEPT) {
      STOCK.offer(this);
    } else {
      STOCKED.decrementAndGet();
    }
  }

  /** A reusable in-memory answer body. */
  static final class Answer extends OutputStream {
    private byte[] bytes = new byte[4096];
    private int size;

    void reset() {
      if (bytes.length > ANSWER_KEPT_BYTES) {
        bytes = new byte[4096];
      }
      size = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    int size() {
      return size;
    }

    /** In slices of at most {@link #ENCODE_BYTES}: the JDK server keeps a write buffer twice the largest write. */
    void writeTo(OutputStream out) throws java.io.IOException {
      for (int at = 0; at < size; at += ENCODE_BYTES) {
        out.write(bytes, at, Math.min(ENCODE_BYTES, size - at));
      }
    }
  }
}
