package io.cookexecutor.agent;

import java.util.function.DoubleSupplier;

/**
 * Random numbers for update uuids and backoff jitter: SplitMix64 (Steele, Lea and Flood), seeded from the
 * clock and the object's identity. The uuids need uniqueness, not secrecy, and the jitter nothing more;
 * the JDK's generators cost every executor start their seeding machinery (and SecureRandom's ~25 ms).
 */
final class SplitMix implements DoubleSupplier {
  static final SplitMix SHARED = new SplitMix(System.nanoTime() ^ ((long) System.identityHashCode(new Object()) << 32));

  // Guarded by this.
  private long state;

  SplitMix(long seed) {
    this.state = seed;
  }

  synchronized long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** In [0, 1). */
  @Override
  public double getAsDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
