package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written search of the default regex is RE2/J's, group for group, and the percent parser is
 * BigDecimal's rule; both compared with the real thing on lines made to hit every branch.
 */
class DefaultRegexTest {
  private static final com.google.re2j.Pattern RE2 = com.google.re2j.Pattern.compile(ProgressSettings.DEFAULT_REGEX);
  private static final String[] PIECES = {"progress: ", "progress:", "progress", ", ", ",", " ", ".", "..", "0",
      "5", "42", "100", "007", "x", "done", "\n", "\r", "\t", "é", "\u2028", "progress: progress: ", "1.5", ".5",
      "5."};

  @Test
  void findsWhatRe2jFindsOnGeneratedLines() {
    Random random = new Random(21);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder line = new StringBuilder();
      int parts = 1 + random.nextInt(8);
      for (int i = 0; i < parts; i++) {
        line.append(PIECES[random.nextInt(PIECES.length)]);
      }
      assertSameAsRe2j(line.toString());
    }
  }

  @Test
  void findsWhatRe2jFindsOnTheLinesThatMatter() {
    for (String line : new String[] {"progress: 50, half", "12:00 worker progress: 42.5, copying  files  ",
        "progress: 1.2.3, x", "progress: 1.2., x", "progress: 5., x", "progress: .5, x", "progress: , x",
        "progress: 5,x", "progress: 5 , x", "progress: x progress: 7, y", "progress: 5, a\nb", "progress: 5, ",
        "progress: 5,", "progress: 99999999999999999999, big", "progress:  5, two spaces", "", "progress: "}) {
      assertSameAsRe2j(line);
    }
  }

  private static void assertSameAsRe2j(String line) {
    com.google.re2j.Matcher m = RE2.matcher(line);
    String[] groups = DefaultRegex.find(line);
    if (m.find()) {
      assertThat(groups).as("[%s]", line).containsExactly(m.group(1), m.group(2));
    } else {
      assertThat(groups).as("[%s]", line).isNull();
    }
  }

  @Test
  void percentIsBigDecimalsValueInZeroToAHundredRoundedHalfToEven() {
    Random random = new Random(22);
    String[] pieces = {"0", "1", "5", "9", "00", "50", "99", "100", "101", ".", "e", "E", "+", "-", " ", "x", "e2",
        "e-1", "e+3", "5e1"};
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int parts = 1 + random.nextInt(5);
      for (int i = 0; i < parts; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String t = text.toString();
      if (!t.matches(".*[eE][+-]?[0-9]{4,}.*")) { // BigDecimal takes seconds, or overflows, on such exponents
        assertThat(Percent.parse(t)).as("[%s]", t).isEqualTo(bigDecimalsRule(t));
      }
    }
  }

  @Test
  void hugeExponentsAreDecidedAtOnce() {
    assertThat(Percent.parse("1e999999999")).isEqualTo(-1);
    assertThat(Percent.parse("1e-999999999")).isZero();
    assertThat(Percent.parse("0e999999999")).isZero();
    assertThat(Percent.parse("-0e5")).isZero();
    assertThat(Percent.parse("5e-1")).isZero();
    assertThat(Percent.parse("15e-1")).isEqualTo(2);
  }

  /** What the percent parser did before, with BigDecimal. */
  private static int bigDecimalsRule(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > 100) {
      return -1;
    }
    BigDecimal value;
    try {
      value = new BigDecimal(t);
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      return -1;
    }
    return value.setScale(0, RoundingMode.HALF_EVEN).intValueExact();
  }
}
