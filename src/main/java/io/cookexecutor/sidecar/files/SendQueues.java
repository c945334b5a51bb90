package io.cookexecutor.sidecar.files;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many bytes each TCP connection still has to get acknowledged by its client (Linux's
 * {@code /proc/net/tcp} and {@code tcp6}, column {@code tx_queue}). A client that reads slowly makes this
 * number move long before the server's next write returns: the kernel wakes a blocked writer only when half
 * of its send queue has drained, which at 1 KB/s takes minutes. So the stall watch asks here before it
 * abandons an answer. Elsewhere (no such files) nothing is known and the watch goes by writes alone.
 */
final class SendQueues {
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private SendQueues() {}

  /** Unacknowledged bytes by {@link #keys key}; empty when the tables cannot be read. */
  static Map<String, Long> read() {
    Map<String, Long> queues = new HashMap<>();
    for (Path table : TABLES) {
      try {
        parse(Files.readAllLines(table), queues);
      } catch (IOException | RuntimeException e) {
        // not Linux, or no IPv6: what was read stands
      }
    }
    return queues;
  }

  /** Adds each connection of a table to {@code into}, by its key. */
  static void parse(List<String> lines, Map<String, Long> into) {
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 5 || !f[0].endsWith(":")) {
        continue; // the heading
      }
      int localColon = f[1].lastIndexOf(':');
      int txColon = f[4].indexOf(':');
      if (localColon < 0 || txColon < 0) {
        continue;
      }
      String localPort = f[1].substring(localColon + 1);
      long tx = Long.parseLong(f[4].substring(0, txColon), 16);
      into.put(localPort + " " + f[2], tx);
    }
  }

  /**
   * The keys a connection may have in those tables: local port, remote address and port, as the kernel
   * writes them; an IPv4 peer also as {@code ::ffff:a.b.c.d}, as a dual-stack socket has it. None when the
   * peer is unknown.
   */
  static List<String> keys(int localPort, InetSocketAddress remote) {
    if (remote == null || remote.getAddress() == null) {
      return List.of();
    }
    String local = String.format(Locale.ROOT, "%04X ", localPort);
    String port = String.format(Locale.ROOT, ":%04X", remote.getPort());
    byte[] address = remote.getAddress().getAddress();
    String plain = local + hex(address) + port;
    if (address.length != 4) {
      return List.of(plain);
    }
    return List.of(plain, local + "0000000000000000FFFF0000" + hex(address) + port);
  }

  /** An address as /proc/net/tcp{,6} writes it: each 32-bit word in host (little-endian) byte order. */
  private static String hex(byte[] address) {
    StringBuilder out = new StringBuilder();
    for (int word = 0; word < address.length; word += 4) {
      for (int i = word + 3; i >= word; i--) {
        out.append(String.format(Locale.ROOT, "%02X", address[i] & 0xff));
      }
    }
    return out.toString();
  }
}
