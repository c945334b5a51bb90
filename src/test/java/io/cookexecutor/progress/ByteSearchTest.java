package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
  private final Random rnd = new Random(7);

  private byte[] randomBytes(int len, byte[] alphabet) {
    byte[] a = new byte[len];
    for (int k = 0; k < len; k++) {
      a[k] = alphabet[rnd.nextInt(alphabet.length)];
    }
    return a;
  }

  private static int naiveIndexOf(byte[] a, int from, int to, byte[] lit) {
    outer:
    for (int i = from; i + lit.length <= to; i++) {
      for (int k = 0; k < lit.length; k++) {
        if (a[i + k] != lit[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void literalSearchAgreesWithANaiveSearch() {
    byte[] alphabet = {'p', 'r', 'o', ':', '\n', 0, (byte) 0x80, (byte) 0xF0, (byte) 0xFF, 0x7F, 1};
    byte[][] literals = {{'p'}, {'p', 'r'}, {'p', 'r', 'o', ':'}, {(byte) 0xFF, 0}, {0x7F, (byte) 0x80, 'p'}};
    for (int t = 0; t < 20_000; t++) {
      byte[] a = randomBytes(rnd.nextInt(40), alphabet);
      int from = a.length == 0 ? 0 : rnd.nextInt(a.length + 1);
      int to = from + rnd.nextInt(a.length - from + 1);
      byte[] lit = literals[rnd.nextInt(literals.length)];
      assertThat(ByteSearch.indexOf(a, from, to, lit)).isEqualTo(naiveIndexOf(a, from, to, lit));
    }
  }

  @Test
  void singleByteSearchesAndCountAgreeWithLoops() {
    byte[] alphabet = {'\n', 'a', 0, (byte) 0x8A, (byte) 0xFF, 0x0B};
    for (int t = 0; t < 20_000; t++) {
      byte[] a = randomBytes(rnd.nextInt(40), alphabet);
      int from = a.length == 0 ? 0 : rnd.nextInt(a.length + 1);
      int to = from + rnd.nextInt(a.length - from + 1);
      byte b = alphabet[rnd.nextInt(alphabet.length)];
      int first = -1;
      int last = -1;
      int count = 0;
      for (int k = from; k < to; k++) {
        if (a[k] == b) {
          if (first < 0) {
            first = k;
          }
          last = k;
          count++;
        }
      }
      assertThat(ByteSearch.indexOf(a, from, to, b)).isEqualTo(first);
      assertThat(ByteSearch.lastIndexOf(a, from, to, b)).isEqualTo(last);
      assertThat(ByteSearch.count(a, from, to, b)).isEqualTo(count);
    }
  }
}
