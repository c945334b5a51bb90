package io.cookexecutor.local.agent;

import io.cookexecutor.text.Charsets;

/** Frames records as RecordIO, as the agent writes its event stream: the decimal byte length, a newline, then the bytes. */
public final class RecordIoWriter {
  private RecordIoWriter() {}

  /** One framed record. */
  public static byte[] frame(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(Charsets.US_ASCII);
    byte[] out = new byte[header.length + record.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(record, 0, out, header.length, record.length);
    return out;
  }
}
