package io.cookexecutor.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Accept-header negotiation as libprocess does it: the most specific matching media range decides. */
public final class MediaRanges {
  private MediaRanges() {}

  /** Whether an {@code Accept} header (absent = accepts everything) allows {@code mediaType}. */
  public static boolean accepts(Optional<String> acceptHeader, String mediaType) {
    if (acceptHeader.isEmpty()) {
      return true;
    }
    String[] typeAndSubtype = mediaType.split("/", 2);
    Map<String, Double> qualities = new HashMap<>();
    String compact = acceptHeader.get().replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
    for (String range : compact.split(",")) {
      if (range.isEmpty()) {
        continue;
      }
      String[] parts = range.split(";");
      double quality = 1.0;
      for (int i = 1; i < parts.length; i++) {
        if (parts[i].startsWith("q=")) {
          try {
            quality = Double.parseDouble(parts[i].substring(2));
          } catch (NumberFormatException e) {
            quality = 0.0;
          }
        }
      }
      qualities.put(parts[0], quality);
    }
    for (String candidate : new String[] {mediaType, typeAndSubtype[0] + "/*", "*/*"}) {
      Double q = qualities.get(candidate);
      if (q != null) {
        return q > 0;
      }
    }
    return false;
  }
}
