package io.cookexecutor.sidecar.files;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Each worker thread's buffers, reused from request to request: the server's garbage per request is then
 * the JDK server's own, and an 8 MiB heap serves thousands of reads a second without the collector
 * dominating. Bounded: {@link #answer} shrinks back after an unusually large answer.
 */
final class WorkerBuffers {
  /** File reads go through this many bytes at a time (also the download chunk). */
  static final int IO_BYTES = 32 * 1024;
  /** JSON is produced through this many bytes at a time. */
  static final int ENCODE_BYTES = 8 * 1024;
  private static final int ANSWER_KEPT_BYTES = 64 * 1024;
  private static final ThreadLocal<WorkerBuffers> MINE = ThreadLocal.withInitial(WorkerBuffers::new);

  final byte[] io = new byte[IO_BYTES];
  final byte[] encode = new byte[ENCODE_BYTES];
  final Answer answer = new Answer();

  static WorkerBuffers mine() {
    WorkerBuffers buffers = MINE.get();
    buffers.answer.reset();
    return buffers;
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

    void writeTo(OutputStream out) throws java.io.IOException {
      out.write(bytes, 0, size);
    }
  }
}
