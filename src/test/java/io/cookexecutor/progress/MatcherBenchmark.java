package io.cookexecutor.progress;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH micro-benchmarks of progress matching: one progress line through RE2/J and through the
 * java.util.regex fallback, and a 64 KiB chunk of ordinary output (one progress line in it) through the
 * fragment scanner with and without the literal prefilter. Run by {@code bench/matcher-jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatcherBenchmark {
  private ProgressMatcher re2;
  private ProgressMatcher fallback;
  private byte[] line;
  private byte[] chunk;
  private FragmentScanner withLiteral;
  private FragmentScanner withoutLiteral;

  @Setup
  public void setUp() {
    re2 = ProgressMatcher.compile(ProgressSettings.DEFAULT_REGEX, 512);
    // A back-reference RE2/J cannot compile, so java.util.regex runs it under its time budget.
    fallback = ProgressMatcher.compile("(progress): ([0-9]*\\.?[0-9]+), (?!\\1)(.*)", 512);
    line = "progress: 55.5, step 42 of 100".getBytes(StandardCharsets.US_ASCII);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 64 * 1024 - 200; i++) {
      sb.append(String.format("2024-05-01T12:00:01.001 INFO [worker-1] processed record %07d of batch 0: ok%n", i));
      if (i == 300) {
        sb.append("progress: 42, step 300\n");
      }
    }
    chunk = sb.toString().getBytes(StandardCharsets.US_ASCII);
    withLiteral = new FragmentScanner(4096, re2.requiredLiteral(), false, FragmentScanner.DEFAULT_CHUNK);
    withoutLiteral = new FragmentScanner(4096, null, false, FragmentScanner.DEFAULT_CHUNK);
  }

  @Benchmark
  public Object matchLineRe2() {
    return re2.match(line, 0, line.length);
  }

  @Benchmark
  public Object matchLineJavaRegexFallback() {
    return fallback.match(line, 0, line.length);
  }

  @Benchmark
  public void scanChunkWithLiteralPrefilter(Blackhole bh) {
    withLiteral.add(chunk, 0, chunk.length, (b, off, len, n) -> bh.consume(re2.match(b, off, len)));
    withLiteral.endOfData((b, off, len, n) -> bh.consume(re2.match(b, off, len)));
  }

  @Benchmark
  public void scanChunkMatchingEveryLine(Blackhole bh) {
    withoutLiteral.add(chunk, 0, chunk.length, (b, off, len, n) -> bh.consume(re2.match(b, off, len)));
    withoutLiteral.endOfData((b, off, len, n) -> bh.consume(re2.match(b, off, len)));
  }
}
