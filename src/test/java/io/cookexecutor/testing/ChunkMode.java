package io.cookexecutor.testing;

import io.cookexecutor.local.agent.RecordChunking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How a {@link AgentFaults faulty agent} cuts the RecordIO byte stream of events into HTTP chunks. */
public enum ChunkMode implements RecordChunking {
  /** Each record in a chunk of its own, as a Mesos agent writes them. */
  RECORD_PER_CHUNK {
    @Override
    public List<byte[]> chunks(List<byte[]> records) {
      return records;
    }
  },
  /**
   * Each record split across two chunks, and records written together coalesced, so one chunk holds the end
   * of one record and the start of the next: exercises decoders that wrongly assume chunk = record.
   */
  SPLIT {
    @Override
    public List<byte[]> chunks(List<byte[]> records) {
      // Chunks: [r0 head] [r0 tail + r1 head] ... [rN tail]. A framed record has at least 3 bytes, so both
      // halves are non-empty.
      List<byte[]> chunks = new ArrayList<>();
      byte[] carry = new byte[0];
      for (byte[] r : records) {
        int half = r.length / 2;
        chunks.add(concat(carry, Arrays.copyOfRange(r, 0, half)));
        carry = Arrays.copyOfRange(r, half, r.length);
      }
      chunks.add(carry);
      return chunks;
    }
  };

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
