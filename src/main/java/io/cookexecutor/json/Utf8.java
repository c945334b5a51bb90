package io.cookexecutor.json;

/** Strict UTF-8 (Unicode, table 3-7): no overlong forms, no encoded surrogates, nothing above U+10FFFF. */
final class Utf8 {
  private Utf8() {}

  /** Where the multi-byte character starting at {@code p} ends, or -1 when it is not well-formed UTF-8. */
  static int end(byte[] in, int p) {
    int b = in[p] & 0xFF;
    int more;
    // The second byte's range is narrower after E0, ED, F0 and F4: that is what refuses overlong forms,
    // surrogates and code points past U+10FFFF.
    int low = 0x80;
    int high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      more = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      more = 2;
      low = b == 0xE0 ? 0xA0 : low;
      high = b == 0xED ? 0x9F : high;
    } else if (b >= 0xF0 && b <= 0xF4) {
      more = 3;
      low = b == 0xF0 ? 0x90 : low;
      high = b == 0xF4 ? 0x8F : high;
    } else {
      return -1;
    }
    if (in.length - p <= more) {
      return -1;
    }
    for (int k = 1; k <= more; k++) {
      int c = in[p + k] & 0xFF;
      if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
        return -1;
      }
    }
    return p + more + 1;
  }
}
