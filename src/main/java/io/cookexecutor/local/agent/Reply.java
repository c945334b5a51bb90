package io.cookexecutor.local.agent;

import io.cookexecutor.agent.Encoding;
import io.cookexecutor.text.Charsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The handler's decision for one request: a plain answer, or the start of an event stream. */
final class Reply {
  private final int status;
  private final List<String[]> headers;
  private final byte[] body;
  private final Encoding streamEncoding;
  private final Runnable afterWrite;
  private final Consumer<EventWriter> onStreamOpen;
  private boolean hangs;

  private Reply(int status, List<String[]> headers, byte[] body, Encoding streamEncoding, Runnable afterWrite,
      Consumer<EventWriter> onStreamOpen) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.streamEncoding = streamEncoding;
    this.afterWrite = afterWrite;
    this.onStreamOpen = onStreamOpen;
  }

  /** An answer whose body is a plain-text message, as libprocess writes its error responses. */
  static Reply text(int status, String message) {
    List<String[]> headers = new ArrayList<>();
    byte[] body = message.getBytes(Charsets.UTF_8);
    if (body.length > 0) {
      headers.add(new String[] {"Content-Type", "text/plain; charset=utf-8"});
    }
    return new Reply(status, headers, body, null, null, null);
  }

  /** {@code 202 Accepted} with an empty body; {@code afterWrite} runs once the answer is on the wire. */
  static Reply accepted(Runnable afterWrite) {
    return new Reply(202, new ArrayList<>(), new byte[0], null, afterWrite, null);
  }

  /** {@code 200 OK} opening a chunked event stream in {@code encoding}; the receiver writes its head. */
  static Reply stream(Encoding encoding, Consumer<EventWriter> onStreamOpen) {
    return new Reply(200, new ArrayList<>(), new byte[0], encoding, null, onStreamOpen);
  }

  /** No answer at all: the connection is held open and silent until the client closes it (status 0). */
  static Reply hang() {
    Reply r = new Reply(0, new ArrayList<>(), new byte[0], null, null, null);
    r.hangs = true;
    return r;
  }

  /** Whether this call is never answered. */
  boolean hangs() {
    return hangs;
  }

  Reply withHeader(String name, String value) {
    List<String[]> more = new ArrayList<>(headers);
    more.add(new String[] {name, value});
    return new Reply(status, more, body, streamEncoding, afterWrite, onStreamOpen);
  }

  int status() {
    return status;
  }

  List<String[]> headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }

  /** The stream's encoding when this reply opens the event stream. */
  Optional<Encoding> streamEncoding() {
    return Optional.ofNullable(streamEncoding);
  }

  void openStream(EventWriter stream) {
    onStreamOpen.accept(stream);
  }

  void runAfterWrite() {
    if (afterWrite != null) {
      afterWrite.run();
    }
  }
}
