package io.cookexecutor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The executor's own memory use, for the periodic log line. */
final class MemoryReport {
  private MemoryReport() {}

  /** Logs the line on {@code loop} every {@code period}. */
  static void every(io.cookexecutor.loop.Loop loop, java.time.Duration period, io.cookexecutor.log.Log log) {
    loop.schedule(period, () -> {
      log.info(line());
      every(loop, period, log);
    });
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
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
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
