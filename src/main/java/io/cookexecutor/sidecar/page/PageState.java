package io.cookexecutor.sidecar.page;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.cookexecutor.progress.ProgressUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of {@code /page/state.json}: the sandbox root the page asks {@code /files/*} under, the job's
 * identity and the latest progress state, and the largest read the page may ask, e.g.
 * {@code {"workdir":"/mnt/sandbox","maxReadLength":25000000,"job":"…","instance":"…","name":"…","progressTracked":true,
 * "progress":{"percent":42,"message":"half way","sequence":3}}} ({@code null} for what is unknown). Pure
 * ASCII: every other character escaped, as the /files routes write.
 */
final class PageState {
  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private PageState() {}

  static byte[] json(String workdir, long maxReadLength, PageHeader header, ProgressUpdate latest) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(body)) {
      json.writeStartObject();
      json.writeStringField("workdir", workdir);
      json.writeNumberField("maxReadLength", maxReadLength);
      json.writeStringField("job", header.jobUuid());
      json.writeStringField("instance", header.instanceUuid());
      json.writeStringField("name", header.jobName());
      json.writeBooleanField("progressTracked", header.progressTracked());
      if (latest == null) {
        json.writeNullField("progress");
      } else {
        json.writeObjectFieldStart("progress");
        json.writeNumberField("percent", latest.percent());
        json.writeStringField("message", latest.message());
        json.writeNumberField("sequence", latest.sequence());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array never fails
    }
    body.write('\n');
    return body.toByteArray();
  }
}
