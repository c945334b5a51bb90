package io.cookexecutor.progress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches that look at eight bytes per step (SWAR: "SIMD within a register"). A scan of ordinary
 * output is dominated by these loops, so they avoid per-byte branches.
 */
final class ByteSearch {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  private ByteSearch() {}

  /** {@code b} in every byte of a long. */
  static long broadcast(byte b) {
    return (b & 0xFFL) * ONES;
  }

  /**
   * A mask with bit 7 of byte k set exactly when byte k of {@code word} equals the byte broadcast in
   * {@code pattern}. Exact (no false positives), unlike the shorter "has zero byte" trick.
   */
  static long equalBytes(long word, long pattern) {
    long x = word ^ pattern;
    long t = (x & LOW7) + LOW7;
    return ~(t | x | LOW7);
  }

  /** First index of {@code b} in {@code a[from, to)}, or -1. */
  static int indexOf(byte[] a, int from, int to, byte b) {
    long p = broadcast(b);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long m = equalBytes((long) LONG.get(a, i), p);
      if (m != 0) {
        return i + (Long.numberOfTrailingZeros(m) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Last index of {@code b} in {@code a[from, to)}, or -1. */
  static int lastIndexOf(byte[] a, int from, int to, byte b) {
    long p = broadcast(b);
    int i = to;
    for (; i - 8 >= from; i -= 8) {
      long m = equalBytes((long) LONG.get(a, i - 8), p);
      if (m != 0) {
        return i - 8 + (7 - (Long.numberOfLeadingZeros(m) >>> 3));
      }
    }
    for (i--; i >= from; i--) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** How many times {@code b} occurs in {@code a[from, to)}. */
  static long count(byte[] a, int from, int to, byte b) {
    long p = broadcast(b);
    long n = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      n += Long.bitCount(equalBytes((long) LONG.get(a, i), p));
    }
    for (; i < to; i++) {
      if (a[i] == b) {
        n++;
      }
    }
    return n;
  }

  /**
   * First index at which {@code literal} (not empty) starts inside {@code a[from, to)}, the whole literal
   * lying inside the range, or -1. Candidates are positions where both the first and the last byte of the
   * literal match, eight starts at a time; only those are compared in full.
   */
  static int indexOf(byte[] a, int from, int to, byte[] literal) {
    int len = literal.length;
    int lastStart = to - len;
    if (lastStart < from) {
      return -1;
    }
    byte first = literal[0];
    byte last = literal[len - 1];
    long pf = broadcast(first);
    long pl = broadcast(last);
    int i = from;
    // Eight starts i..i+7 at once; the second word reads up to a[i + len + 6] <= a[to - 1].
    for (; i + 7 <= lastStart; i += 8) {
      long m = equalBytes((long) LONG.get(a, i), pf) & equalBytes((long) LONG.get(a, i + len - 1), pl);
      while (m != 0) {
        int at = i + (Long.numberOfTrailingZeros(m) >>> 3);
        if (regionMatches(a, at, literal)) {
          return at;
        }
        m &= m - 1;
      }
    }
    for (; i <= lastStart; i++) {
      if (a[i] == first && a[i + len - 1] == last && regionMatches(a, i, literal)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionMatches(byte[] a, int at, byte[] literal) {
    for (int k = 1; k < literal.length - 1; k++) {
      if (a[at + k] != literal[k]) {
        return false;
      }
    }
    return true;
  }
}
