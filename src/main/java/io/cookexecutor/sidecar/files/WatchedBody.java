package io.cookexecutor.sidecar.files;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** An answer's body stream that reports each completed write to its {@link StallWatch.Watched}. */
final class WatchedBody extends FilterOutputStream {
  private final StallWatch.Watched watch;

  WatchedBody(OutputStream body, StallWatch.Watched watch) {
    super(body);
    this.watch = watch;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    watch.progress();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    watch.progress();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
    watch.progress();
  }

  @Override
  public void close() throws IOException {
    out.close(); // the JDK's close flushes what is left: a stall there is abandoned like any other
  }
}
