package io.cookexecutor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cookexecutor.local.container.ContainerUsage;
import io.cookexecutor.message.FrameworkMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** {@code local --json}: every line one complete JSON object (read by Jackson), with its fields as before. */
class LocalReportTest {
  private final StringWriter text = new StringWriter();
  private final LocalReport report = new LocalReport(new PrintWriter(text), true, false);

  private List<String> lines() {
    return text.toString().lines().toList();
  }

  /** The line's text with its "time" value replaced by T, after checking it is one JSON object. */
  private static String checked(String line) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(line)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      p.skipChildren();
      assertThat(p.nextToken()).isNull();
    }
    return line.replaceFirst("\"time\":[0-9.E-]+", "\"time\":T");
  }

  @Test
  void notesStatusesAndContainersAreCompleteObjects() throws IOException {
    report.note("a \"quoted\" note");
    report.status(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t")).setState(TaskState.TASK_RUNNING)
        .setMessage("caf\u00e9").build());
    report.container("c-1", new ContainerUsage(1_048_576, 25_000_000, false, 2));
    assertThat(lines()).hasSize(3);
    assertThat(checked(lines().get(0))).isEqualTo("{\"type\":\"note\",\"message\":\"a \\\"quoted\\\" note\"}");
    assertThat(checked(lines().get(1)))
        .isEqualTo("{\"type\":\"status\",\"time\":T,\"state\":\"TASK_RUNNING\",\"reason\":null,\"message\":\"caf\u00e9\"}");
    assertThat(checked(lines().get(2))).isEqualTo("{\"type\":\"container\",\"name\":\"c-1\",\"peak-memory-bytes\":1048576,"
        + "\"cpu-ms\":25,\"memory-limited\":false,\"leftover-processes\":2}");
  }

  @Test
  void aMessageThatIsAJsonObjectIsEmbeddedAndAnyOtherIsAString() throws IOException {
    report.message(FrameworkMessages.exitCode("t", -15));
    report.message("not {json".getBytes(StandardCharsets.UTF_8));
    report.message("{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8));
    assertThat(checked(lines().get(0))).isEqualTo("{\"type\":\"framework-message\",\"time\":T,\"state\":null,"
        + "\"reason\":null,\"message\":null,\"data\":{\"exit-code\":-15,\"task-id\":\"t\"}}");
    assertThat(checked(lines().get(1))).endsWith(",\"data\":\"not {json\"}");
    assertThat(checked(lines().get(2))).endsWith(",\"data\":\"{\\\"a\\\":1} trailing\"}");
    assertThat(report.exitCode()).contains(-15);
    assertThat(report.taskExitCode()).isEqualTo(128 + 15);
  }

  @Test
  void progressPostsAndFactsAreCompleteObjects() throws IOException {
    report.progressPost("/progress/i", 202, FrameworkMessages.progressUpdate(3, 50, "half"));
    report.fact("exit-code", "0");
    report.fact("final-progress", "{\"progress-percent\":100}");
    assertThat(checked(lines().get(0))).isEqualTo("{\"type\":\"progress-post\",\"time\":T,\"path\":\"/progress/i\","
        + "\"status\":202,\"data\":{\"progress-message\":\"half\",\"progress-percent\":50,\"progress-sequence\":3}}");
    assertThat(checked(lines().get(1))).isEqualTo("{\"type\":\"exit-code\",\"time\":T,\"value\":\"0\"}");
    assertThat(checked(lines().get(2)))
        .isEqualTo("{\"type\":\"final-progress\",\"time\":T,\"value\":{\"progress-percent\":100}}");
  }

  @Test
  void theExitCodeIsReadFromTheLastIntegerExitCodeOfAMessage() {
    assertThat(LocalReport.scalarFields("{\"exit-code\":1,\"exit-code\":2,\"s\":\"x\",\"f\":1.5,\"o\":{\"exit-code\":3}}"
        .getBytes(StandardCharsets.UTF_8))).containsOnly(java.util.Map.entry("exit-code", 2), java.util.Map.entry("s", "x"));
    assertThat(LocalReport.scalarFields("{\"exit-code\":99999999999}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(LocalReport.scalarFields("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(LocalReport.scalarFields("{\"a\":1".getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
