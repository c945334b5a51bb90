package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import io.cookexecutor.text.Charsets;

/**
 * {@code /files/read}: a window of a file's bytes as {@code {"data":...,"offset":...}}, the checks in the
 * order of section 3. Offsets and lengths count bytes; {@link DataEncoder} says what {@code data} holds.
 * Small windows go out with a Content-Length, large ones chunked as they are read, in bounded memory.
 */
final class ReadRoute implements Route {
  /** Windows up to this many bytes are answered from one buffer; larger ones are streamed. */
  static final int WHOLE_ANSWER_BYTES = 16 * 1024;
  private static final int CHUNK = WorkerBuffers.IO_BYTES;
  private static final byte[] DATA_OPEN = "{\"data\":\"".getBytes(Charsets.US_ASCII);

  private final Sandbox sandbox;
  private final long maxReadLength;

  ReadRoute(Sandbox sandbox, long maxReadLength) {
    this.sandbox = sandbox;
    this.maxReadLength = maxReadLength;
  }

  @Override
  public void answer(HttpExchange exchange, Query query) throws IOException, BadRequest {
    String path = Route.requirePath(query);
    long offset = number("offset", query.get("offset"));
    long length = number("length", query.get("length"));
    try (ServedFile file = ServedFile.open(sandbox, path, "read")) {
      if (offset == -1) {
        Responses.json(exchange, ("{\"data\":\"\",\"offset\":" + file.size() + "}\n").getBytes(Charsets.US_ASCII));
        return;
      }
      long window = windowLength(offset, length, file.size());
      send(exchange, file.channel(), offset, window, offset + window >= file.size());
    }
  }

  /** Bytes to read at {@code offset}: the length asked (the maximum for -1), cut at the file's end. */
  long windowLength(long offset, long length, long size) throws BadRequest {
    long asked = length == -1 ? maxReadLength : length;
    if (asked > maxReadLength) {
      throw new BadRequest(400, "Requested length for file read, " + asked
          + " is greater than max allowed length, " + maxReadLength);
    }
    return Math.max(0, Math.min(asked, size - offset));
  }

  /** A query number: absent is -1; not an integer or below -1 is refused with the original's texts. */
  static long number(String name, String text) throws BadRequest {
    if (text == null) {
      return -1;
    }
    long value;
    try {
      value = parseInteger(text);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "Failed to parse " + name + ": Failed to convert '" + text + "' to number.\n");
    }
    if (value < -1) {
      throw new BadRequest(400, "Negative " + name + " provided: " + text + ".\n");
    }
    return value;
  }

  /** An optional sign and ASCII digits only (Long.parseLong alone would take other scripts' digits). */
  private static long parseInteger(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        throw new NumberFormatException(text);
      }
    }
    return Long.parseLong(text);
  }

  private static void send(HttpExchange exchange, FileChannel channel, long offset, long window,
      boolean reachesEnd) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", Responses.JSON);
    WorkerBuffers buffers = WorkerBuffers.take();
    try {
      if (window <= WHOLE_ANSWER_BYTES) {
        WorkerBuffers.Answer body = buffers.answer;
        write(body, channel, offset, window, reachesEnd, buffers);
        exchange.sendResponseHeaders(200, body.size());
        try (OutputStream out = exchange.getResponseBody()) {
          body.writeTo(out);
        }
      } else {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          write(out, channel, offset, window, reachesEnd, buffers);
        }
      }
    } finally {
      buffers.release();
    }
  }

  /** The JSON answer for a window, written as the file is read. */
  static void write(OutputStream out, FileChannel channel, long offset, long window, boolean reachesEnd,
      WorkerBuffers buffers) throws IOException {
    out.write(DATA_OPEN);
    DataEncoder data = new DataEncoder(out, buffers.encode);
    ByteBuffer buffer = ByteBuffer.wrap(buffers.io, 0, (int) Math.min(CHUNK, Math.max(window, 4))).slice();
    long position = offset;
    long left = window;
    boolean endOfFile = false;
    while (left > 0) {
      buffer.limit((int) Math.min(buffer.capacity(), buffer.position() + left));
      int n = channel.read(buffer, position);
      if (n < 0) {
        endOfFile = true; // shrunk since opened
        break;
      }
      position += n;
      left -= n;
      buffer.flip();
      int used = data.write(buffer.array(), 0, buffer.limit());
      buffer.position(used);
      buffer.compact();
    }
    data.finish(buffer.position(), reachesEnd || endOfFile);
    out.write(("\",\"offset\":" + offset + "}\n").getBytes(Charsets.US_ASCII));
  }
}
