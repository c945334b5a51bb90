package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.sidecar.files.FileServer;
import io.cookexecutor.sidecar.page.SandboxPage;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox page's HTTP answers over 127.0.0.1 ({@link FileServer} in this JVM): its security headers,
 * its caching, and that the job's files never come back as something a browser would run.
 */
class SandboxPageHttpIT {
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

  @TempDir Path w;
  private FileServer server;

  record Answer(int status, HttpURLConnection connection, byte[] body) {
    String header(String name) {
      return connection.getHeaderField(name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = FileServerIT.start(w, 1000, 2, 2);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Answer get(String target, String ifNoneMatch) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + target).toURL()
        .openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    c.setUseCaches(false);
    if (ifNoneMatch != null) {
      c.setRequestProperty("If-None-Match", ifNoneMatch);
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    byte[] body = in == null ? new byte[0] : in.readAllBytes();
    return new Answer(status, c, body);
  }

  private static String path(Path p) {
    return URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void thePageCarriesItsPolicyAndIsRevalidatedByItsEtag() throws IOException {
    Answer page = get("/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("Content-Security-Policy")).isEqualTo(CSP).isEqualTo(SandboxPage.CSP);
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    String etag = page.header("ETag");
    assertThat(etag).matches("\"[0-9a-f]{16}\"");

    Answer again = get("/", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/", "\"stale\"").status()).isEqualTo(200);
  }

  @Test
  void theScriptAndStyleAreCachedForAYearByTheVersionThePageNames() throws IOException {
    String html = get("/", null).text();
    for (String kind : new String[] {"js", "css"}) {
      Matcher m = Pattern.compile("/page/sandbox\\." + kind + "\\?v=([0-9a-f]{16})").matcher(html);
      assertThat(m.find()).as(kind).isTrue();
      Answer current = get(m.group(), null);
      assertThat(current.status()).isEqualTo(200);
      assertThat(current.header("Content-Type"))
          .isEqualTo(kind.equals("js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      assertThat(current.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(current.header("ETag")).isEqualTo("\"" + m.group(1) + "\"");
      assertThat(current.header("X-Content-Type-Options")).isEqualTo("nosniff");
      // An old page's link (another version) gets today's bytes, never cached for long.
      Answer old = get("/page/sandbox." + kind + "?v=0000000000000000", null);
      assertThat(old.status()).isEqualTo(200);
      assertThat(old.body()).isEqualTo(current.body());
      assertThat(old.header("Cache-Control")).isEqualTo("no-cache");
    }
  }

  @Test
  void theStateIsNeverCachedAndNamesTheSandbox() throws IOException {
    Answer state = get("/page/state.json", null);
    assertThat(state.status()).isEqualTo(200);
    assertThat(state.header("Content-Type")).isEqualTo("application/json");
    assertThat(state.header("Cache-Control")).isEqualTo("no-store");
    assertThat(state.text()).contains("\"workdir\":\"" + w + "\"", "\"maxReadLength\":1000",
        "\"progressTracked\":false", "\"progress\":null");
  }

  @Test
  void everyAnswerOfTheFilesRoutesIsNosniffAndNoFileComesBackAsADocument() throws IOException {
    Files.writeString(w.resolve("evil.html"), "<script>alert(1)</script>");
    Files.writeString(w.resolve("evil.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
    for (String target : new String[] {
        "/files/read.json?path=" + path(w.resolve("evil.html")) + "&offset=0",
        "/files/browse.json?path=" + path(w),
        "/files/download?path=" + path(w.resolve("evil.html")),
        "/files/download?path=" + path(w.resolve("evil.svg")),
        "/files/read.json?path=" + path(w.resolve("missing")),
        "/files/read.json", "/no-such-route", "/readiness-probe"}) {
      Answer a = get(target, null);
      assertThat(a.header("X-Content-Type-Options")).as(target).isEqualTo("nosniff");
      assertThat(a.header("Content-Type")).as(target).satisfiesAnyOf(
          t -> assertThat(t).isNull(), t -> assertThat(t).doesNotContain("html", "svg", "xml"));
    }
    Answer download = get("/files/download?path=" + path(w.resolve("evil.html")), null);
    assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=evil.html");
  }
}
