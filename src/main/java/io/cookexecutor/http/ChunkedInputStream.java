package io.cookexecutor.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes an HTTP/1.1 chunked body. End of stream is the zero-length chunk; a cut connection or a bad
 * chunk is a {@link MalformedHttpException}. Used for the agent's event stream and for request bodies.
 */
public final class ChunkedInputStream extends InputStream {
  private static final int MAX_CHUNK_HEADER = 1024;

  private final InputStream in;
  private long remaining;
  private boolean finished;

  public ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (finished) {
      return -1;
    }
    if (remaining == 0) {
      remaining = nextChunkSize();
      if (remaining == 0) {
        skipTrailers();
        finished = true;
        return -1;
      }
    }
    int n = in.read(buf, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new MalformedHttpException("connection closed inside a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      expectCrlf();
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(remaining, in.available());
  }

  private long nextChunkSize() throws IOException {
    String line = HttpLines.readLine(in, MAX_CHUNK_HEADER);
    if (line == null) {
      throw new MalformedHttpException("connection closed before the next chunk");
    }
    int semi = line.indexOf(';');
    String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
    try {
      long size = Long.parseLong(hex, 16);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new MalformedHttpException("bad chunk size line");
    }
  }

  private void expectCrlf() throws IOException {
    String line = HttpLines.readLine(in, 2);
    if (line == null || !line.isEmpty()) {
      throw new MalformedHttpException("chunk not followed by CRLF");
    }
  }

  private void skipTrailers() throws IOException {
    String line;
    do {
      line = HttpLines.readLine(in, MAX_CHUNK_HEADER);
    } while (line != null && !line.isEmpty());
  }
}
