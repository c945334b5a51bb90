package io.cookexecutor.task;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import java.io.IOException;

/** Reads the shell command out of a Cook task's {@code data}: a UTF-8 JSON object with a string "command". */
public final class TaskCommand {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private TaskCommand() {}

  /** The outcome: a trimmed, non-empty command, or why there is none. */
  public record Parsed(String command, String error) {
    public boolean valid() {
      return command != null;
    }
  }

  /** Parses {@code data}; never throws. */
  public static Parsed parse(ByteString data) {
    if (data == null || data.isEmpty()) {
      return new Parsed(null, "the task has no data");
    }
    String command = null;
    try (JsonParser p = JSON.createParser(data.newInput())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Parsed(null, "the task data is not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("command".equals(name)) {
          if (value != JsonToken.VALUE_STRING) {
            return new Parsed(null, "the task data's \"command\" is not a string");
          }
          command = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new Parsed(null, "the task data is not a single JSON object");
      }
    } catch (IOException | RuntimeException e) {
      return new Parsed(null, "the task data is not valid UTF-8 JSON");
    }
    if (command == null) {
      return new Parsed(null, "the task data has no \"command\"");
    }
    command = command.trim();
    if (command.isEmpty()) {
      return new Parsed(null, "the task's command is empty");
    }
    return new Parsed(command, null);
  }
}
