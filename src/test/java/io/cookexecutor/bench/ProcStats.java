package io.cookexecutor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Readings from /proc for the benchmarks. */
final class ProcStats {
  private static final double CLOCK_TICKS = 100.0;

  private ProcStats() {}

  /** A kB field of /proc/PID/smaps_rollup or /proc/PID/status, or NaN. */
  static double kb(long pid, String file, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), file))) {
        if (line.startsWith(field)) {
          return Double.parseDouble(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /** User plus system CPU seconds of a process. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  static int count(Path dir) {
    try (var s = Files.list(dir)) {
      return (int) s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double percentile(List<Double> xs, double p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.isEmpty() ? Double.NaN : s.get((int) Math.min(s.size() - 1, Math.round(p * (s.size() - 1))));
  }
}
