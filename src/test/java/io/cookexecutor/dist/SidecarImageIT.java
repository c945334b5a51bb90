package io.cookexecutor.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's OCI image archive (bin/build-sidecar-image.sh): its layers unpacked as a container runtime
 * would, its configured entry point run under chroot as the scheduler runs it (Cook's command, port
 * appended), and probed. Skipped when the archive has not been built, or without root.
 */
class SidecarImageIT {
  private static final int PORT = 23981;

  @TempDir Path tmp;

  @Test
  void theImagesEntryPointServesTheProbeAndTheSandbox() throws Exception {
    Path image = Path.of(System.getProperty("cook.sidecar.image", "dist/cook-sidecar-oci.tar"));
    assumeTrue(Files.isRegularFile(image), "no " + image + " (build it with bin/build-sidecar-image.sh)");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for chroot");
    Path layout = Files.createDirectory(tmp.resolve("layout"));
    Path root = Files.createDirectory(tmp.resolve("root"));
    run("tar", "-xf", image.toString(), "-C", layout.toString());
    String manifestDigest = field(Files.readString(layout.resolve("index.json")), "digest");
    String manifest = Files.readString(blob(layout, manifestDigest));
    String config = Files.readString(blob(layout, field(manifest, "digest")));
    List<String> layers = digests(manifest);
    assertThat(layers).hasSizeGreaterThan(1); // the config's digest, then each layer's
    for (String layer : layers.subList(1, layers.size())) {
      run("tar", "-xzf", blob(layout, layer).toString(), "-C", root.toString());
    }
    assertThat(config).contains("\"Entrypoint\":[\"/usr/local/bin/cook-sidecar\"]");
    Path sandbox = Files.createDirectories(root.resolve("mnt/sandbox"));
    Files.writeString(sandbox.resolve("stdout"), "hello from the image\n");
    run("mount", "-t", "proc", "proc", root.resolve("proc").toString());
    Process sidecar = null;
    try {
      for (String dev : new String[] {"null:1:3", "urandom:1:9", "random:1:8", "zero:1:5"}) {
        String[] d = dev.split(":");
        run("mknod", "-m", "0666", root.resolve("dev/" + d[0]).toString(), "c", d[1], d[2]);
      }
      ProcessBuilder pb = new ProcessBuilder("chroot", root.toString(), "cook-sidecar", "--bind", "127.0.0.1",
          "--no-progress-reporter", "--file-server-port", String.valueOf(PORT))
          .redirectErrorStream(true).redirectOutput(tmp.resolve("sidecar.log").toFile());
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/local/bin:/bin"); // the image's Env
      pb.environment().put("COOK_WORKDIR", "/mnt/sandbox");
      sidecar = pb.start();
      Process started = sidecar;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> !started.isAlive() || status("/readiness-probe") == 200);
      assertThat(sidecar.isAlive()).as(Files.readString(tmp.resolve("sidecar.log"))).isTrue();
      assertThat(body("/files/read?path=/mnt/sandbox/stdout&offset=0"))
          .isEqualTo("{\"data\":\"hello from the image\\n\",\"offset\":0}\n");
      assertThat(status("/files/read?path=/etc/passwd&offset=0")).isEqualTo(404);
      sidecar.destroy(); // SIGTERM, as the pod's deletion
      assertThat(sidecar.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sidecar.exitValue()).isZero();
    } finally {
      if (sidecar != null) {
        sidecar.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      run("umount", root.resolve("proc").toString());
    }
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  private static String field(String json, String name) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && name.equals(p.getCurrentName())) {
          p.nextToken();
          return p.getText();
        }
      }
    }
    throw new IOException("no " + name + " in " + json);
  }

  private static List<String> digests(String json) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && "digest".equals(p.getCurrentName())) {
          p.nextToken();
          out.add(p.getText());
        }
      }
    }
    return out;
  }

  private static int status(String target) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + target).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      return c.getResponseCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String body(String target) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + PORT + target).toURL().openConnection();
    c.setConnectTimeout(1000);
    c.setReadTimeout(5000);
    return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
