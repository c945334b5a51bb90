package io.cookexecutor.local;

/** How the agent cuts the RecordIO byte stream of events into HTTP chunks. */
public enum ChunkMode {
  /** Each record in a chunk of its own, as a Mesos agent writes them. */
  RECORD_PER_CHUNK,
  /**
   * Each record split across two chunks, and records written together coalesced, so one chunk holds the end
   * of one record and the start of the next: exercises decoders that wrongly assume chunk = record.
   */
  SPLIT
}
