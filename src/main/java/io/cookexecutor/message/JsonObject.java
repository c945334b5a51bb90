package io.cookexecutor.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One JSON object written field by field with Jackson's streaming generator: no object mapper, no reflection. */
public final class JsonObject {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonObject() {}

  /** Writes the fields of one object. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /** The object as UTF-8 bytes. */
  public static byte[] bytes(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return out.toByteArray();
  }

  /** The object as text. */
  public static String text(Fields fields) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Fields fields) throws IOException {
    g.writeStartObject();
    fields.write(g);
    g.writeEndObject();
  }
}
