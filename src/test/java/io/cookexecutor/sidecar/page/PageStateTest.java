package io.cookexecutor.sidecar.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cookexecutor.progress.ProgressUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /page/state.json's body: every value a JSON value, pure ASCII, hostile text kept as text. */
class PageStateTest {
  /** The top-level fields as text ("null" for null), progress flattened as progress.X. */
  private static Map<String, String> fields(byte[] json) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      String prefix = "";
      String name = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> name = p.currentName();
          case START_OBJECT -> prefix = name == null ? "" : name + ".";
          case END_OBJECT -> prefix = "";
          default -> out.put(prefix + name, t == JsonToken.VALUE_NULL ? "null" : p.getText());
        }
      }
    }
    return out;
  }

  @Test
  void identityProgressAndLimitsWithHostileTextKeptAsText() throws IOException {
    String name = "</script><script>alert(1)</script> caf\u00e9 \u2603";
    PageHeader header = new PageHeader("job-1", "inst-1", name, true, () -> new ProgressUpdate(3, 42, "half way"));
    byte[] json = new SandboxPage(Path.of("/mnt/sand box"), 4096, header).state();

    for (byte b : json) {
      assertThat(b & 0xff).isLessThan(0x80);
    }
    assertThat(new String(json, StandardCharsets.US_ASCII)).doesNotContain("\u00e9");
    Map<String, String> f = fields(json);
    assertThat(f).containsEntry("workdir", "/mnt/sand box").containsEntry("maxReadLength", "4096")
        .containsEntry("job", "job-1").containsEntry("instance", "inst-1").containsEntry("name", name)
        .containsEntry("progressTracked", "true").containsEntry("progress.percent", "42")
        .containsEntry("progress.message", "half way").containsEntry("progress.sequence", "3");
  }

  @Test
  void whatIsUnknownIsNull() throws IOException {
    PageHeader none = new PageHeader(null, null, null, false, () -> null);
    Map<String, String> f = fields(new SandboxPage(Path.of("/w"), 25_000_000, none).state());
    assertThat(f).containsEntry("job", "null").containsEntry("instance", "null").containsEntry("name", "null")
        .containsEntry("progressTracked", "false").containsEntry("progress", "null");
  }
}
