package io.cookexecutor.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Hostile edits of a valid text: cuts, inserted and replaced bytes (structural, invalid UTF-8, any), BOMs. */
final class JsonMutations {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] INTERESTING = " \t\n\r{}[],:\"\\/-+.eE0123456789tfnu\u0000\u007f".getBytes(StandardCharsets.UTF_8);
  private static final int[] BAD_UTF8 = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};

  static byte[] apply(Random r, byte[] doc) {
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      doc = once(r, doc);
    }
    return doc;
  }

  private static byte[] once(Random r, byte[] doc) {
    int at = doc.length == 0 ? 0 : r.nextInt(doc.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(doc.length + 4);
    switch (r.nextInt(9)) {
      case 0: return Arrays.copyOf(doc, at); // truncated
      case 1: // a byte deleted
        out.write(doc, 0, at);
        out.write(doc, Math.min(at + 1, doc.length), Math.max(0, doc.length - at - 1));
        return out.toByteArray();
      case 2: case 3: case 4: // a byte inserted or replaced
        out.write(doc, 0, at);
        out.write(pick(r));
        int skip = r.nextBoolean() ? 1 : 0;
        out.write(doc, Math.min(at + skip, doc.length), Math.max(0, doc.length - at - skip));
        return out.toByteArray();
      case 5: return r.nextBoolean() ? cat(BOM, doc) : cat(doc, BOM);
      case 6: return cat(doc, new String[] {" x", "{}", " 1", "\u0000", ",", "]", " \"a\"", "\n"}[r.nextInt(8)]);
      case 7: // a slice repeated
        int from = r.nextInt(at + 1);
        out.write(doc, 0, at);
        out.write(doc, from, at - from);
        out.write(doc, at, doc.length - at);
        return out.toByteArray();
      default: return doc; // unchanged: valid texts go through the same checks
    }
  }

  private static int pick(Random r) {
    switch (r.nextInt(3)) {
      case 0: return INTERESTING[r.nextInt(INTERESTING.length)];
      case 1: return BAD_UTF8[r.nextInt(BAD_UTF8.length)];
      default: return r.nextInt(256);
    }
  }

  private static byte[] cat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] cat(byte[] a, String b) {
    return cat(a, b.getBytes(StandardCharsets.UTF_8));
  }
}
