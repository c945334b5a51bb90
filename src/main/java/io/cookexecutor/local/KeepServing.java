package io.cookexecutor.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code local --kubernetes --keep-serving}: after the job, waits until the user stops it (SIGINT, i.e.
 * Ctrl-C, or SIGTERM) or the sidecar ends on its own. Meanwhile those signals only end the wait: the JVM's
 * own handling (its shutdown hooks, then exit) is put back at once, so a second Ctrl-C still ends
 * {@code local} as before.
 */
public final class KeepServing {
  private KeepServing() {}

  static void untilStopped(Process sidecar) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    SignalHandler onInt = Signal.handle(new Signal("INT"), s -> stop.countDown());
    SignalHandler onTerm = Signal.handle(new Signal("TERM"), s -> stop.countDown());
    try {
      while (sidecar.isAlive() && !stop.await(200, TimeUnit.MILLISECONDS)) {
        // the sidecar serves the sandbox page
      }
    } finally {
      Signal.handle(new Signal("INT"), onInt);
      Signal.handle(new Signal("TERM"), onTerm);
    }
  }
}
