package io.cookexecutor.progress;

import io.cookexecutor.text.Charsets;
import java.util.function.LongSupplier;

/**
 * The progress regex and the rules that turn a match into a percent and a message. Pure apart from the
 * clock used for the java.util.regex time budget; one instance per thread (it reuses matchers).
 *
 * <p>The default regex is searched by hand ({@link DefaultRegex}). RE2/J, which runs in time linear in
 * the input, is used for any other regex it accepts. A regex only
 * java.util.regex accepts (back-references, look-around, possessive quantifiers) runs under a time budget
 * per fragment: its input is a {@link CharSequence} that checks a deadline as the engine reads it.
 */
final class ProgressMatcher {
  /** Default time budget of one java.util.regex search. */
  static final long DEFAULT_FALLBACK_BUDGET_NANOS = 100_000_000L;

  /** What a search of one fragment found. */
  enum Kind {
    /** The regex did not match. */
    NONE,
    /** A usable percent (and message). */
    ACCEPTED,
    /** The regex matched but group 1 is not a number in [0, 100]. */
    BAD_PERCENT,
    /** java.util.regex ran out of its time budget. */
    TIMED_OUT
  }

  /**
   * The result of one search.
   *
   * @param kind what happened
   * @param percent the rounded percent when accepted
   * @param message the cleaned message when accepted, else ""
   * @param rawPercent group 1 as matched (for diagnostics; may hold job output, never log it at INFO)
   */
  record Outcome(Kind kind, int percent, String message, String rawPercent) {
    static final Outcome NONE = new Outcome(Kind.NONE, 0, "", null);
    static final Outcome TIMED_OUT = new Outcome(Kind.TIMED_OUT, 0, "", null);
  }

  private final String regex;
  private final com.google.re2j.Pattern re2;
  private final java.util.regex.Pattern jdk;
  private final String re2Problem;
  private final boolean hasMessageGroup;
  private final byte[] literal;
  private final int maxMessageLength;
  private final long budgetNanos;
  private final LongSupplier nanoTime;
  private com.google.re2j.Matcher re2Matcher;
  private java.util.regex.Matcher jdkMatcher;

  private ProgressMatcher(
      String regex,
      com.google.re2j.Pattern re2,
      java.util.regex.Pattern jdk,
      String re2Problem,
      int groups,
      int maxMessageLength,
      long budgetNanos,
      LongSupplier nanoTime) {
    this.regex = regex;
    this.re2 = re2;
    this.jdk = jdk;
    this.re2Problem = re2Problem;
    this.hasMessageGroup = groups >= 2;
    this.literal = RequiredLiteral.of(regex);
    this.maxMessageLength = maxMessageLength;
    this.budgetNanos = budgetNanos;
    this.nanoTime = nanoTime;
  }

  /** Compiles {@code regex} with the default fallback budget and the system clock. */
  static ProgressMatcher compile(String regex, int maxMessageLength) {
    return compile(regex, maxMessageLength, DEFAULT_FALLBACK_BUDGET_NANOS, System::nanoTime);
  }

  /**
   * Compiles {@code regex}, preferring RE2/J.
   *
   * @throws IllegalArgumentException naming the reason when neither engine accepts the regex or it has no
   *     group 1
   */
  static ProgressMatcher compile(
      String regex, int maxMessageLength, long fallbackBudgetNanos, LongSupplier nanoTime) {
    if (regex.equals(ProgressSettings.DEFAULT_REGEX)) {
      return new ProgressMatcher(regex, null, null, null, 2, maxMessageLength, fallbackBudgetNanos, nanoTime);
    }
    com.google.re2j.Pattern re2;
    try {
      re2 = com.google.re2j.Pattern.compile(regex);
    } catch (com.google.re2j.PatternSyntaxException re2Error) {
      // Only now is java.util.regex loaded: the usual regexes never need it.
      String problem = ProgressSettings.regexProblem(regex);
      if (problem != null) {
        throw new IllegalArgumentException("progress regex " + problem);
      }
      java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
      return new ProgressMatcher(regex, null, p, oneLine(re2Error.getMessage()), p.matcher("").groupCount(),
          maxMessageLength, fallbackBudgetNanos, nanoTime);
    }
    if (re2.groupCount() < 1) {
      throw new IllegalArgumentException("progress regex has no capturing group for the percent");
    }
    return new ProgressMatcher(regex, re2, null, null, re2.groupCount(), maxMessageLength, fallbackBudgetNanos,
        nanoTime);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }

