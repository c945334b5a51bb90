package io.cookexecutor.progress;

/**
 * The default progress regex, {@code progress: ([0-9]*\.?[0-9]+), (.*)}, searched by hand: nearly every
 * job uses it, and a regex engine costs the executor's start-up some 35 classes and a compilation for this
 * one pattern. The result is RE2/J's, group for group (the leftmost match; {@code .} is anything but a
 * newline), which {@code DefaultRegexTest} checks against RE2/J on generated and hostile lines.
 */
final class DefaultRegex {
  private static final String LITERAL = "progress: ";

  private DefaultRegex() {}

  /** Group 1 and group 2 of the leftmost match in {@code text}, or null when there is none. */
  static String[] find(String text) {
    for (int at = text.indexOf(LITERAL); at >= 0; at = text.indexOf(LITERAL, at + 1)) {
      int start = at + LITERAL.length();
      int end = percentEnd(text, start);
      if (end > 0 && end + 1 < text.length() && text.charAt(end) == ',' && text.charAt(end + 1) == ' ') {
        int newline = text.indexOf('\n', end + 2);
        return new String[] {text.substring(start, end), text.substring(end + 2, newline < 0 ? text.length() : newline)};
      }
    }
    return null;
  }

  /**
   * Where {@code [0-9]*\.?[0-9]+} starting at {@code i} ends when followed by a non-digit, non-point
   * character (only then can ", " follow), or -1. The ',' after it cannot be a digit or a point, so the
   * only candidate is the whole run of digits with at most one point, ending in a digit.
   */
  private static int percentEnd(String text, int i) {
    int k = digits(text, i);
    if (k < text.length() && text.charAt(k) == '.') {
      int afterPoint = digits(text, k + 1);
      return afterPoint > k + 1 ? afterPoint : -1;
    }
    return k > i ? k : -1;
  }

  private static int digits(String text, int i) {
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i;
  }
}
