package io.cookexecutor.progress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scan-speed benchmark of the real tracker, run by {@code bench/progress-scan.sh} (not a test).
 *
 * <p>Each pass scans the file {@code REPEAT} times; each scan builds a {@link ProgressTracker} over the file
 * and calls {@code finish}, which reads it to its end on an event loop run by this thread. Reported per pass, in MB/s per
 * core of CPU time: the tracker thread's own CPU time (nanosecond clock, read on that thread inside the
 * final send, which comes after the last byte is read) and the whole process's CPU time (all threads:
 * JIT compilation, GC; this clock ticks in 10 ms steps here, hence the repeats).
 *
 * <p>Usage: {@code ScanBench FILE [PASSES] [REPEAT] [--no-prefilter] [REGEX]}. With {@code --no-prefilter}
 * the same reading and matching code runs without the literal search, so every line is decoded and
 * matched: the cost the prefilter avoids.
 */
public final class ScanBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ScanBench() {}

  public static void main(String[] args) throws Exception {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    boolean noPrefilter = a.remove("--no-prefilter");
    Path file = Path.of(a.get(0));
    int passes = a.size() > 1 ? Integer.parseInt(a.get(1)) : 5;
    int repeat = a.size() > 2 ? Integer.parseInt(a.get(2)) : 5;
    String regex = a.size() > 3 ? a.get(3) : ProgressSettings.DEFAULT_REGEX;
    long size = Files.size(file);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ProgressSettings settings = new ProgressSettings(regex, 512, 4096, ProgressSettings.DEFAULT_SAMPLE_INTERVAL);
    System.out.printf("file %s, %d bytes, regex %s%s, %d scans per pass%n",
        file, size, regex, noPrefilter ? " WITHOUT the literal prefilter" : "", repeat);
    double bestThread = 0;
    double bestProcess = 0;
    for (int pass = 1; pass <= passes; pass++) {
      long threadCpu = 0;
      long found = 0;
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      for (int r = 0; r < repeat; r++) {
        long[] result = noPrefilter ? scanWithoutPrefilter(settings, file) : scanWithTracker(settings, file);
        threadCpu += result[0];
        found = result[1];
      }
      long wall = System.nanoTime() - wall0;
      long cpu = os.getProcessCpuTime() - cpu0;
      double bytes = (double) size * repeat;
      double perThread = bytes / 1e6 / (threadCpu / 1e9);
      double perProcess = bytes / 1e6 / (cpu / 1e9);
      bestThread = Math.max(bestThread, perThread);
      bestProcess = Math.max(bestProcess, perProcess);
      System.out.printf(
          "pass %d: %.0f MB/s per core (scanning thread CPU %.0f ms), %.0f MB/s per core (process CPU %.0f ms),"
              + " %.0f MB/s wall; %d progress lines per scan%n",
          pass, perThread, threadCpu / 1e6, perProcess, cpu / 1e6, bytes / 1e6 / (wall / 1e9), found);
    }
    System.out.printf("best: %.0f MB/s per core (scanning thread), %.0f MB/s per core (process)%n",
        bestThread, bestProcess);
  }

  /** One scan by the tracker; returns {tracker thread CPU ns, last sequence}. */
  private static long[] scanWithTracker(ProgressSettings settings, Path file) throws Exception {
    long[] out = new long[2];
    ProgressSink sink =
        u -> {
          out[0] = THREADS.getCurrentThreadCpuTime(); // the last call is the final flush, after all reads
          out[1] = u.sequence();
        };
    io.cookexecutor.loop.EventLoop loop = new io.cookexecutor.loop.EventLoop();
    ProgressTracker t = new ProgressTracker(settings, List.of(file), sink, loop);
    loop.post(() -> t.finish(Duration.ofMinutes(10), e -> loop.stop(0)));
    loop.run(e -> {
      throw new IllegalStateException(e);
    });
    return out;
  }

  /** The same follower and matcher, every fragment matched, on this thread; {CPU ns, matches}. */
  private static long[] scanWithoutPrefilter(ProgressSettings settings, Path file) {
    ProgressMatcher matcher = ProgressMatcher.compile(settings.regex(), settings.maxMessageLength());
    long[] found = new long[1];
    FragmentScanner.FragmentSink sink =
        (buf, off, len, line) -> {
          if (matcher.match(buf, off, len).kind() == ProgressMatcher.Kind.ACCEPTED) {
            found[0]++;
          }
        };
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    try (FileFollower f = new FileFollower(
        file, new FragmentScanner(settings.maxBytesReadPerLine(), null, false, FragmentScanner.DEFAULT_CHUNK))) {
      do {
        f.poll(Long.MAX_VALUE, sink);
      } while (!f.atEnd());
      f.endOfData(sink);
    }
    return new long[] {THREADS.getCurrentThreadCpuTime() - cpu0, found[0]};
  }
}
