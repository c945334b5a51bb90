package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cookexecutor.progress.ProgressMatcher.Kind;
import io.cookexecutor.progress.ProgressMatcher.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressMatcherTest {
  private final ProgressMatcher defaults = ProgressMatcher.compile(ProgressSettings.DEFAULT_REGEX, 512);

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({
    "0, 0",
    "100, 100",
    "100.0, 100",
    "50.5, 50",
    "51.5, 52",
    "49.5, 50",
    ".5, 0",
    "1.5, 2",
    "2.5, 2",
    "99.49, 99",
    "007, 7",
    "5e1, 50",
  })
  void percentIsRoundedHalfToEven(String text, int expected) {
    assertThat(Percent.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"100.5", "100.4", "101", "-1", "-0.4", "abc", "", " ", "1.2.3", "NaN", "Infinity", "0x10", "1e999"})
  void percentOutsideTheRangeOrNotANumberIsRefused(String text) {
    assertThat(Percent.parse(text)).isEqualTo(-1);
  }

  @Test
  void defaultRegexFindsPercentAndMessageAnywhereInTheLine() {
    Outcome o = defaults.match("12:00:01 worker progress: 42.5, copying  files  ");
    assertThat(o.kind()).isEqualTo(Kind.ACCEPTED);
    assertThat(o.percent()).isEqualTo(42);
    assertThat(o.message()).isEqualTo("copying  files");
  }

  @Test
  void lineWithoutProgressDoesNotMatch() {
    assertThat(defaults.match("nothing to see").kind()).isEqualTo(Kind.NONE);
  }

  @Test
  void percentThatDoesNotParseOrIsOutOfRangeIsRefusedNotAccepted() {
    ProgressMatcher loose = ProgressMatcher.compile("progress: ([^,\\s]+)(?:, (.*))?", 512);
    assertThat(loose.match("progress: abc, x").kind()).isEqualTo(Kind.BAD_PERCENT);
    assertThat(loose.match("progress: -1, x").kind()).isEqualTo(Kind.BAD_PERCENT);
    assertThat(loose.match("progress: 100.5, x").kind()).isEqualTo(Kind.BAD_PERCENT);
    assertThat(loose.match("progress: 100.0, x").percent()).isEqualTo(100);
  }

  @Test
  void regexWithoutGroup2GivesAnEmptyMessage() {
    ProgressMatcher m = ProgressMatcher.compile("done (\\d+)%", 512);
    Outcome o = m.match("done 30% of it");
    assertThat(o.kind()).isEqualTo(Kind.ACCEPTED);
    assertThat(o.percent()).isEqualTo(30);
    assertThat(o.message()).isEmpty();
  }

  @Test
  void optionalGroup2ThatDidNotTakePartGivesAnEmptyMessage() {
    ProgressMatcher m = ProgressMatcher.compile("p=(\\d+)(?: msg=(.*))?", 512);
    assertThat(m.match("p=5").message()).isEmpty();
    assertThat(m.match("p=5 msg=hi").message()).isEqualTo("hi");
  }

  @Test
  void nonAsciiMessageBecomesEmpty() {
    byte[] line = "progress: 10, caf\u00e9 ready".getBytes(StandardCharsets.UTF_8);
    Outcome o = defaults.match(line, 0, line.length);
    assertThat(o.kind()).isEqualTo(Kind.ACCEPTED);
    assertThat(o.percent()).isEqualTo(10);
    assertThat(o.message()).isEmpty();
  }

  @Test
  void invalidUtf8InTheMessageBecomesEmpty() {
    byte[] line = {'p', 'r', 'o', 'g', 'r', 'e', 's', 's', ':', ' ', '7', ',', ' ', 'a', (byte) 0xFF, 'b'};
    Outcome o = defaults.match(line, 0, line.length);
    assertThat(o.percent()).isEqualTo(7);
    assertThat(o.message()).isEmpty();
  }

  @Test
  void asciiControlCharactersAreAsciiAndKept() {
    assertThat(defaults.match("progress: 1, a\u0000b").message()).isEqualTo("a\u0000b");
  }

  @Test
  void longMessageIsCutToMaxMinus3TrimmedPlusDots() {
    ProgressMatcher m = ProgressMatcher.compile(ProgressSettings.DEFAULT_REGEX, 10);
    assertThat(m.match("progress: 1, 0123456789").message()).isEqualTo("0123456789");
    assertThat(m.match("progress: 1, 0123456789A").message()).isEqualTo("0123456...");
    // The cut falls just after a space: the kept part is trimmed before the dots.
    assertThat(m.match("progress: 1, 012345 789ABC").message()).isEqualTo("012345...");
    // Trimming comes before the length check.
    assertThat(m.match("progress: 1,    0123456789   ").message()).isEqualTo("0123456789");
  }

  @Test
  void regexThatDoesNotCompileIsRefusedWithAReason() {
    assertThatThrownBy(() -> ProgressMatcher.compile("progress: ([0-9]", 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a valid regular expression");
  }

  @Test
  void regexWithoutGroup1IsRefusedWithAReason() {
    assertThatThrownBy(() -> ProgressMatcher.compile("progress: [0-9]+", 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no capturing group for the percent");
    assertThat(ProgressSettings.regexProblem("progress: \\d+")).isEqualTo("has no capturing group for the percent");
    assertThat(ProgressSettings.regexProblem(ProgressSettings.DEFAULT_REGEX)).isNull();
  }

  @Test
  void re2jIsPreferredAndJavaRegexIsTheFallbackForBackReferencesAndLookAround() {
    assertThat(defaults.usesFallback()).isFalse();
    ProgressMatcher backRef = ProgressMatcher.compile("(\\w)\\1 progress: (\\d+)", 512);
    assertThat(backRef.usesFallback()).isTrue();
    ProgressMatcher lookAhead = ProgressMatcher.compile("progress: (\\d+)(?=%)", 512);
    assertThat(lookAhead.usesFallback()).isTrue();
    assertThat(lookAhead.match("progress: 12%").percent()).isEqualTo(12);
    assertThat(lookAhead.match("progress: 12 ").kind()).isEqualTo(Kind.NONE);
  }

  @Test
  void catastrophicFallbackRegexIsAbandonedWhenItsBudgetIsSpent() {
    // A fake clock that advances 1 ms each time it is read: the 50 ms budget is spent after about 50
    // looks at the clock, however fast the machine is. Without the budget this search takes ~2^40 steps.
    AtomicLong now = new AtomicLong();
    LongSupplier clock = () -> now.addAndGet(1_000_000);
    ProgressMatcher m = ProgressMatcher.compile("(\\d+) (a+)+\\2b", 512, 50_000_000L, clock);
    assertThat(m.usesFallback()).isTrue();
    String evil = "1 " + "a".repeat(40) + "!b";
    Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> m.match(evil));
    assertThat(o.kind()).isEqualTo(Kind.TIMED_OUT);
    // The matcher is still usable afterwards.
    assertThat(m.match("7 aab").percent()).isEqualTo(7);
  }

  @Test
  void requiredLiteralOfTheDefaultRegexIsItsPrefix() {
    assertThat(new String(defaults.requiredLiteral(), StandardCharsets.US_ASCII)).isEqualTo("progress: ");
  }
}
