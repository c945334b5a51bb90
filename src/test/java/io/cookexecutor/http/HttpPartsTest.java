package io.cookexecutor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request parsing, Accept negotiation and Mesos duration formatting, without sockets. */
class HttpPartsTest {
  private static HttpRequest parse(String raw, ByteArrayOutputStream out) throws IOException {
    return new HttpRequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), out).read();
  }

  @Test
  void readsContentLengthAndChunkedBodiesBackToBack() throws IOException {
    String raw = "POST /api/v1/executor?a=b HTTP/1.1\r\nContent-Length: 3\r\ncontent-type: x\r\n\r\nabc"
        + "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
        + "2;name=v\r\nhe\r\n3\r\nllo\r\n0\r\nTrailer: t\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpRequestReader reader = new HttpRequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), out);
    HttpRequest first = reader.read();
    assertThat(first.path()).isEqualTo("/api/v1/executor");
    assertThat(first.header("Content-Type")).contains("x");
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("abc");
    HttpRequest second = reader.read();
    assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    assertThat(reader.read()).isNull();
  }

  @Test
  void keepAliveFollowsTheHttpVersionDefaults() throws IOException {
    assertThat(parse("GET / HTTP/1.1\r\n\r\n", null).keepAlive()).isTrue();
    assertThat(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", null).keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.0\r\n\r\n", null).keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", null).keepAlive()).isTrue();
  }

  @Test
  void malformedRequestsAreRejectedWithAStatus() {
    assertStatus("NONSENSE\r\n\r\n", 400);
    assertStatus("POST / HTTP/1.1\r\nno colon\r\n\r\n", 400);
    assertStatus("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort", 400);
    assertStatus("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
    assertStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
    assertStatus("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", 413);
    assertStatus("GET /" + "a".repeat(HttpRequestReader.MAX_LINE) + " HTTP/1.1\r\n\r\n", 431);
  }

  private static void assertStatus(String raw, int status) {
    assertThatThrownBy(() -> parse(raw, null))
        .isInstanceOfSatisfying(HttpRequestReader.MalformedRequestException.class,
            e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void acceptNegotiation() {
    String json = "application/json";
    String proto = "application/x-protobuf";
    assertThat(MediaRanges.accepts(Optional.empty(), json)).isTrue();
    assertThat(MediaRanges.accepts(Optional.of("*/*"), proto)).isTrue();
    assertThat(MediaRanges.accepts(Optional.of(proto), json)).isFalse();
    assertThat(MediaRanges.accepts(Optional.of("application/*;q=0.5, application/json;q=0"), json)).isFalse();
    assertThat(MediaRanges.accepts(Optional.of("application/*;q=0.5, application/json;q=0"), proto)).isTrue();
    assertThat(MediaRanges.accepts(Optional.of("text/html"), json)).isFalse();
  }

}
