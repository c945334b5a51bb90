package io.cookexecutor.local.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.text.Charsets;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * How the embedded agent reads calls and writes events: with the Mesos protobuf classes and
 * {@link JsonFormat} directly, as a real agent's own code does, never through the executor's codec
 * ({@link Encoding#encode}, {@link Encoding#decode}), so that a mistake there cannot pass by agreeing with
 * itself. Only the media types are shared. JSON uses the proto field names, as Mesos prints them; unknown
 * JSON fields are ignored, as Mesos's JSON-to-protobuf conversion ignores them.
 */
final class MesosWire {
  private MesosWire() {}

  /** Merges a call's body in {@code encoding} into {@code call}. */
  static void mergeCall(Encoding encoding, byte[] body, Call.Builder call) throws InvalidProtocolBufferException {
    if (encoding == Encoding.PROTOBUF) {
      call.mergeFrom(body);
    } else {
      JsonFormat.parser().ignoringUnknownFields().merge(new String(body, Charsets.UTF_8), call);
    }
  }

  /** One event's bytes in {@code encoding}. */
  static byte[] event(Encoding encoding, Event event) {
    if (encoding == Encoding.PROTOBUF) {
      return event.toByteArray();
    }
    try {
      return JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace().print(event)
          .getBytes(Charsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Mesos event has no Any field to fail on", e);
    }
  }
}
