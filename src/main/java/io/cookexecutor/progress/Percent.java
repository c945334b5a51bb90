package io.cookexecutor.progress;

/**
 * The percent of a progress line: the text of the regex's group 1 as a decimal number in [0, 100] (before
 * rounding), rounded half to even. Decimal arithmetic on the digit string itself: BigDecimal would cost
 * the executor's start-up BigInteger's machinery for a comparison and a rounding.
 */
final class Percent {
  private Percent() {}

  /**
   * The percent in {@code text} rounded half to even, or -1 when it is absent, not a decimal number, or
   * outside [0, 100] before rounding ({@code 100.4} gives 100, {@code 100.5} is refused). Surrounding
   * whitespace is allowed; a sign and an exponent ({@code 5e1}) are accepted, as Python's {@code float}
   * and Java's BigDecimal accept them.
   */
  static int parse(String text) {
    if (text == null) {
      return -1;
    }
    String t = text.trim();
    if (t.isEmpty() || t.length() > 100) {
      return -1; // a longer string is no percent anyone meant
    }
    int i = 0;
    boolean negative = t.charAt(0) == '-';
    if (t.charAt(0) == '-' || t.charAt(0) == '+') {
      i++;
    }
    StringBuilder digits = new StringBuilder(t.length());
    int point = -1;
    for (; i < t.length() && (isDigit(t.charAt(i)) || (t.charAt(i) == '.' && point < 0)); i++) {
      if (t.charAt(i) == '.') {
        point = digits.length();
      } else {
        digits.append(t.charAt(i));
      }
    }
    if (digits.length() == 0) {
      return -1;
    }
    int exponent = 0;
    if (i < t.length() && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      exponent = exponent(t, i + 1);
      if (exponent == Integer.MIN_VALUE) {
        return -1;
      }
    } else if (i != t.length()) {
      return -1;
    }
    int integerDigits = (point < 0 ? digits.length() : point) + exponent;
    return rounded(digits, integerDigits, negative);
  }

  /** The exponent's value from {@code from} to the end (a sign, digits), capped; MIN_VALUE when malformed. */
  private static int exponent(String t, int from) {
    int i = from;
    boolean negative = i < t.length() && t.charAt(i) == '-';
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      i++;
    }
    if (i == t.length()) {
      return Integer.MIN_VALUE;
    }
    long e = 0;
    for (; i < t.length(); i++) {
      if (!isDigit(t.charAt(i))) {
        return Integer.MIN_VALUE;
      }
      e = Math.min(1_000_000, e * 10 + (t.charAt(i) - '0'));
    }
    return (int) (negative ? -e : e);
  }

  /** {@code 0.digits * 10^integerDigits}, checked against [0, 100] and rounded half to even; -1 outside. */
  private static int rounded(CharSequence digits, int integerDigits, boolean negative) {
    long whole = 0;
    boolean fraction = false;
    int first = -1;
    boolean beyondFirst = false;
    for (int k = 0; k < digits.length(); k++) {
      int d = digits.charAt(k) - '0';
      if (k < integerDigits) {
        whole = whole * 10 + d;
        if (whole > 100) {
          return -1;
        }
      } else {
        fraction |= d != 0;
        if (k == Math.max(0, integerDigits)) {
          first = d;
        } else {
          beyondFirst |= d != 0;
        }
      }
    }
    for (int k = digits.length(); k < integerDigits && whole != 0; k++) {
      whole *= 10; // trailing zeros of a positive exponent
      if (whole > 100) {
        return -1;
      }
    }
    if (integerDigits < 0 && fraction) {
      first = 0; // 0.00d...: below a tenth, rounds down
      beyondFirst = true;
    }
    if (negative && (whole > 0 || fraction)) {
      return -1;
    }
    if (whole == 100 && fraction) {
      return -1;
    }
    boolean up = first > 5 || (first == 5 && (beyondFirst || whole % 2 == 1));
    return (int) whole + (up ? 1 : 0);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
