package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.http.ChunkedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedInputStreamTest {

  @Test
  void joinsChunksAndStopsAtTheLastChunk() throws IOException {
    String body = "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: x\r\n\r\nNEXT";
    ByteArrayInputStream raw = new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII));
    InputStream in = new ChunkedInputStream(new RecordIoReaderTest.OneByteReads(raw));
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
    // The connection is positioned after the body, ready for the next response.
    assertThat(new String(raw.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("NEXT");
  }

  @Test
  void recordsSplitAcrossChunksDecode() throws IOException {
    String body = "2\r\n5\n\r\n3\r\nhel\r\n6\r\nlo2\nhi\r\n0\r\n\r\n";
    RecordIoReader r = new RecordIoReader(new ChunkedInputStream(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII))), 100);
    assertThat(new String(r.next(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(new String(r.next(), StandardCharsets.US_ASCII)).isEqualTo("hi");
    assertThat(r.next()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5\r\nab", "zz\r\nab\r\n", "2\r\nabXY", "3\r\nabc\r\n"})
  void aCutOrMalformedBodyIsAnError(String body) {
    InputStream in = new ChunkedInputStream(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
  }
}
