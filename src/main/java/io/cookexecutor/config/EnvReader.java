package io.cookexecutor.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads typed values from an environment map, turning every bad value into a warning and a fallback. */
final class EnvReader {
  /** Long enough to recognise a bad value, short enough that a pasted file does not flood the log. */
  private static final int MAX_QUOTED_CHARS = 100;

  private final Map<String, String> env;
  private final List<String> warnings = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  /** The raw value, or null when the variable is absent. */
  String raw(String name) {
    return env.get(name);
  }

  /** The raw value when present and not empty. */
  Optional<String> nonEmpty(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** An integer at least {@code min}; absent gives the default, a bad value a warning and the default. */
  int integer(String name, int defaultValue, int min) {
    String value = env.get(name);
    if (value == null) {
      return defaultValue;
    }
    OptionalInt parsed = parseInteger(name, value, "the default " + defaultValue);
    if (parsed.isEmpty()) {
      return defaultValue;
    }
    if (parsed.getAsInt() < min) {
      warn(name + " is " + parsed.getAsInt() + ", below the minimum of " + min + "; raised to " + min
          + ".");
      return min;
    }
    return parsed.getAsInt();
  }

  /** An integer with no default: absent or bad (with a warning) gives empty. */
  OptionalInt optionalInteger(String name, String whatInstead) {
    String value = env.get(name);
    return value == null ? OptionalInt.empty() : parseInteger(name, value, whatInstead);
  }

  /** A Mesos duration; absent gives the default, a bad value a warning and the default. */
  Duration duration(String name, Duration defaultValue) {
    String value = env.get(name);
    if (value == null) {
      return defaultValue;
    }
    Optional<Duration> parsed = MesosDuration.parse(value);
    if (parsed.isEmpty()) {
      warn(name + " is " + quote(value)
          + ", which is not a Mesos duration such as 250ms, 1.5secs or 15mins; using the default "
          + MesosDuration.format(defaultValue) + ".");
      return defaultValue;
    }
    return parsed.get();
  }

  /** Records one problem, as a whole sentence. */
  void warn(String sentence) {
    warnings.add(sentence);
  }

  /** The problems found so far, in the order they were found. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** The value in double quotes, shortened when long, so that empty and blank values are visible. */
  static String quote(String value) {
    String shown =
        value.length() > MAX_QUOTED_CHARS ? value.substring(0, MAX_QUOTED_CHARS) + "..." : value;
    return "\"" + shown + "\"";
  }

  /** An optional sign and ASCII digits (Integer.parseInt alone would also take other scripts' digits). */
  private static boolean isInteger(String s) {
    int start = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    if (s.length() == start) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private OptionalInt parseInteger(String name, String value, String whatInstead) {
    String trimmed = value.strip();
    if (!isInteger(trimmed)) {
      String problem = trimmed.isEmpty() ? "empty" : "not a whole decimal number";
      warn(name + " is " + quote(value) + ", which is " + problem + "; using " + whatInstead + ".");
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(trimmed));
    } catch (NumberFormatException e) {
      warn(name + " is " + quote(value) + ", which is out of the integer range; using " + whatInstead
          + ".");
      return OptionalInt.empty();
    }
  }
}
