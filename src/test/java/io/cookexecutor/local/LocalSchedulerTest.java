package io.cookexecutor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The scheduler stand-in of {@code local --kubernetes} over real HTTP on 127.0.0.1: records and accepts. */
class LocalSchedulerTest {
  private static int send(String method, URI url, String body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    c.setDoOutput(true);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    return c.getResponseCode();
  }

  @Test
  void everyPostIsAcceptedRecordedAndHeardOfAndOtherMethodsAreRefused() throws IOException {
    List<LocalScheduler.Post> heard = new CopyOnWriteArrayList<>();
    try (LocalScheduler s = LocalScheduler.start(heard::add)) {
      URI url = URI.create(s.baseUrl() + "/progress/i1");
      assertThat(send("POST", url, "{\"a\":1}")).isEqualTo(202);
      assertThat(send("PUT", url, "{\"a\":2}")).isEqualTo(405);
      assertThat(send("POST", url, "{\"a\":3}")).isEqualTo(202);

      assertThat(s.posts()).extracting(LocalScheduler.Post::path).containsExactly("/progress/i1", "/progress/i1");
      assertThat(s.posts()).extracting(LocalScheduler.Post::body).containsExactly("{\"a\":1}", "{\"a\":3}");
      assertThat(heard).isEqualTo(s.posts());
    }
  }
}
