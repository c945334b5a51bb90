package io.cookexecutor.lifetime;

import io.cookexecutor.log.Log;
import java.util.function.Consumer;

/**
 * Where every thread of the product is made: named, and their uncaught exceptions logged (and reported),
 * never silently lost.
 */
public final class Threads {
  /** Where uncaught failures go besides the log (the executor makes them fail the task); null for nowhere. */
  private static volatile Consumer<Throwable> failureSink;
  /** One handler for every thread: a class, not a lambda, on the executor's start-up path. */
  private static final Thread.UncaughtExceptionHandler LOGGING = new LoggingHandler();

  private Threads() {}

  /** Also reports every thread's uncaught failure to {@code sink} (which must only post work). */
  public static void onUncaught(Consumer<Throwable> sink) {
    failureSink = sink;
  }

  /** A daemon thread named {@code name}, not yet started. */
  public static Thread daemon(String name, Runnable body) {
    return daemon(name, 0, body);
  }

  /** As {@link #daemon(String, Runnable)} with a stack of {@code stackBytes} (0: the JVM's default). */
  public static Thread daemon(String name, long stackBytes, Runnable body) {
    Thread t = watched(new Thread(null, body, name, stackBytes));
    t.setDaemon(true);
    return t;
  }

  /** Starts a daemon thread named {@code name}. */
  public static Thread start(String name, Runnable body) {
    Thread t = daemon(name, body);
    t.start();
    return t;
  }

  /** Logs (and reports) what kills {@code t}, a thread made elsewhere (a virtual thread); returns it. */
  public static Thread watched(Thread t) {
    t.setUncaughtExceptionHandler(LOGGING);
    return t;
  }

  private static final class LoggingHandler implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread t, Throwable e) {
      Log.of(Threads.class).error("thread {} died", t.getName(), e);
      Consumer<Throwable> sink = failureSink;
      if (sink != null) {
        sink.accept(e);
      }
    }
  }

  /**
   * Runs {@code body} on a thread named {@code name} if the JVM exits (Ctrl-C) before the returned hook is
   * closed. The JVM waits for it: a shutdown hook is never a daemon.
   */
  public static ExitHook onExit(String name, Runnable body) {
    Thread t = watched(new Thread(body, name));
    Runtime.getRuntime().addShutdownHook(t);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(t);
      } catch (IllegalStateException alreadyExiting) {
        // The JVM is exiting: the hook is running.
      }
    };
  }

  /** A shutdown hook in place until closed. */
  @FunctionalInterface
  public interface ExitHook extends AutoCloseable {
    @Override
    void close();
  }
}
