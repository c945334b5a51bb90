package io.cookexecutor.local.container;

import java.util.Locale;
import java.util.Optional;

/**
 * Mesos byte sizes ({@code 256MB}, {@code 1GB}): a whole number and one of B, KB, MB, GB, TB (any case),
 * binary multiples, as stout's {@code Bytes::parse} reads them; no fractions and no bare numbers.
 */
public final class ByteSize {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

  private ByteSize() {}

  /** The number of bytes, or empty when {@code text} is not a Mesos size (or overflows a long). */
  public static Optional<Long> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int digits = 0;
    while (digits < text.length() && Character.isDigit(text.charAt(digits)) && text.charAt(digits) < 128) {
      digits++;
    }
    if (digits == 0 || digits > 18) {
      return Optional.empty();
    }
    long value = Long.parseLong(text.substring(0, digits));
    String unit = text.substring(digits).toUpperCase(Locale.ROOT);
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        int shift = 10 * i;
        return value > (Long.MAX_VALUE >> shift) ? Optional.empty() : Optional.of(value << shift);
      }
    }
    return Optional.empty();
  }

  /** {@code bytes} in the largest unit from MB up that divides it, else in MB with a fraction (B below 1 MB) ({@code 96MB}, {@code 13.7MB}). */
  public static String format(long bytes) {
    for (int i = UNITS.length - 1; i > 1; i--) {
      long unit = 1L << (10 * i);
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes / unit) + UNITS[i];
      }
    }
    return bytes < (1 << 20) ? bytes + "B" : String.format(Locale.ROOT, "%.1fMB", bytes / 1048576.0);
  }
}
