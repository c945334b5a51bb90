package io.cookexecutor.agent;

import io.cookexecutor.json.JsonString;
import io.cookexecutor.text.Charsets;
import java.io.ByteArrayOutputStream;

/**
 * The first SUBSCRIBE call, which carries nothing but the two ids, encoded without touching the protobuf
 * runtime, so that it leaves before protobuf's one-time set-up, which the event loop runs meanwhile
 * ({@link Encoding#warmUp}); built with the protobuf classes it left 33 ms later (ContainerBench, 7 runs).
 * The bytes are exactly what the real {@code Call} type produces, which {@code FirstSubscribeTest} checks
 * against it.
 */
final class FirstSubscribe {
  private static final int CALL_EXECUTOR_ID = 1;
  private static final int CALL_FRAMEWORK_ID = 2;
  private static final int CALL_TYPE = 3;
  private static final int CALL_SUBSCRIBE = 4;
  private static final int ID_VALUE = 1;
  private static final int TYPE_SUBSCRIBE = 1;
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_LENGTH_DELIMITED = 2;

  private FirstSubscribe() {}

  /** The SUBSCRIBE call with no unacknowledged tasks or updates, in {@code encoding}. */
  static byte[] encode(Encoding encoding, String frameworkId, String executorId) {
    if (encoding == Encoding.JSON) {
      return ("{\"executor_id\":{\"value\":" + JsonString.quote(executorId) + "},"
          + "\"framework_id\":{\"value\":" + JsonString.quote(frameworkId) + "},"
          + "\"type\":\"SUBSCRIBE\",\"subscribe\":{}}").getBytes(Charsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + frameworkId.length() + executorId.length());
    writeMessage(out, CALL_EXECUTOR_ID, idMessage(executorId));
    writeMessage(out, CALL_FRAMEWORK_ID, idMessage(frameworkId));
    varint(out, tag(CALL_TYPE, WIRE_VARINT));
    varint(out, TYPE_SUBSCRIBE);
    writeMessage(out, CALL_SUBSCRIBE, new byte[0]);
    return out.toByteArray();
  }

  private static byte[] idMessage(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeMessage(out, ID_VALUE, value.getBytes(Charsets.UTF_8));
    return out.toByteArray();
  }

  private static void writeMessage(ByteArrayOutputStream out, int field, byte[] body) {
    varint(out, tag(field, WIRE_LENGTH_DELIMITED));
    varint(out, body.length);
    out.write(body, 0, body.length);
  }

  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  private static void varint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
