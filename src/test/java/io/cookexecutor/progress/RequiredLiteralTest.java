package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredLiteralTest {
  private static String literal(String regex) {
    byte[] b = RequiredLiteral.of(regex);
    return b == null ? null : new String(b, StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "progress: ([0-9]*\\.?[0-9]+), (.*)|progress: ",
        "^PROGRESS=(\\d+)$|PROGRESS=",
        "(\\d+)% done|% done",
        "x (\\d+) progress-report: (.*)| progress-report: ",
        "progress\\: (\\d+)|progress: ",
        "progresss?: (\\d+)|progress",
        "ab{2}cdef: (\\d+)|cdef: ",
        "abc{2,3}de: (\\d+)|de: ",
        "prog(?:ress)?: (\\d+)|prog",
        "[p]rogress: (\\d+)|rogress: ",
        "[]x]yz (\\d)|yz ",
        "[[:alpha:]]+ at (\\d+)| at ",
        "\\x41BC (\\d+)|BC ",
        "\\p{Lu}done (\\d+)|done ",
        "\\k<n>zz(?<n>\\d)|zz",
        "(?<name>\\d+) pct| pct",
        "\\d\\dprogress (\\d+)|progress ",
        "x{foo} (\\d)|foo} ",
      })
  void derivesTheLongestRunOfRequiredPlainText(String regex, String expected) {
    assertThat(literal(regex)).isEqualTo(expected);
  }

  @Test
  void givesNoLiteralWhenItCannotBeSure() {
    assertThat(literal("(\\d+)")).isNull();
    assertThat(literal("a|progress: (\\d+)")).isNull();
    assertThat(literal("(?i)progress: (\\d+)")).isNull();
    assertThat(literal("(?x)progress : (\\d+)")).isNull();
    assertThat(literal("\\Qprogress:\\E (\\d+)")).isNull();
    assertThat(literal("progress: (\\d+")).isNull();
    assertThat(literal("progress: \\d+)")).isNull();
    assertThat(literal("caf\u00e9(\\d+)")).isEqualTo("caf");
    assertThat(literal(".*")).isNull();
  }

  /** Every match of each regex, on random text, contains the derived literal. */
  @Test
  void derivedLiteralIsContainedInEveryMatch() {
    List<String> regexes =
        List.of(
            "progress: ([0-9]*\\.?[0-9]+), (.*)",
            "pr?o: (\\d)",
            "o+g: (\\d)",
            "(?:r|o)g: (\\d)",
            "[a-z]{2}: (\\d)",
            "\\x72o: (\\d)",
            "ro\\.?g (\\d)",
            "g{1,2}: (\\d)",
            "r(o)?g: (\\d)");
    Random rnd = new Random(42);
    String alphabet = "prog: 0123.,";
    for (String regex : regexes) {
      java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
      String lit = literal(regex);
      for (int t = 0; t < 20_000; t++) {
        StringBuilder sb = new StringBuilder();
        int len = rnd.nextInt(14);
        for (int k = 0; k < len; k++) {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        java.util.regex.Matcher m = p.matcher(sb);
        if (m.find() && lit != null) {
          assertThat(m.group()).as("regex %s on %s", regex, sb).contains(lit);
        }
      }
    }
  }
}
