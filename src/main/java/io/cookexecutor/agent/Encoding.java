package io.cookexecutor.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.text.Charsets;
import java.util.Locale;
import java.util.Optional;

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
}
