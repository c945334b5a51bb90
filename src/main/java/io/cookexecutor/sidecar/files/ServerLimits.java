package io.cookexecutor.sidecar.files;

/**
 * The bounds that keep the file server alive on a pod network: threads, exchanges, connections, the stall
 * bound, and the JDK server's own timers and caps (its properties are read once, when its first server is
 * made, so they are set before, unless the operator set them).
 */
final class ServerLimits {
  /** Requests waiting for a worker beyond this are refused (the connection closed). */
  static final int QUEUED_REQUESTS = 256;
  static final int BACKLOG = 128;
  /** Workers run shallow code: small stacks keep them cheap. */
  static final long STACK_BYTES = 256 * 1024;
  static final int MIN_THREADS = 4;
  static final int MAX_THREADS = 32;
  /**
   * On virtual threads, what an exchange (reading a request or answering) holds on the heap, measured: the
   * JDK server's 28 KiB of stream buffers per connection, the request's line buffer, the parked thread's
   * stack (bench/sidecar.sh hostile: 128 more slow exchanges, 4 MB more live heap), with a margin.
   */
  static final long EXCHANGE_BYTES = 48 * 1024;
  /**
   * The heap the rest needs, measured: the sidecar's own live set (3.7 MB), the 1 MiB young generation, the
   * JDK server's objects for {@link #MAX_CONNECTIONS} idle connections (about 1 KB each), the exchanges
   * evicted but not yet ended ({@link ExchangeBudget#EVICTED_SLACK}), and 1 MiB to collect in.
   */
  static final long HEAP_RESERVE_BYTES = 9L << 20;
  static final int MIN_EXCHANGES = 16;
  static final int MAX_EXCHANGES = 512;
  /** Open connections, idle ones included. */
  static final int MAX_CONNECTIONS = 2048;
  /** What the JDK server reads of a request's line and fields at most, as it counts them. */
  static final int JDK_HEADER_BYTES = 256 * 1024;

  /** System property: seconds an answer may go without its client reading anything (default 60, min 1). */
  static final String STALL_PROPERTY = "cook.sidecar.maxStallTime";
  static final long DEFAULT_STALL_SECONDS = 60;

  private ServerLimits() {}

  /** How long an answer may make no progress before it is abandoned ({@link StallWatch}). */
  static java.time.Duration stallBound() {
    long seconds = DEFAULT_STALL_SECONDS;
    String set = System.getProperty(STALL_PROPERTY);
    if (set != null) {
      try {
        seconds = Math.max(1, Long.parseLong(set.trim()));
      } catch (NumberFormatException e) {
        io.cookexecutor.log.Log.of(ServerLimits.class).warn("{}={} is not a number of seconds: {} s",
            STALL_PROPERTY, set, DEFAULT_STALL_SECONDS);
      }
    }
    return java.time.Duration.ofSeconds(seconds);
  }

  /** Exchanges running at once on virtual threads: as many as the heap holds ({@link ExchangeBudget}). */
  static int exchangeCapacity() {
    return ExchangeBudget.capacityFor(Runtime.getRuntime().maxMemory(), HEAP_RESERVE_BYTES, EXCHANGE_BYTES,
        MIN_EXCHANGES, MAX_EXCHANGES);
  }

  /**
   * The original serves {@code workers * threads} requests at once (gunicorn processes of threads); a JVM
   * needs no processes for that, so as many worker threads, within [4, 32] (4 by default: each costs its
   * stack and 44 KiB of buffers, about 1 MiB of the sidecar's memory for four more under load).
   */
  static int workerThreads(int workers, int threads) {
    long wanted = (long) Math.max(1, workers) * Math.max(1, threads);
    return (int) Math.max(MIN_THREADS, Math.min(MAX_THREADS, wanted));
  }

  static void apply() {
    // A client must send its whole request within 10 s (a connection that sent nothing is closed after
    // 10 s too), idle keep-alive connections are closed after 30 s, at most 100 kept; beyond 2048 open
    // connections new ones are closed at once.
    setDefault("sun.net.httpserver.maxReqTime", "10");
    setDefault("sun.net.httpserver.idleInterval", "30");
    setDefault("sun.net.httpserver.maxIdleConnections", "100");
    setDefault("jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
    // The JDK's own caps on what it reads of a request (beyond them it closes the connection without an
    // answer), above RequestLimits' so that everything between gets a 414 or 431: 256 KiB as the JDK
    // counts it (line and fields plus 32 bytes each), 1,000 distinct field names.
    setDefault("sun.net.httpserver.maxReqHeaders", "1000");
    setDefault("sun.net.httpserver.maxReqHeaderSize", String.valueOf(JDK_HEADER_BYTES));
    setDefault("sun.net.httpserver.nodelay", "true");
  }

  private static void setDefault(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
