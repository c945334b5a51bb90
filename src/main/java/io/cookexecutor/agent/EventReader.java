package io.cookexecutor.agent;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import org.apache.mesos.v1.executor.Protos.Event;

/** The open SUBSCRIBE response: RecordIO records of events, read one at a time on one thread. */
public final class EventReader implements Closeable {
  private final Socket socket;
  private final RecordIoReader records;
  private final Encoding encoding;
  private final Runnable onClose;

  EventReader(Socket socket, RecordIoReader records, Encoding encoding, Runnable onClose) {
    this.socket = socket;
    this.records = records;
    this.encoding = encoding;
    this.onClose = onClose;
  }

  /**
   * The next event, or null when the agent ended the stream cleanly.
   *
   * @throws IOException when the connection fails or a record is malformed or undecodable
   */
  public Event next() throws IOException {
    byte[] record = records.next();
    if (record == null) {
      return null;
    }
    try {
      return encoding.decode(record, Event.newBuilder()).build();
    } catch (IOException | RuntimeException e) {
      throw new IOException("undecodable " + encoding.name().toLowerCase() + " event of "
          + record.length + " bytes: " + e.getMessage(), e);
    }
  }

  /** Closes the connection; a thread blocked in {@link #next()} then fails promptly. */
  @Override
  public void close() {
    onClose.run();
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing to do about a socket that fails to close.
    }
  }
}
