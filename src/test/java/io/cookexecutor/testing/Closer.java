package io.cookexecutor.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened, newest first, after each test (a sidecar before the scheduler it posts to),
 * even when an earlier close fails. Register with {@code @RegisterExtension final Closer closing = new Closer();}.
 */
public final class Closer implements AfterEachCallback {
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  /** Closes {@code c} after the test, before everything added earlier; returns it. */
  public <T extends AutoCloseable> T add(T c) {
    open.push(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
