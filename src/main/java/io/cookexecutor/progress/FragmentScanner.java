package io.cookexecutor.progress;

import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a byte stream into fragments and hands on only those that may hold a progress line.
 *
 * <p>A fragment is a line without its newline, or, for a line longer than {@code maxFragment} bytes, each
 * successive piece of {@code maxFragment} bytes of it. Fragments are matched one by one, so a progress line
 * is found even after a 10 MB line, and memory stays at one buffer of {@code chunk + maxFragment} bytes.
 *
 * <p>Speed comes from not looking at most lines at all: when a required literal is known, the buffer is
 * searched for the literal eight bytes at a time, and only around a hit are the enclosing line's start
 * (backwards) and end (forwards) looked for. Ordinary output is thus never split into lines, decoded or
 * matched. Without a literal every fragment is handed on.
 *
 * <p>Invariant between calls: {@code buf[0]} starts a fragment and {@code buf[0, limit)} holds no complete
 * fragment (less than {@code maxFragment} bytes, no newline). Not thread-safe.
 */
final class FragmentScanner {
  /** Receives fragments; the bytes are only valid during the call. */
  @FunctionalInterface
  interface FragmentSink {
    /**
     * One fragment {@code buf[off, off + len)}, never empty.
     *
     * @param line 1-based number of the line it belongs to, or 0 when lines are not counted
     */
    void fragment(byte[] buf, int off, int len, long line);
  }

  /** Default read size. */
  static final int DEFAULT_CHUNK = 64 * 1024;
  private static final byte NL = '\n';

  private final int maxFragment;
  private final byte[] literal;
  private final boolean countLines;
  private final byte[] buf;
  private int limit;
  /** Number of the line holding {@code buf[counted]}, when counting lines. */
  private long line = 1;
  private int counted;

  /**
   * @param maxFragment longest fragment
   * @param literal bytes every interesting fragment contains, or {@code null} to hand on every fragment
   * @param countLines whether to number lines (costs a pass over all bytes; for the dry run only)
   * @param chunk bytes read at a time
   */
  FragmentScanner(int maxFragment, byte[] literal, boolean countLines, int chunk) {
    if (maxFragment < 1 || chunk < 1) {
      throw new IllegalArgumentException("maxFragment and chunk must be positive");
    }
    this.maxFragment = maxFragment;
    this.literal = literal == null || literal.length == 0 ? null : literal.clone();
    this.countLines = countLines;
    this.buf = new byte[Math.addExact(chunk, maxFragment)];
  }

  /** Size of the one buffer; it never grows. */
  int bufferCapacity() {
    return buf.length;
  }

  /** Bytes held back as the start of an unfinished fragment. */
  int pending() {
    return limit;
  }

  /**
   * Reads once from {@code in} into the free part of the buffer and hands on the fragments completed.
   *
   * @return bytes read, or -1 at end of stream
   */
  int readFrom(java.io.RandomAccessFile in, FragmentSink sink) throws IOException {
    int n = in.read(buf, limit, buf.length - limit);
    if (n > 0) {
      limit += n;
      scan(sink);
    }
    return n;
  }

  /** As {@link #readFrom(java.io.RandomAccessFile, FragmentSink)}, from a stream. */
  int readFrom(InputStream in, FragmentSink sink) throws IOException {
    int n = in.read(buf, limit, buf.length - limit);
    if (n > 0) {
      limit += n;
      scan(sink);
    }
    return n;
  }

  /** Adds {@code bytes[off, off + len)} (at most the free space) and hands on completed fragments. */
  int add(byte[] bytes, int off, int len, FragmentSink sink) {
    int n = Math.min(len, buf.length - limit);
    System.arraycopy(bytes, off, buf, limit, n);
    limit += n;
    scan(sink);
    return n;
  }

  /**
   * Ends the current fragment where the data ends (end of the task, or the file was truncated or replaced):
   * hands it on if it may match, then starts afresh on a new line.
   */
  void endOfData(FragmentSink sink) {
    if (limit > 0) {
      if (literal == null || ByteSearch.indexOf(buf, 0, limit, literal) >= 0) {
        emit(0, limit, sink);
      }
      if (countLines) {
        line++; // what follows starts a new line
      }
    }
    limit = 0;
    counted = 0;
  }

  private void scan(FragmentSink sink) {
    int keepFrom = literal == null ? scanAll(sink) : scanForLiteral(sink);
    advanceLines(keepFrom);
    int rest = limit - keepFrom;
    if (keepFrom > 0 && rest > 0) {
      System.arraycopy(buf, keepFrom, buf, 0, rest);
    }
    limit = rest;
    counted = 0;
  }

  /** Hands on every complete fragment; returns where the unfinished one starts. */
  private int scanAll(FragmentSink sink) {
    int pos = 0;
    while (pos < limit) {
      int cap = pos + maxFragment;
      int nl = ByteSearch.indexOf(buf, pos, Math.min(cap, limit), NL);
      if (nl >= 0) {
        emit(pos, nl, sink);
        pos = nl + 1;
      } else if (cap <= limit) {
        emit(pos, cap, sink);
        pos = cap;
      } else {
        break;
      }
    }
    return pos;
  }

  /** Hands on the complete fragments holding the literal; returns where the unfinished one starts. */
  private int scanForLiteral(FragmentSink sink) {
    int pos = 0; // a fragment starts here
    int from = 0;
    while (true) {
      int hit = ByteSearch.indexOf(buf, from, limit, literal);
      if (hit < 0) {
        return fragmentStart(pos, limit);
      }
      int start = fragmentStart(pos, hit);
      int cap = start + maxFragment;
      if (hit + literal.length > cap) {
        // The literal straddles a cut of an over-long line: it is in no single fragment.
        pos = start;
        from = hit + 1;
        continue;
      }
      // The literal holds no newline, so the line cannot end inside it.
      int nl = ByteSearch.indexOf(buf, hit + literal.length, Math.min(cap, limit), NL);
      if (nl >= 0) {
        emit(start, nl, sink);
        pos = from = nl + 1;
      } else if (cap <= limit) {
        emit(start, cap, sink);
        pos = from = cap;
      } else {
        return start; // the fragment is not complete yet; look again when more data came
      }
    }
  }

  /** Start of the fragment holding {@code at}, given that a fragment starts at {@code pos <= at}. */
  private int fragmentStart(int pos, int at) {
    int nl = ByteSearch.lastIndexOf(buf, pos, at, NL);
    int lineStart = nl >= 0 ? nl + 1 : pos;
    return lineStart + (at - lineStart) / maxFragment * maxFragment;
  }

  private void emit(int from, int to, FragmentSink sink) {
    if (to > from) {
      advanceLines(from);
      sink.fragment(buf, from, to - from, countLines ? line : 0);
    }
  }

  private void advanceLines(int to) {
    if (countLines && to > counted) {
      line += ByteSearch.count(buf, counted, to, NL);
      counted = to;
    }
  }
}
