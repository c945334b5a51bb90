package io.cookexecutor.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cookexecutor.task.TaskCommand;
import java.io.IOException;

/** TaskCommand as it was on Jackson 2.18, the oracle of JsonAgainstJacksonTest (its limits lifted, as there). */
final class JacksonTaskCommand {
  private JacksonTaskCommand() {}

  static TaskCommand.Parsed parse(byte[] data) {
    if (data.length == 0) {
      return new TaskCommand.Parsed(null, "the task has no data");
    }
    String command = null;
    try (JsonParser p = JsonAgainstJacksonTest.ORACLE.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new TaskCommand.Parsed(null, "the task data is not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("command".equals(name)) {
          if (value != JsonToken.VALUE_STRING) {
            return new TaskCommand.Parsed(null, "the task data's \"command\" is not a string");
          }
          command = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new TaskCommand.Parsed(null, "the task data is not a single JSON object");
      }
    } catch (IOException | RuntimeException e) {
      return new TaskCommand.Parsed(null, "the task data is not valid UTF-8 JSON");
    }
    if (command == null) {
      return new TaskCommand.Parsed(null, "the task data has no \"command\"");
    }
    command = command.trim();
    return command.isEmpty() ? new TaskCommand.Parsed(null, "the task's command is empty")
        : new TaskCommand.Parsed(command, null);
  }
}
