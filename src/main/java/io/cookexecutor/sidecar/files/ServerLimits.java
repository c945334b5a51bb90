package io.cookexecutor.sidecar.files;

/**
 * The bounds that keep the file server alive on a pod network: threads, queued requests, and the JDK
 * server's own timers (its properties are read once, when its first server is made, so they are set
 * before, unless the operator set them).
 */
final class ServerLimits {
  /** Requests waiting for a worker beyond this are refused (the connection closed). */
  static final int QUEUED_REQUESTS = 256;
  static final int BACKLOG = 128;
  /** Workers run shallow code: small stacks keep them cheap. */
  static final long STACK_BYTES = 256 * 1024;
  static final int MIN_THREADS = 4;
  static final int MAX_THREADS = 32;

  private ServerLimits() {}

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
    // A client must send its whole request within 10 s (slow-header clients lose their connection, and
    // their worker), idle keep-alive connections are closed after 30 s, at most 100 kept.
    setDefault("sun.net.httpserver.maxReqTime", "10");
    setDefault("sun.net.httpserver.idleInterval", "30");
    setDefault("sun.net.httpserver.maxIdleConnections", "100");
    // Request headers: at most 64 of them, 256 KiB with the request line: a query over Query's limit
    // then gets a 414 from the routes; beyond 256 KiB the JDK closes the connection without reading on.
    setDefault("sun.net.httpserver.maxReqHeaders", "64");
    setDefault("sun.net.httpserver.maxReqHeaderSize", String.valueOf(256 * 1024));
    setDefault("sun.net.httpserver.nodelay", "true");
  }

  private static void setDefault(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
