package io.cookexecutor.lifetime;

import java.util.function.Consumer;
import io.cookexecutor.log.Log;

/** Named daemon threads whose uncaught exceptions are logged, never silently lost. */
public final class Threads {
  /** Where uncaught failures go besides the log; the executor makes them fail the task. */
  private static volatile Consumer<Throwable> failureSink = t -> { };

  private Threads() {}

  /** Also reports every thread's uncaught failure to {@code sink} (which must only post work). */
  public static void onUncaught(Consumer<Throwable> sink) {
    failureSink = sink;
  }

  /** A daemon thread named {@code name}, not yet started. */
  public static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((th, e) -> {
      Log.of(Threads.class).error("thread {} died", th.getName(), e);
      failureSink.accept(e);
    });
    return t;
  }

  /** Starts a daemon thread named {@code name}. */
  public static Thread start(String name, Runnable body) {
    Thread t = daemon(name, body);
    t.start();
    return t;
  }
}
