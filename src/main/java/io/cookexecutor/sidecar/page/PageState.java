package io.cookexecutor.sidecar.page;

import io.cookexecutor.json.JsonWriter;
import io.cookexecutor.progress.ProgressUpdate;
import io.cookexecutor.text.Charsets;

/**
 * The body of {@code /page/state.json}: the sandbox root the page asks {@code /files/*} under, the job's
 * identity and the latest progress state, and the largest read the page may ask, e.g.
 * {@code {"workdir":"/mnt/sandbox","maxReadLength":25000000,"job":"…","instance":"…","name":"…","progressTracked":true,
 * "progress":{"percent":42,"message":"half way","sequence":3}}} ({@code null} for what is unknown). Pure
 * ASCII: every other character escaped, as the /files routes write.
 */
final class PageState {
  private PageState() {}

  static byte[] json(String workdir, long maxReadLength, PageHeader header, ProgressUpdate latest) {
    JsonWriter json = JsonWriter.ascii().beginObject()
        .field("workdir", workdir)
        .field("maxReadLength", maxReadLength)
        .field("job", header.jobUuid())
        .field("instance", header.instanceUuid())
        .field("name", header.jobName())
        .field("progressTracked", header.progressTracked())
        .name("progress");
    if (latest == null) {
      json.nullValue();
    } else {
      json.beginObject()
          .field("percent", latest.percent())
          .field("message", latest.message())
          .field("sequence", latest.sequence())
          .endObject();
    }
    return (json.endObject().text() + "\n").getBytes(Charsets.US_ASCII);
  }
}
