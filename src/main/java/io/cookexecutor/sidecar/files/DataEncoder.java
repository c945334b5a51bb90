package io.cookexecutor.sidecar.files;

import io.cookexecutor.text.Charsets;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the bytes of a read window as the contents of a JSON string, in pure ASCII (non-ASCII characters as
 * {@code \}{@code uXXXX}, as Flask's {@code jsonify} writes them). The decision on bytes that are not
 * UTF-8 keeps one invariant: <b>the UTF-8 encoding of {@code data} is exactly as long as the bytes it stands
 * for</b>, so a reader advancing its offset by the UTF-8 length of what it received never skips or repeats:
 * <ul>
 *   <li>a complete, valid UTF-8 sequence is its character;</li>
 *   <li>a sequence cut by the window's end is held back (not in {@code data}), so the next read, which starts
 *       at its first byte, gets it whole; except when nothing else was written and the window ended before
 *       the file did (a window shorter than one character), when it is written as below;</li>
 *   <li>any other byte (not UTF-8, or the tail of a character that began before the window) is one
 *       {@code ?}.</li>
 * </ul>
 */
final class DataEncoder {
  private static final byte[] HEX = "0123456789abcdef".getBytes(Charsets.US_ASCII);
  private final OutputStream out;
  private final byte[] buffer;
  private int buffered;
  private long consumed;

  /** Writes to {@code out} through {@code scratch} (reused; its length is the write size). */
  DataEncoder(OutputStream out, byte[] scratch) {
    this.out = out;
    this.buffer = scratch;
  }

  /** Bytes of the window accounted for in {@code data} so far (held-back bytes excluded). */
  long consumed() {
    return consumed;
  }

  /**
   * Encodes {@code bytes[offset, offset + length)} and returns how many it used: all of them but a valid,
   * incomplete sequence at their end (at most 3 bytes), which the caller passes again followed by the next
   * bytes of the window, or to {@link #finish} when the window ends there.
   */
  int write(byte[] bytes, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int used = plainRun(bytes, i, end);
      if (used > 0) {
        putAll(bytes, i, used);
      } else {
        used = encodeOne(bytes, i, end);
        if (used == 0) {
          break;
        }
      }
      consumed += used;
      i += used;
    }
    return i - offset;
  }

  /**
   * Ends the window, whose last {@code cut} bytes (0-3) were left unused by {@link #write}:
   * {@code windowReachedEnd} says whether the window ended at the file's end, where a cut sequence is
   * held back even when it is all there is, as the writer may be mid-character.
   */
  void finish(int cut, boolean windowReachedEnd) throws IOException {
    if (cut > 0 && consumed == 0 && !windowReachedEnd) {
      for (int k = 0; k < cut; k++) {
        put('?');
      }
      consumed += cut;
    }
    flush();
  }

  /**
   * Encodes the sequence starting at {@code i} and returns how many bytes it took, or 0 when the bytes end
   * inside a sequence that is valid so far.
   */
  private int encodeOne(byte[] b, int i, int end) throws IOException {
    int lead = b[i] & 0xff;
    if (lead < 0x80) {
      putEscaped(lead);
      return 1;
    }
    if (lead < 0xc2 || lead > 0xf4) {
      return replace();
    }
    // The well-formed sequences (Unicode, table 3-7): only the second byte's range depends on the lead.
    int need = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
    int min = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
    int max = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
    int cp = lead & (0x3f >> need);
    for (int k = 1; k <= need; k++) {
      if (i + k >= end) {
        return 0;
      }
      int c = b[i + k] & 0xff;
      int lo = k == 1 ? min : 0x80;
      int hi = k == 1 ? max : 0xbf;
      if (c < lo || c > hi) {
        return replace();
      }
      cp = cp << 6 | (c & 0x3f);
    }
    putCodePoint(cp);
    return need + 1;
  }

  /** How many bytes from {@code i} are printable ASCII that JSON takes as they are (most output is). */
  private static int plainRun(byte[] b, int i, int end) {
    int j = i;
    while (j < end) {
      int c = b[j];
      if (c < 0x20 || c == '"' || c == '\\') {
        break; // negative: non-ASCII
      }
      j++;
    }
    return j - i;
  }

  private void putAll(byte[] b, int from, int length) throws IOException {
    for (int at = from, end = from + length; at < end; ) {
      if (buffered == buffer.length) {
        flush();
      }
      int n = Math.min(end - at, buffer.length - buffered);
      System.arraycopy(b, at, buffer, buffered, n);
      buffered += n;
      at += n;
    }
  }

  private int replace() throws IOException {
    put('?');
    return 1;
  }

  /** A control character, {@code "} or {@code \}: JSON's two-character escape where it has one. */
  private void putEscaped(int c) throws IOException {
    int shortEscape = "\"\\\n\r\t\b\f".indexOf(c);
    if (shortEscape < 0) {
      putEscape(c);
    } else {
      put('\\');
      put("\"\\nrtbf".charAt(shortEscape));
    }
  }

  private void putCodePoint(int cp) throws IOException {
    if (cp < 0x10000) {
      putEscape(cp);
    } else {
      putEscape(Character.highSurrogate(cp));
      putEscape(Character.lowSurrogate(cp));
    }
  }

  private void putEscape(int unit) throws IOException {
    put('\\');
    put('u');
    put(HEX[unit >> 12 & 0xf]);
    put(HEX[unit >> 8 & 0xf]);
    put(HEX[unit >> 4 & 0xf]);
    put(HEX[unit & 0xf]);
  }

  private void put(int c) throws IOException {
    if (buffered == buffer.length) {
      flush();
    }
    buffer[buffered++] = (byte) c;
  }

  private void flush() throws IOException {
    if (buffered > 0) {
      out.write(buffer, 0, buffered);
      buffered = 0;
    }
  }
}
