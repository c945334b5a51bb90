package io.cookexecutor.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads RecordIO records from a byte stream, independently of how the bytes were chunked: a record may be
 * split across reads and one read may hold several records.
 */
public final class RecordIoReader {
  /** The longest length header accepted; a longer one is garbage, not a size. */
  private static final int MAX_HEADER_DIGITS = 19;

  private final InputStream in;
  private final int maxRecordBytes;

  /** Reads from {@code in}, refusing records longer than {@code maxRecordBytes}. */
  public RecordIoReader(InputStream in, int maxRecordBytes) {
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * The next record, or {@code null} at a clean end of stream (between records).
   *
   * @throws RecordIoException for a malformed length or a stream that ends inside a record
   */
  public byte[] next() throws IOException {
    long length = 0;
    int digits = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (digits == 0) {
          return null;
        }
        throw new RecordIoException("stream ended inside a record length");
      }
      if (b == '\n') {
        break;
      }
      if (b < '0' || b > '9') {
        throw new RecordIoException("record length has a non-digit byte 0x" + Integer.toHexString(b));
      }
      if (++digits > MAX_HEADER_DIGITS) {
        throw new RecordIoException("record length has more than " + MAX_HEADER_DIGITS + " digits");
      }
      length = length * 10 + (b - '0');
    }
    if (digits == 0 || length == 0) {
      throw new RecordIoException("record length is " + (digits == 0 ? "empty" : "zero"));
    }
    if (length > maxRecordBytes) {
      throw new RecordIoException(
          "record length " + length + " exceeds the limit of " + maxRecordBytes + " bytes");
    }
    byte[] record = new byte[(int) length];
    int off = 0;
    while (off < record.length) {
      int n = in.read(record, off, record.length - off);
      if (n < 0) {
        throw new RecordIoException(
            "stream ended inside a record (" + off + " of " + length + " bytes)", new EOFException());
      }
      off += n;
    }
    return record;
  }

  /** A stream that is not valid RecordIO. */
  public static final class RecordIoException extends IOException {
    public RecordIoException(String message) {
      super(message);
    }

    public RecordIoException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
