package io.cookexecutor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tests' scheduler stand-in over real HTTP on 127.0.0.1: records, answers as told, redirects and hangs. */
class ScriptedSchedulerTest {

  private static HttpURLConnection post(URI url, String body, int timeoutMillis) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    c.setRequestMethod("POST");
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(timeoutMillis);
    c.setReadTimeout(timeoutMillis);
    c.setDoOutput(true);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    return c;
  }

  @Test
  void recordsPostsAndAnswersAsScripted() throws IOException {
    try (ScriptedScheduler s = ScriptedScheduler.start(); ScriptedScheduler leader = ScriptedScheduler.start()) {
      s.answerNext(1, 500);
      s.redirectNext(1, leader);
      URI url = URI.create(s.baseUrl() + "/progress/i1");

      assertThat(post(url, "{\"a\":1}", 5000).getResponseCode()).isEqualTo(500);
      HttpURLConnection redirected = post(url, "{\"a\":2}", 5000);
      assertThat(redirected.getResponseCode()).isEqualTo(307);
      assertThat(redirected.getHeaderField("Location")).isEqualTo(leader.baseUrl() + "/progress/i1");
      assertThat(post(url, "{\"a\":3}", 5000).getResponseCode()).isEqualTo(202);

      assertThat(s.posts()).extracting(ScriptedScheduler.Post::path).containsOnly("/progress/i1");
      assertThat(s.posts()).extracting(ScriptedScheduler.Post::status).containsExactly(500, 307, 202);
      assertThat(s.bodies()).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
      assertThat(leader.posts()).isEmpty();
    }
  }

  @Test
  void aHangingPostGetsNoAnswerButIsRecorded() throws IOException {
    try (ScriptedScheduler s = ScriptedScheduler.start()) {
      s.hangNext(1);
      HttpURLConnection c = post(URI.create(s.baseUrl() + "/progress/i"), "x", 300);

      assertThatThrownBy(c::getResponseCode).isInstanceOf(SocketTimeoutException.class);
      assertThat(s.posts()).extracting(ScriptedScheduler.Post::status).containsExactly(0);
      assertThat(post(URI.create(s.baseUrl() + "/progress/i"), "y", 5000).getResponseCode()).isEqualTo(202);
    }
  }
}
