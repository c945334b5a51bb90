package io.cookexecutor.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {
  @TempDir Path dir;

  @AfterEach
  void backToStderr() {
    Log.toStderr("INFO");
  }

  @Test
  void placeholdersTakeTheArgumentsInOrderAndATrailingThrowableIsPrintedWithItsStack() throws Exception {
    Path file = dir.resolve("x.log");
    Log.toFile(file, "DEBUG");
    Log log = Log.of(LogTest.class);
    log.info("a {} b {} c {}", 1, "two");
    log.error("failed {}", "here", new IllegalStateException("boom"));
    log.debug("shown");

    String[] lines = Files.readString(file).split("\n");
    assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[main\\] INFO LogTest - "
        + "a 1 b two c \\{\\}");
    assertThat(lines[1]).endsWith("ERROR LogTest - failed here");
    assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(lines[3]).startsWith("\tat io.cookexecutor.log.LogTest.");
    assertThat(Files.readString(file)).contains("DEBUG LogTest - shown");
  }

  @Test
  void belowTheLevelNothingIsWrittenAndUnknownLevelsAreInfo() throws Exception {
    Path file = dir.resolve("y.log");
    Log.toFile(file, "WARN");
    Log.of(LogTest.class).info("quiet");
    Log.of(LogTest.class).warn("loud");
    assertThat(Files.readString(file)).doesNotContain("quiet").contains("WARN LogTest - loud");
    assertThat(Log.levelOf("loud")).isEqualTo(Log.INFO);
    assertThat(Log.levelOf(" error ")).isEqualTo(Log.ERROR);
  }

  @Test
  void timestampsAreTheJdksIsoInstantsToTheMillisecond() {
    Random random = new Random(7);
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(java.time.ZoneOffset.UTC);
    long[] fixed = {0L, -1L, 951_782_400_000L, 4_107_542_399_999L, 1_796_648_407_123L};
    for (long t : fixed) {
      StringBuilder sb = new StringBuilder();
      Timestamp.append(sb, t);
      assertThat(sb.toString()).isEqualTo(iso.format(Instant.ofEpochMilli(t)));
    }
    for (int i = 0; i < 10_000; i++) {
      long t = random.nextLong() % 8_000_000_000_000L;
      StringBuilder sb = new StringBuilder();
      Timestamp.append(sb, Math.abs(t));
      assertThat(sb.toString()).isEqualTo(iso.format(Instant.ofEpochMilli(Math.abs(t))));
    }
  }

  @Test
  void aValueWhoseToStringThrowsDoesNotFailTheCaller() throws Exception {
    Path file = dir.resolve("z.log");
    Log.toFile(file, "INFO");
    Object bad = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no");
      }
    };
    Log.of(LogTest.class).info("value {}", bad);
    assertThat(Files.readString(file)).contains("value <toString failed: java.lang.IllegalStateException: no>");
  }
}
