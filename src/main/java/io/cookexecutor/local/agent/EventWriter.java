package io.cookexecutor.local.agent;

import io.cookexecutor.http.HttpResponses;
import io.cookexecutor.agent.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.function.Supplier;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The chunked RecordIO response of one SUBSCRIBE: events go out in order, one write per batch. Written only
 * on the agent's write thread (see {@link AgentState}); {@link #drop} and {@link #isOpen} from any thread.
 */
final class EventWriter {
  private final Socket socket;
  private final OutputStream out;
  private final Encoding encoding;
  private final Supplier<RecordChunking> chunking;
  private volatile boolean open = true;

  EventWriter(Socket socket, OutputStream out, Encoding encoding, Supplier<RecordChunking> chunking) {
    this.socket = socket;
    this.out = out;
    this.encoding = encoding;
    this.chunking = chunking;
  }

  boolean isOpen() {
    return open && !socket.isClosed();
  }

  /** Writes the 200 head; the body stays open. False when the connection is already gone. */
  boolean start() {
    return write(HttpResponses.chunkedHead(200, encoding.mediaType()));
  }

  /** Writes the events as RecordIO records, cut into chunks by the current {@link RecordChunking}. */
  boolean send(List<Event> events) {
    List<byte[]> records = events.stream().map(e -> RecordIoWriter.frame(MesosWire.event(encoding, e))).toList();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] chunk : chunking.get().chunks(records)) {
      if (chunk.length > 0) {
        bytes.writeBytes(HttpResponses.chunk(chunk));
      }
    }
    return write(bytes.toByteArray());
  }

  /** Writes {@code raw} as one chunk, whatever it holds (for malformed RecordIO cases). */
  boolean sendRaw(byte[] raw) {
    return raw.length == 0 ? isOpen() : write(HttpResponses.chunk(raw));
  }

  /** Ends the body properly with the last chunk, then closes the connection (a replaced stream). */
  void finish() {
    write(HttpResponses.lastChunk());
    drop();
  }

  /** Closes the connection at once, without the last chunk: the client sees a truncated body. */
  void drop() {
    open = false;
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed is as good as closed.
    }
  }

  private boolean write(byte[] bytes) {
    if (!isOpen()) {
      return false;
    }
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      drop();
      return false;
    }
  }
}
