package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.local.agent.RecordIoWriter;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordIoReaderTest {

  /** Ways the network may cut the same bytes: whole, one byte per read, half reads. */
  static Stream<Function<InputStream, InputStream>> readers() {
    return Stream.of(in -> in, OneByteReads::new, HalfReads::new);
  }

  static Stream<Arguments> goodStreams() {
    List<Arguments> cases = new ArrayList<>();
    String[][] table = {
        {"", ""},
        {"5\nhello", "hello"},
        {"5\nhello3\nabc", "hello|abc"},
        {"1\nx1\ny1\nz", "x|y|z"},
        {"11\nhello\nworld", "hello\nworld"},
    };
    readers().forEach(r -> {
      for (String[] row : table) {
        cases.add(Arguments.of(row[0], row[1], r));
      }
    });
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("goodStreams")
  void decodesRecordsHoweverTheBytesArrive(String stream, String expected,
      Function<InputStream, InputStream> reader) throws IOException {
    RecordIoReader r = new RecordIoReader(reader.apply(bytes(stream)), 1024);
    List<String> got = new ArrayList<>();
    byte[] record;
    while ((record = r.next()) != null) {
      got.add(new String(record, StandardCharsets.UTF_8));
    }
    assertThat(String.join("|", got)).isEqualTo(expected);
  }

  static Stream<Arguments> badStreams() {
    return Stream.of(
        Arguments.of("0\n", "zero"),
        Arguments.of("\nabc", "empty"),
        Arguments.of("-5\nhello", "non-digit"),
        Arguments.of("5x\nhello", "non-digit"),
        Arguments.of("12345678901234567890\n", "more than"),
        Arguments.of("2000\n", "exceeds the limit"),
        Arguments.of("10\nshort", "stream ended inside a record"),
        Arguments.of("12", "inside a record length"));
  }

  @ParameterizedTest
  @MethodSource("badStreams")
  void rejectsMalformedStreamsWithAReason(String stream, String reason) {
    RecordIoReader r = new RecordIoReader(new OneByteReads(bytes(stream)), 1024);
    assertThatThrownBy(r::next).isInstanceOf(RecordIoReader.RecordIoException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @MethodSource("readers")
  void framingRoundTrips(Function<InputStream, InputStream> reader) throws IOException {
    byte[] payload = new byte[300];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    byte[] framed = RecordIoWriter.frame(payload);
    byte[] twice = new byte[framed.length * 2];
    System.arraycopy(framed, 0, twice, 0, framed.length);
    System.arraycopy(framed, 0, twice, framed.length, framed.length);
    RecordIoReader r = new RecordIoReader(reader.apply(new ByteArrayInputStream(twice)), 1024);
    assertThat(r.next()).isEqualTo(payload);
    assertThat(r.next()).isEqualTo(payload);
    assertThat(r.next()).isNull();
  }

  private static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Hands out one byte per read, as a slow network might. */
  static final class OneByteReads extends FilterInputStream {
    OneByteReads(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(1, len));
    }
  }

  /** Hands out half of what is asked for (at least one byte). */
  static final class HalfReads extends FilterInputStream {
    HalfReads(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.max(1, len / 2));
    }
  }
}
