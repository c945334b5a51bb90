package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios 1-10 of kubernetes-sidecar.md and the confinement cases, over real HTTP on 127.0.0.1, against
 * a file server each subclass starts (in process, or the real cook-sidecar process).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilesScenarios {
  Path tmp;
  Path w;
  Started server;
  FilesClient client;

  /** A running file server and how to stop it. */
  record Started(int port, AutoCloseable stopper) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopper.close();
    }
  }

  /** Starts a file server over {@code workdir} with that largest read length. */
  abstract Started start(Path workdir, long maxReadLength) throws IOException;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    tmp = dir;
    w = Files.createDirectory(tmp.resolve("sandbox"));
    Files.writeString(w.resolve("stdout"), "foobarbaz\n");
    Files.writeString(w.resolve("stderr"), "");
    Files.createDirectory(w.resolve("dir"));
    Path sibling = Files.createDirectory(tmp.resolve("sandbox2"));
    Files.writeString(sibling.resolve("secret"), "secret");
    server = start(w, 25_000_000);
    client = new FilesClient(server.port());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void scenario1_theReadinessProbe() throws IOException {
    FilesClient.Answer answer = client.raw("GET", "/readiness-probe");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEmpty();
  }

  static Map<String, Object> json(FilesClient.Answer answer) throws IOException {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.header("content-type")).isEqualTo("application/json");
    return Json.object(answer.text());
  }

  static void assertNotServed(FilesClient.Answer answer) {
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body()).isEmpty();
  }

  static void assertRefused(FilesClient.Answer answer, int status, String text) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.text()).isEqualTo(text);
    assertThat(answer.header("content-type")).startsWith("text/plain");
  }

  @Test
  void scenario2_noOffsetGivesTheSizeInBytes() throws IOException {
    Files.writeString(w.resolve("sized"), "caf\u00e9\n");
    for (String extra : new String[] {"", "&offset=-1", "&length=-1", "&offset=-1&length=5", "&length=999999999999"}) {
      assertThat(json(client.get("/files/read", w + "/sized", extra)))
          .as(extra).isEqualTo(Map.of("data", "", "offset", 6L));
    }
  }

  @Test
  void scenario3_aWindowOfBytes() throws IOException {
    assertThat(json(client.get("/files/read", w + "/stdout", "&offset=3&length=3")))
        .isEqualTo(Map.of("data", "bar", "offset", 3L));
    assertThat(json(client.get("/files/read.json", w + "/stdout", "&offset=3&length=0")))
        .isEqualTo(Map.of("data", "", "offset", 3L));
    assertThat(json(client.get("/files/read", w + "/stdout", "&offset=0")))
        .isEqualTo(Map.of("data", "foobarbaz\n", "offset", 0L));
    assertThat(json(client.get("/files/read", w + "/stdout", "&offset=8&length=100")))
        .isEqualTo(Map.of("data", "z\n", "offset", 8L));
    assertThat(json(client.get("/files/read", w + "/stdout", "&offset=100&length=3")))
        .isEqualTo(Map.of("data", "", "offset", 100L));
    assertThat(client.get("/files/read", w + "/stdout", "&offset=3&length=3").text())
        .isEqualTo("{\"data\":\"bar\",\"offset\":3}\n");
  }

  @Test
  void scenario4_badNumbers() throws IOException {
    assertRefused(client.get("/files/read", w + "/stdout", "&offset=foo"), 400,
        "Failed to parse offset: Failed to convert 'foo' to number.\n");
    assertRefused(client.get("/files/read", w + "/stdout", "&offset=-2"), 400, "Negative offset provided: -2.\n");
    assertRefused(client.get("/files/read", w + "/stdout", "&offset=0&length=bar"), 400,
        "Failed to parse length: Failed to convert 'bar' to number.\n");
    assertRefused(client.get("/files/read", w + "/stdout", "&offset=0&length=-2"), 400,
        "Negative length provided: -2.\n");
    // the numbers are checked before the path: a missing file still gets the number's message
    assertRefused(client.get("/files/read", w + "/missing", "&offset=x"), 400,
        "Failed to parse offset: Failed to convert 'x' to number.\n");
  }

  @Test
  void scenario5_aLengthOverTheMaximum() throws Exception {
    try (Started small = start(w, 5)) {
      FilesClient c = new FilesClient(small.port());
      assertRefused(c.get("/files/read", w + "/stdout", "&offset=0&length=6"), 400,
          "Requested length for file read, 6 is greater than max allowed length, 5");
      assertThat(json(c.get("/files/read", w + "/stdout", "&offset=0&length=5")))
          .isEqualTo(Map.of("data", "fooba", "offset", 0L));
      assertThat(json(c.get("/files/read", w + "/stdout", "&offset=2")))
          .isEqualTo(Map.of("data", "obarb", "offset", 2L));
      // the size is answered whatever the length
      assertThat(json(c.get("/files/read", w + "/stdout", "&length=6")))
          .isEqualTo(Map.of("data", "", "offset", 10L));
    }
  }

  @Test
  void scenario6_noPath() throws IOException {
    for (String route : new String[] {"/files/read", "/files/read.json", "/files/download",
        "/files/download.json", "/files/browse", "/files/browse.json"}) {
      assertRefused(client.raw("GET", route), 400, "Expecting 'path=value' in query.\n");
      assertRefused(client.raw("GET", route + "?offset=0&Path=/x"), 400, "Expecting 'path=value' in query.\n");
    }
  }

  @Test
  void scenario7_nothingOutsideIsServed() throws IOException {
    Files.createSymbolicLink(w.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(w.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(w.resolve("proc-status"), Path.of("/proc/self/status"));
    Files.createSymbolicLink(w.resolve("sibling"), tmp.resolve("sandbox2"));
    List<String> outside = List.of(w + "/missing", "/etc/passwd", w + "/../etc", w + "/..",
        tmp + "/sandbox2/secret", tmp + "/sandbox2", w + "/etc/passwd", w + "/passwd", w + "/proc-status",
        w + "/sibling/secret", w + "/sibling", "stdout", "", "/proc/self/status");
    for (String path : outside) {
      for (String route : new String[] {"/files/read", "/files/download", "/files/browse"}) {
        assertNotServed(client.get(route, path, "&offset=0"));
      }
    }
    // encoded dots are decoded once and resolved as a path: still outside
    assertNotServed(client.raw("GET", "/files/read?path=" + w + "/%2e%2e/sandbox2/secret&offset=0"));
    assertNotServed(client.raw("GET", "/files/read?path=" + w + "%2F..%2F..%2Fetc%2Fpasswd&offset=0"));
    assertNotServed(client.raw("GET", "/files/download?path=" + w + "/%2E%2E/%2E%2E/etc/passwd"));
    // a doubly encoded dot is a file name of its own, not a parent
    assertNotServed(client.raw("GET", "/files/read?path=" + w + "/%252e%252e/stdout&offset=0"));
  }

  @Test
  void symlinksAndDotsInsideAreServed() throws IOException {
    Files.createDirectories(w.resolve("links"));
    Files.createSymbolicLink(w.resolve("links/out"), Path.of("../stdout"));
    assertThat(json(client.get("/files/read", w + "/links/out", "&offset=0&length=3")))
        .isEqualTo(Map.of("data", "foo", "offset", 0L));
    assertThat(json(client.raw("GET", "/files/read?path=" + w + "/dir/%2e%2e/stdout&offset=3&length=3")))
        .isEqualTo(Map.of("data", "bar", "offset", 3L));
  }

  @Test
  void scenario8_directoriesAreNotReadOrDownloaded() throws IOException {
    assertRefused(client.get("/files/read", w.toString(), "&offset=0"), 400, "Cannot read a directory.\n");
    assertRefused(client.get("/files/read", w + "/dir", ""), 400, "Cannot read a directory.\n");
    assertRefused(client.get("/files/download", w + "/dir", ""), 400, "Cannot download a directory.\n");
  }

  @Test
  void specialFilesAreRefusedAtOnceAndNeverOpenedBlocking() throws Exception {
    Path fifo = w.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    for (int i = 0; i < 20; i++) { // more than the worker threads: a stuck worker would show
      assertRefused(client.get("/files/read", fifo.toString(), "&offset=0"), 400,
          "Cannot read a special file (FIFO, socket or device).\n");
      assertRefused(client.get("/files/download", fifo.toString(), ""), 400,
          "Cannot download a special file (FIFO, socket or device).\n");
    }
    // the type is checked before the size is answered, as for a directory
    assertRefused(client.get("/files/read", fifo.toString(), ""), 400,
        "Cannot read a special file (FIFO, socket or device).\n");
    assertThat(client.get("/files/browse", fifo.toString(), "").text()).isEqualTo("[]\n");
  }

  @Test
  void scenario9_downloadIsTheSameBytesAsAnAttachment() throws IOException {
    byte[] bytes = new byte[300_000];
    new java.util.Random(9).nextBytes(bytes);
    Files.write(w.resolve("blob.bin"), bytes);
    FilesClient.Answer answer = client.get("/files/download", w + "/blob.bin", "");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(bytes);
    assertThat(answer.header("content-disposition")).isEqualTo("attachment; filename=blob.bin");
    assertThat(answer.header("content-type")).isEqualTo("application/octet-stream");
    FilesClient.Answer stdout = client.get("/files/download.json", w + "/stdout", "");
    assertThat(stdout.text()).isEqualTo("foobarbaz\n");
    assertThat(stdout.header("content-disposition")).isEqualTo("attachment; filename=stdout");
    FilesClient.Answer empty = client.get("/files/download", w + "/stderr", "");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
    Files.writeString(w.resolve("notes.txt"), "n");
    assertThat(client.get("/files/download", w + "/notes.txt", "").header("content-type"))
        .isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void scenario10_browseListsSortedEntriesWithExactlyTheKeys() throws Exception {
    Path b = Files.createDirectory(w.resolve("browse"));
    Files.writeString(b.resolve("zeta"), "12345");
    Files.writeString(b.resolve("alpha"), "1");
    Files.setPosixFilePermissions(b.resolve("alpha"), PosixFilePermissions.fromString("rwxr-x--x"));
    Files.createDirectory(b.resolve("mid"));
    Files.createSymbolicLink(b.resolve("link"), Path.of("zeta"));
    List<Map<String, Object>> entries = Json.array(client.get("/files/browse", b.toString(), "").text());
    assertThat(entries).extracting(e -> e.get("path"))
        .containsExactly(b + "/alpha", b + "/link", b + "/mid", b + "/zeta");
    for (Map<String, Object> e : entries) {
      assertThat(e.keySet()).containsExactly("gid", "mode", "mtime", "nlink", "path", "size", "uid");
      assertThat(e.get("uid")).isEqualTo(Files.getOwner(b).getName());
    }
    assertThat(entries.get(0)).containsEntry("mode", "-rwxr-x--x").containsEntry("size", 1L)
        .containsEntry("nlink", 1L)
        .containsEntry("mtime", Files.getLastModifiedTime(b.resolve("alpha")).toMillis() / 1000);
    // stat follows the symlink: the link shows its target's size and mode
    assertThat(entries.get(1)).containsEntry("size", 5L).containsEntry("mode", "-rw-r--r--");
    assertThat((String) entries.get(2).get("mode")).startsWith("d");
    // a path with a trailing slash joins without a double one
    assertThat(Json.array(client.get("/files/browse.json", b + "/", "").text()))
        .extracting(e -> e.get("path")).first().isEqualTo(b + "/alpha");
    assertThat(client.get("/files/browse", w + "/stdout", "").text()).isEqualTo("[]\n");
    assertThat(client.get("/files/browse", w + "/dir", "").text()).isEqualTo("[]\n");
  }

  @Test
  void otherRoutesAndMethods() throws IOException {
    // "/" is the sandbox page now (SandboxPageIT); nothing else outside the routes is served
    FilesClient.Answer page = client.raw("GET", "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
    assertNotServed(client.raw("GET", "/index.html"));
    assertNotServed(client.raw("GET", "/page/"));
    assertNotServed(client.raw("GET", "/files/readx?path=" + w));
    assertNotServed(client.raw("GET", "/readiness-probe.json"));
    FilesClient.Answer post = client.raw("POST", "/files/read?path=" + w + "/stdout");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("allow")).isEqualTo("GET");
    assertThat(client.raw("DELETE", "/files/download?path=" + w + "/stdout").status()).isEqualTo(405);
    assertThat(Files.exists(w.resolve("stdout"))).isTrue();
  }

  @Test
  void malformedQueriesGetA4xxAndTheServerGoesOn() throws IOException {
    // the JDK refuses a malformed escape in the request target itself, before any route
    assertThat(client.raw("GET", "/files/read?path=%2").status()).isEqualTo(400);
    assertRefused(client.raw("GET", "/files/read?path=%C3%28"), 400,
        "Malformed query string: percent-encoded bytes that are not UTF-8.\n");
    assertRefused(client.raw("GET", "/files/read?path=" + w + "/stdout%00"), 400, "Path contains a NUL character.\n");
    assertThat(client.raw("GET", "/files/read?path=%zz").status()).isEqualTo(400);
    assertThat(client.raw("GET", "/files/read?path=/a%20b c").status()).isBetween(400, 499);
    assertThat(client.raw("GET", "/files/read?path=/" + "a".repeat(50_000)).status()).isEqualTo(414);
    assertNotServed(client.raw("GET", "/files/read?path=/" + "a/".repeat(5000) + "&offset=0"));
    assertThat(client.raw("GET", "/readiness-probe").status()).isEqualTo(200);
  }

  /** A tiny JSON reader for the answers: jackson-core, independent of the product's own reader. */
  static final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    static Map<String, Object> object(String text) throws IOException {
      try (JsonParser p = FACTORY.createParser(text)) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        return readObject(p);
      }
    }

    static List<Map<String, Object>> array(String text) throws IOException {
      try (JsonParser p = FACTORY.createParser(text)) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
        List<Map<String, Object>> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
          out.add(readObject(p));
        }
        return out;
      }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
      Map<String, Object> out = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken value = p.nextToken();
        out.put(name, value == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : p.getText());
      }
      return out;
    }
  }
}
