package io.cookexecutor.lifetime;

import java.io.Closeable;
import java.io.IOException;

/** Closing what a thread or a call owns when nothing can be done about a failure to close it. */
public final class Closing {
  private Closing() {}

  /** Closes {@code c}; a failure to close (a broken socket, a file already gone) is not reported. */
  public static void quietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Closing is the last thing done with it: there is nothing left to report.
    }
  }
}