  /** The regex source. */
  String regex() {
    return regex;
  }

  /** True when RE2/J could not compile the regex and java.util.regex (under a budget) is used. */
  boolean usesFallback() {
    return jdk != null;
  }

  /** Why RE2/J refused the regex, when {@link #usesFallback()}. */
  String re2Problem() {
    return re2Problem;
  }

  /** The time budget of one java.util.regex search, in nanoseconds. */
  long fallbackBudgetNanos() {
    return budgetNanos;
  }

  /** Bytes every match contains (ASCII), or {@code null} when every fragment must be searched. */
  byte[] requiredLiteral() {
    return literal == null ? null : literal.clone();
  }

  /** Searches the fragment {@code bytes[off, off + len)}, decoded as UTF-8 (bad bytes replaced). */
  Outcome match(byte[] bytes, int off, int len) {
    return match(new String(bytes, off, len, Charsets.UTF_8));
  }

  /** Searches {@code text} (search, not full match). */
  Outcome match(String text) {
    String percentText;
    String messageText;
    if (re2 == null && jdk == null) {
      String[] groups = DefaultRegex.find(text);
      if (groups == null) {
        return Outcome.NONE;
      }
      percentText = groups[0];
      messageText = groups[1];
    } else if (re2 != null) {
      com.google.re2j.Matcher m = re2Matcher == null ? (re2Matcher = re2.matcher(text)) : re2Matcher.reset(text);
      if (!m.find()) {
        return Outcome.NONE;
      }
      percentText = m.group(1);
      messageText = hasMessageGroup ? m.group(2) : null;
    } else {
      DeadlineChars chars = new DeadlineChars(text, nanoTime, nanoTime.getAsLong() + budgetNanos);
      java.util.regex.Matcher m =
          jdkMatcher == null ? (jdkMatcher = jdk.matcher(chars)) : jdkMatcher.reset(chars);
      try {
        if (!m.find()) {
          return Outcome.NONE;
        }
      } catch (DeadlineChars.Expired e) {
        m.reset(""); // drop the reference to the text
        return Outcome.TIMED_OUT;
      }
      percentText = m.group(1);
      messageText = hasMessageGroup ? m.group(2) : null;
    }
    int percent = Percent.parse(percentText);
    if (percent < 0) {
      return new Outcome(Kind.BAD_PERCENT, 0, "", percentText);
    }
    return new Outcome(Kind.ACCEPTED, percent, cleanMessage(messageText, maxMessageLength), percentText);
  }

  /**
   * The message as sent: empty when absent or not pure ASCII, else trimmed; when longer than
   * {@code maxLength}, its first {@code maxLength - 3} characters, trimmed, plus {@code ...}.
   */
  static String cleanMessage(String text, int maxLength) {
    if (text == null) {
      return "";
    }
    for (int k = 0; k < text.length(); k++) {
      if (text.charAt(k) > 0x7F) {
        return "";
      }
    }
    String m = text.trim();
    if (m.length() > maxLength) {
      m = m.substring(0, maxLength - 3).trim() + "...";
    }
    return m;
  }

  /** Text that stops the regex engine reading it once a deadline has passed. */
  static final class DeadlineChars implements CharSequence {
    /** Thrown (without a stack trace) out of {@link #charAt} when the deadline has passed. */
    static final class Expired extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Expired() {
        super("regex time budget exceeded", null, false, false);
      }
    }

    private static final Expired EXPIRED = new Expired();
    /** Reads between two looks at the clock. */
    private static final int CHECK_EVERY = 1024;

    private final String text;
    private final LongSupplier nanoTime;
    private final long deadline;
    private int untilCheck = CHECK_EVERY;

    DeadlineChars(String text, LongSupplier nanoTime, long deadline) {
      this.text = text;
      this.nanoTime = nanoTime;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if (--untilCheck <= 0) {
        untilCheck = CHECK_EVERY;
        if (nanoTime.getAsLong() - deadline > 0) {
          throw EXPIRED;
        }
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
