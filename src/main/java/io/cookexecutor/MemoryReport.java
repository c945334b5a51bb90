package io.cookexecutor;

import io.cookexecutor.text.Charsets;
import java.io.FileInputStream;
import java.io.IOException;

/** The executor's own memory use, in the log line {@link #schedule}d every period and at the end. */
final class MemoryReport implements Runnable {
  private final io.cookexecutor.loop.Loop loop;
  private final java.time.Duration period;
  private final io.cookexecutor.log.Log log;

  MemoryReport(io.cookexecutor.loop.Loop loop, java.time.Duration period, io.cookexecutor.log.Log log) {
    this.loop = loop;
    this.period = period;
    this.log = log;
  }

  /** Logs the line on the loop once the period has passed, and so on. */
  void schedule() {
    loop.schedule(period, this);
  }

  @Override
  public void run() {
    log.info(line());
    schedule();
  }

  /** {@code line} with each run of whitespace made one space (no regex: it would load the engine for this). */
  private static String collapsed(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    boolean space = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean white = Character.isWhitespace(c);
      if (!white) {
        sb.append(c);
      } else if (!space) {
        sb.append(' ');
      }
      space = white;
    }
    return sb.toString();
  }

  /** RSS, peak RSS, thread count and heap use, in one line. */
  static String line() {
    StringBuilder sb = new StringBuilder("memory:");
    // A plain stream and a split by hand: a Reader over Files' channel loads a dozen classes at every exit.
    try (FileInputStream in = new FileInputStream("/proc/self/status")) {
      for (String l : new String(in.readAllBytes(), Charsets.ISO_8859_1).split("\n")) {
        if (l.startsWith("VmRSS:") || l.startsWith("VmHWM:") || l.startsWith("Threads:")) {
          sb.append(' ').append(collapsed(l));
        }
      }
    } catch (IOException e) {
      sb.append(" /proc/self/status unreadable");
    }
    Runtime rt = Runtime.getRuntime();
    sb.append(" heap used ").append((rt.totalMemory() - rt.freeMemory()) / 1024).append(" kB of ")
        .append(rt.totalMemory() / 1024).append(" kB");
    return sb.toString();
  }
}
