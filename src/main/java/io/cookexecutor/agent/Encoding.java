package io.cookexecutor.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.text.Charsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The two media types of the Mesos v1 HTTP APIs. JSON is the protobuf JSON mapping with the proto field
 * names, enum names as strings and bytes as base64, which is what a Mesos agent reads and writes.
 */
public enum Encoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String mediaType;

  Encoding(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The value for {@code Content-Type} and {@code Accept}. */
  public String mediaType() {
    return mediaType;
  }

  /** The encoding whose media type is {@code contentType} (parameters such as charset ignored). */
  public static Optional<Encoding> ofMediaType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (Encoding e : values()) {
      if (e.mediaType.equals(bare)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Serialises one message in this encoding. */
  public byte[] encode(Message message) {
    if (this == PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return JsonFormat.printer()
          .preservingProtoFieldNames()
          .omittingInsignificantWhitespace()
          .print(message)
          .getBytes(Charsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; Mesos messages have none.
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
    }
  }

  /**
   * Parses one message of this encoding into {@code builder}. Unknown JSON fields are ignored, as a newer
   * agent may send fields this build does not know.
   */
  public <B extends Message.Builder> B decode(byte[] bytes, B builder)
      throws InvalidProtocolBufferException {
    if (this == PROTOBUF) {
      builder.mergeFrom(bytes);
    } else {
      JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(bytes, Charsets.UTF_8), builder);
    }
    return builder;
  }

  /**
   * Runs this encoding's one-time set-up with a sample update and event, so that the first real ones do
   * not pay it: protobuf's first decode looks for two Android classes on the class path (every jar is
   * opened: ~15 ms), its first encode starts java.util.logging for a logger (~8 ms), and JSON builds the
   * Mesos descriptors. The executor's event loop calls it while it waits for the agent's first events.
   */
  public void warmUp() throws InvalidProtocolBufferException {
    TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("warm-up"))
        .setState(TaskState.TASK_STARTING).buildPartial();
    encode(Call.newBuilder().setType(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status))
        .buildPartial());
    decode(encode(Event.newBuilder().setType(Event.Type.SUBSCRIBED).buildPartial()), Event.newBuilder());
  }
}
