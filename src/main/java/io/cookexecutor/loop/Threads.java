package io.cookexecutor.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Named daemon threads whose uncaught exceptions are logged, never silently lost. */
public final class Threads {
  private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

  private Threads() {}

  /** A daemon thread named {@code name}, not yet started. */
  public static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((th, e) -> LOG.error("thread {} died", th.getName(), e));
    return t;
  }

  /** Starts a daemon thread named {@code name}. */
  public static Thread start(String name, Runnable body) {
    Thread t = daemon(name, body);
    t.start();
    return t;
  }
}
