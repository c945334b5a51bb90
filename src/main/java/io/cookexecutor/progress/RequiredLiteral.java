package io.cookexecutor.progress;

import io.cookexecutor.text.Charsets;

/**
 * Finds a piece of plain text that every match of a regex must contain, so that fragments without it can
 * be skipped before decoding or matching.
 *
 * <p>Conservative by construction: the regex is read only at its top level, as a sequence of atoms. A run
 * of consecutive plain ASCII characters, none of them quantified, must appear verbatim in every match;
 * groups, classes, escapes that are not punctuation, anchors and quantified characters end a run. Anything
 * that could change what a plain character means (top-level alternation, inline flags such as {@code (?i)}
 * or {@code (?x)}, {@code \Q...\E}, unbalanced brackets) gives no literal at all, and then every fragment is
 * matched. Missing a literal only costs speed; claiming a wrong one would lose progress lines.
 */
final class RequiredLiteral {
  private final String regex;
  private int i;
  private final StringBuilder run = new StringBuilder();
  private String best = "";

  private RequiredLiteral(String regex) {
    this.regex = regex;
  }

  /** The longest required literal as UTF-8 bytes (ASCII only), or {@code null} when none is known. */
  static byte[] of(String regex) {
    String s = new RequiredLiteral(regex).derive();
    return s == null || s.isEmpty() ? null : s.getBytes(Charsets.US_ASCII);
  }

  /** The longest required literal, "" when there is none, or {@code null} when the regex is not understood. */
  private String derive() {
    if (regex.contains("\\Q")) {
      return null;
    }
    while (i < regex.length()) {
      if (!atom()) {
        return null;
      }
    }
    endRun();
    return best;
  }

  /** Reads the atom at {@code i}; false when it makes the regex one this class does not understand. */
  private boolean atom() {
    char c = regex.charAt(i);
    switch (c) {
      case '|', ')', ']' -> {
        // Top-level alternation: nothing is required; else unbalanced (or a ']' not reasoned about).
        return false;
      }
      case '(' -> {
        endRun();
        return isPlainGroup() && skipGroup();
      }
      case '[' -> {
        endRun();
        return skipClass();
      }
      case '*', '?', '+' -> {
        // Applies to the previous atom: a quantified plain character is not required verbatim.
        dropLastAndEndRun();
        i++;
      }
      case '{' -> {
        // A repetition such as {2} or {1,3} (skipped whole), or else a literal brace; either way the
        // previous character is not counted.
        dropLastAndEndRun();
        skipRepetition();
      }
      case '\\' -> {
        return escape();
      }
      case '.', '^', '$', '\n' -> {
        endRun();
        i++;
      }
      default -> {
        if (c < 128 && c != '\r') {
          run.append(c);
        } else {
          endRun();
        }
        i++;
      }
    }
    return true;
  }

  /** An escape at {@code i}: punctuation is itself, anything else ends the run; false when it ends the regex. */
  private boolean escape() {
    if (i + 1 >= regex.length()) {
      return false;
    }
    char e = regex.charAt(i + 1);
    if (e < 128 && !Character.isLetterOrDigit(e) && e != '\n') {
      run.append(e); // an escaped punctuation character is itself
      i += 2;
    } else {
      endRun();
      skipEscape();
    }
    return true;
  }

  /** A group that is a capture, non-capture or look-around group, not an inline flag setting. */
  private boolean isPlainGroup() {
    if (i + 1 >= regex.length() || regex.charAt(i + 1) != '?') {
      return true;
    }
    if (i + 2 >= regex.length()) {
      return false;
    }
    char k = regex.charAt(i + 2);
    // (?:  (?=  (?!  (?>  (?<name>  (?<=  (?<!  (?P<name>
    return k == ':' || k == '=' || k == '!' || k == '>' || k == '<' || k == 'P';
  }

  /** Skips from '(' to just past its matching ')'; false when unbalanced. */
  private boolean skipGroup() {
    int depth = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[') {
        if (!skipClass()) {
          return false;
        }
      } else {
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          i++;
          return true;
        }
        i++;
      }
    }
    return false;
  }

  /**
   * Skips from '[' to just past its closing ']', allowing a leading ']' or '^]', escapes, and nested
   * brackets ({@code [[:alpha:]]}, Java's {@code [a-z&&[^b]]}); false when unbalanced.
   */
  private boolean skipClass() {
    int n = regex.length();
    int depth = 0;
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '[') {
        depth++;
        i++;
        if (i < n && regex.charAt(i) == '^') {
          i++;
        }
        if (i < n && regex.charAt(i) == ']') {
          i++; // a ']' right after the opening is a member
        }
      } else if (c == '\\') {
        i += 2;
      } else if (c == ']') {
        i++;
        if (--depth == 0) {
          return true;
        }
      } else {
        i++;
      }
    }
    return false;
  }

  /**
   * Skips an escape that is not a plain character: classes and assertions ({@code \d}, {@code \b}),
   * {@code \x41} and {@code \x{263a}}, {@code \u0041}, octal {@code \0101}, {@code \p{Lu}} and
   * {@code \pL}, {@code \N{NAME}}, {@code \k<name>}, {@code \cX}, and back-references (with every digit
   * that follows, which at worst forgets some plain text).
   */
  private void skipEscape() {
    char e = regex.charAt(i + 1);
    i += 2;
    switch (e) {
      case 'x':
        if (!skipBraced('{', '}')) {
          skipWhile(2, "0123456789abcdefABCDEF");
        }
        break;
      case 'u':
        skipWhile(4, "0123456789abcdefABCDEF");
        break;
      case '0':
        skipWhile(3, "01234567");
        break;
      case 'p':
      case 'P':
        if (!skipBraced('{', '}')) {
          i++;
        }
        break;
      case 'N':
        skipBraced('{', '}');
        break;
      case 'k':
        skipBraced('<', '>');
        break;
      case 'c':
        i++;
        break;
      default:
        if (e >= '1' && e <= '9') {
          skipWhile(Integer.MAX_VALUE, "0123456789");
        }
    }
  }

  /** Skips a bracketed part starting at {@code i}, if there is one. */
  private boolean skipBraced(char open, char close) {
    if (i < regex.length() && regex.charAt(i) == open) {
      int end = regex.indexOf(close, i);
      i = end < 0 ? regex.length() : end + 1;
      return true;
    }
    return false;
  }

  private void skipWhile(int max, String chars) {
    for (int k = 0; k < max && i < regex.length() && chars.indexOf(regex.charAt(i)) >= 0; k++) {
      i++;
    }
  }

  /** Skips '{' and, when it opens a repetition (digits and commas up to '}'), the rest of it. */
  private void skipRepetition() {
    int j = i + 1;
    while (j < regex.length() && (Character.isDigit(regex.charAt(j)) || regex.charAt(j) == ',')) {
      j++;
    }
    i = j < regex.length() && regex.charAt(j) == '}' ? j + 1 : i + 1;
  }

  private void dropLastAndEndRun() {
    if (run.length() > 0) {
      run.setLength(run.length() - 1);
    }
    endRun();
  }

  private void endRun() {
    if (run.length() > best.length()) {
      best = run.toString();
    }
    run.setLength(0);
  }
}
