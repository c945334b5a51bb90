package io.cookexecutor.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Reads of a socket that all end by one deadline: each read may block only for the time left, so an agent
 * that trickles bytes cannot stretch a call past it. {@link #clear} lifts the deadline (an open event
 * stream may be silent for any time).
 */
public final class DeadlineInputStream extends FilterInputStream {
  private final Socket socket;
  private long deadlineNanos;
  private boolean armed;

  public DeadlineInputStream(Socket socket, InputStream in) {
    super(in);
    this.socket = socket;
  }

  /** Every read from now on must end within {@code millis}. */
  public void arm(long millis) {
    deadlineNanos = System.nanoTime() + millis * 1_000_000L;
    armed = true;
  }

  /** Reads may block without limit. */
  public void clear() throws IOException {
    armed = false;
    socket.setSoTimeout(0);
  }

  private void bound() throws IOException {
    if (!armed) {
      return;
    }
    long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    if (leftMs <= 0) {
      throw new SocketTimeoutException("no answer within the call's deadline");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
  }

  @Override
  public int read() throws IOException {
    bound();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    bound();
    return super.read(b, off, len);
  }
}
