package io.cookexecutor.task;

import com.google.protobuf.ByteString;
import io.cookexecutor.json.JsonException;
import io.cookexecutor.json.JsonReader;
import io.cookexecutor.json.JsonReader.Token;

/** Reads the shell command out of a Cook task's {@code data}: a UTF-8 JSON object with a string "command". */
public final class TaskCommand {
  private TaskCommand() {}

  /** The outcome: a trimmed, non-empty command, or why there is none. */
  public record Parsed(String command, String error) {
    public boolean valid() {
      return command != null;
    }
  }

  /**
   * Parses {@code data}; never throws. Members are taken in order, as they come: a "command" that is not a
   * string is refused at once, and of several string commands the last wins.
   */
  public static Parsed parse(ByteString data) {
    if (data == null || data.isEmpty()) {
      return new Parsed(null, "the task has no data");
    }
    String command = null;
    JsonReader json = new JsonReader(data.toByteArray());
    try {
      if (json.next() != Token.BEGIN_OBJECT) {
        return new Parsed(null, "the task data is not a JSON object");
      }
      while (json.next() == Token.NAME) {
        String name = json.text();
        Token value = json.next();
        if ("command".equals(name)) {
          if (value != Token.STRING) {
            return new Parsed(null, "the task data's \"command\" is not a string");
          }
          command = json.text();
        } else {
          json.skipChildren();
        }
      }
      json.finish();
    } catch (JsonException e) {
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
