package io.cookexecutor.local.agent;

import io.cookexecutor.agent.Encoding;
import io.cookexecutor.text.Charsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The handler's decision for one request: a plain answer, the start of an event stream, or no answer at all.
 *
 * @param status the HTTP status; 0 for a call never answered
 * @param streamEncoding the event stream's encoding when this reply opens one, else null
 * @param afterWrite what runs once the plain answer is on the wire, or null
 * @param onStreamOpen what takes the event stream this reply opens, or null
 */
record Reply(int status, List<String[]> headers, byte[] body, Encoding streamEncoding, Runnable afterWrite,
    Consumer<EventWriter> onStreamOpen) {

  /** An answer whose body is a plain-text message, as libprocess writes its error responses. */
  static Reply text(int status, String message) {
    List<String[]> headers = new ArrayList<>();
    byte[] body = message.getBytes(Charsets.UTF_8);
    if (body.length > 0) {
      headers.add(new String[] {"Content-Type", "text/plain; charset=utf-8"});
    }
    return new Reply(status, headers, body, null, null, null);
  }

  /** {@code 202 Accepted} with an empty body; {@code afterWrite} (if any) runs once the answer is on the wire. */
  static Reply accepted(Runnable afterWrite) {
    return new Reply(202, List.of(), new byte[0], null, afterWrite, null);
  }

  /** {@code 200 OK} opening a chunked event stream in {@code encoding}; the receiver writes its head. */
  static Reply stream(Encoding encoding, Consumer<EventWriter> onStreamOpen) {
    return new Reply(200, List.of(), new byte[0], encoding, null, onStreamOpen);
  }

  /** Whether this call is never answered: its connection is held open and silent until the client closes it. */
  boolean hangs() {
    return status == 0;
  }

  Reply withHeader(String name, String value) {
    List<String[]> more = new ArrayList<>(headers);
    more.add(new String[] {name, value});
    return new Reply(status, more, body, streamEncoding, afterWrite, onStreamOpen);
  }
}
