package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskCommandTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"command\": \"echo hi\"}|echo hi",
      "{\"command\": \"  echo hi \\n\"}|echo hi",
      "{\"other\": {\"deep\": [1, 2]}, \"command\": \"x\"}|x",
      "{\"command\": \"caf\\u00e9 \u00e9\"}|café é",
  })
  void takesTheTrimmedCommand(String json, String command) {
    TaskCommand.Parsed p = TaskCommand.parse(ByteString.copyFrom(json, StandardCharsets.UTF_8));
    assertThat(p.valid()).isTrue();
    assertThat(p.command()).isEqualTo(command);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "not json", "[\"command\"]", "\"command\"", "{\"command\": 5}", "{\"command\": null}",
      "{\"command\": \"   \"}", "{\"cmd\": \"echo\"}", "{\"command\": \"echo\"", "{\"command\": \"a\"} {}",
      "{\"command\": [\"echo\"]}",
  })
  void refusesDataWithoutAUsableCommand(String json) {
    TaskCommand.Parsed p = TaskCommand.parse(ByteString.copyFrom(json, StandardCharsets.UTF_8));
    assertThat(p.valid()).isFalse();
    assertThat(p.error()).isNotBlank();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"command\": \"a\", \"command\": \"b\"}|b|",
      "{\"command\": \"a\", \"command\": 5}||the task data's \"command\" is not a string",
      "{\"command\": 5, \"command\": \"b\"}||the task data's \"command\" is not a string",
      "{\"command\": null, \"x\": [}||the task data's \"command\" is not a string",
      "{\"command\": \"a\"} {}||the task data is not valid UTF-8 JSON",
      "'\ufeff{\"command\": \"a\"}'|a|",
      "' '||the task data is not a JSON object",
  })
  void takesMembersInOrderAsJacksonDid(String json, String command, String error) {
    TaskCommand.Parsed p = TaskCommand.parse(ByteString.copyFrom(json, StandardCharsets.UTF_8));
    assertThat(p).isEqualTo(new TaskCommand.Parsed(command, error));
  }

  @Test
  void refusesDeepNestingAndInvalidUtf8WithoutThrowing() {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    assertThat(TaskCommand.parse(ByteString.copyFrom(deep, StandardCharsets.UTF_8)).valid()).isFalse();
    byte[] bad = {'{', '"', 'c', 'o', 'm', 'm', 'a', 'n', 'd', '"', ':', '"', (byte) 0xff, '"', '}'};
    assertThat(TaskCommand.parse(ByteString.copyFrom(bad)).valid()).isFalse();
    byte[] overlong = {'{', '"', 'c', 'o', 'm', 'm', 'a', 'n', 'd', '"', ':', '"', 'x', (byte) 0xc0, (byte) 0xaf, '"', '}'};
    assertThat(TaskCommand.parse(ByteString.copyFrom(overlong)).error()).isEqualTo("the task data is not valid UTF-8 JSON");
    assertThat(TaskCommand.parse(null).valid()).isFalse();
  }
}
