package io.cookexecutor.local.agent;

import java.util.List;

/**
 * How the agent cuts the RecordIO records it writes together into HTTP chunks. A Mesos agent writes each
 * record in a chunk of its own ({@link #RECORD_PER_CHUNK}, the product's); the tests cut them otherwise to
 * exercise decoders that wrongly take a chunk for a record.
 */
@FunctionalInterface
public interface RecordChunking {
  /** One chunk per record. */
  RecordChunking RECORD_PER_CHUNK = records -> records;

  /**
   * The payloads of the chunks, in order, that carry {@code records} (each already framed, in order);
   * empty payloads are skipped, as an empty chunk would end the body.
   */
  List<byte[]> chunks(List<byte[]> records);
}
