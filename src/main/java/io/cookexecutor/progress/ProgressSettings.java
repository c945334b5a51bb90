package io.cookexecutor.progress;

import java.time.Duration;
import java.util.Objects;

/**
 * How progress lines are recognised and how often they are reported.
 *
 * <p>This record only checks that the values are usable. Its constants are the one table of the progress
 * variables' defaults and floors ("a max message length below 64 becomes 64"), which the configuration
 * readers of executor and sidecar mode apply.
 *
 * @param regex searched in every fragment; group 1 is the percent, the optional group 2 the message
 * @param maxMessageLength longest message sent; longer ones become their first {@code max - 3} characters
 *     plus {@code ...}
 * @param maxBytesReadPerLine longest fragment examined; longer lines are cut into fragments of this size
 * @param sampleInterval minimum gap between two progress messages (the final flush ignores it)
 */
public record ProgressSettings(
    String regex, int maxMessageLength, int maxBytesReadPerLine, Duration sampleInterval) {

  /** The executor's default progress regex. */
  public static final String DEFAULT_REGEX = "progress: ([0-9]*\\.?[0-9]+), (.*)";
  /** Default of {@code EXECUTOR_MAX_MESSAGE_LENGTH}. */
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = 512;
  /** Default of {@code EXECUTOR_MAX_BYTES_READ_PER_LINE}. */
  public static final int DEFAULT_MAX_BYTES_READ_PER_LINE = 4096;
  /** Default of {@code PROGRESS_SAMPLE_INTERVAL_MS}. */
  public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMillis(1000);
  /** Configured values below this become this (contract, section 2). */
  public static final int MIN_MAX_MESSAGE_LENGTH = 64;
  /** Configured values below this become this (contract, section 2). */
  public static final int MIN_MAX_BYTES_READ_PER_LINE = 128;
  /** Configured values below this become this (contract, section 2). */
  public static final Duration MIN_SAMPLE_INTERVAL = Duration.ofMillis(100);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when the message length leaves no room for {@code ...}, the fragment
   *     size is not positive or the interval is negative
   */
  public ProgressSettings {
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(sampleInterval, "sampleInterval");
    if (maxMessageLength < 4) {
      throw new IllegalArgumentException("maxMessageLength must be at least 4, was " + maxMessageLength);
    }
    if (maxBytesReadPerLine < 1) {
      throw new IllegalArgumentException(
          "maxBytesReadPerLine must be positive, was " + maxBytesReadPerLine);
    }
    if (sampleInterval.isNegative()) {
      throw new IllegalArgumentException("sampleInterval must not be negative, was " + sampleInterval);
    }
  }

  /** These settings with the executor's floors applied (values below a floor become the floor). */
  public ProgressSettings withExecutorFloors() {
    return new ProgressSettings(
        regex,
        Math.max(maxMessageLength, MIN_MAX_MESSAGE_LENGTH),
        Math.max(maxBytesReadPerLine, MIN_MAX_BYTES_READ_PER_LINE),
        sampleInterval.compareTo(MIN_SAMPLE_INTERVAL) < 0 ? MIN_SAMPLE_INTERVAL : sampleInterval);
  }

  /**
   * The one rule for whether {@code regex} can be a progress regex, in words that finish "{@code regex}
   * ..." ({@code "has no capturing group for the percent"}), or {@code null} when it can. The matcher
   * prefers RE2/J and falls back to java.util.regex, so what either compiles with a group 1 is usable;
   * RE2/J is asked first, so that java.util.regex is loaded only for the regexes that need it.
   */
  public static String regexProblem(String regex) {
    if (regex.equals(DEFAULT_REGEX)) {
      return null; // searched by hand: no engine need be loaded to know it
    }
    try {
      return com.google.re2j.Pattern.compile(regex).groupCount() >= 1 ? null
          : "has no capturing group for the percent";
    } catch (com.google.re2j.PatternSyntaxException notRe2) {
      // java.util.regex may still take it (back-references, look-around).
    }
    try {
      if (java.util.regex.Pattern.compile(regex).matcher("").groupCount() >= 1) {
        return null;
      }
      return "has no capturing group for the percent";
    } catch (java.util.regex.PatternSyntaxException e) {
      return "is not a valid regular expression (" + e.getDescription() + " at index " + e.getIndex() + ")";
    }
  }
}
