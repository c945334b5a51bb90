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

  EventReader(Socket socket, RecordIoReader records, Encoding encoding) {
    this.socket = socket;
    this.records = records;
    this.encoding = encoding;
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
      // buildPartial: build() checks required fields down to the map fields of FrameworkInfo and TaskInfo,
      // whose default entries build the whole mesos.proto descriptor (~150 classes, a MB of heap). A
      // missing required field reads as its default, which the executor treats like any bad value.
      return encoding.decode(record, Event.newBuilder()).buildPartial();
    } catch (IOException | RuntimeException | NoClassDefFoundError e) {
      // NoClassDefFoundError: JSON events to the single file's protobuf executor, whose class path has no
      // JSON jars (the agent answered in an encoding it was not asked for).
      throw new IOException("undecodable " + encoding.name().toLowerCase() + " event of "
          + record.length + " bytes: " + e.getMessage(), e);
    }
  }

  /** Closes the connection; a thread blocked in {@link #next()} then fails promptly. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing to do about a socket that fails to close.
    }
  }
}
