package io.cookexecutor.sidecar.files;

import io.cookexecutor.text.Charsets;
import com.sun.net.httpserver.HttpServer;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.log.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Everything the file server relies on in the JDK beyond its API, in one place; each part names the
 * behaviour it relies on, and {@code JdkHttpServerTest} fails loudly on a runtime that changes it (the
 * build runs it on the installed JDK 17 and on the bundled Java 25).
 */
final class JdkHttpServer {
  private static final Log LOG = Log.of(JdkHttpServer.class);
  /** The first runtime whose virtual threads unmount while blocked in {@code synchronized} code. */
  static final int VIRTUAL_FROM = 24;
  private static final String DISPATCHER = "HTTP-Dispatcher";

  private JdkHttpServer() {}

  /**
   * Starts {@code server} and returns its dispatcher thread, or null when it cannot be told apart. Relies
   * on the JDK server (sun.net.httpserver.ServerImpl) accepting and reading on one thread named
   * {@code HTTP-Dispatcher}, started by {@code start()}, which ends only when the server stops or dies.
   */
  static Thread start(HttpServer server) {
    Set<Thread> before = dispatchers();
    server.start();
    Set<Thread> ours = dispatchers();
    ours.removeAll(before);
    return ours.size() == 1 ? ours.iterator().next() : null;
  }

  /** The JDK servers' dispatcher threads now (a cheap look: no stacks are taken). */
  private static Set<Thread> dispatchers() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() + 16];
    int n = root.enumerate(all, true);
    Set<Thread> found = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (all[i].getName().equals(DISPATCHER)) {
        found.add(all[i]);
      }
    }
    return found;
  }

  /**
   * Creates, starts, asks once and stops a throwaway server on an ephemeral loopback port; true when it
   * answered (a failure is only logged at debug level: the rehearsal only prepares a later restart). Relies
   * on the JDK server loading the classes of its stop and of an exchange only when first used: a restart
   * after the heap ran out needs them, and a class whose initialisation fails while the heap is exhausted
   * can never be used again, so they are initialised by this, while memory is plentiful.
   */
  static boolean rehearseRestart() {
    try {
      HttpServer rehearsal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      rehearsal.createContext("/", exchange -> {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      }).getFilters().add(new RequestLimits());
      rehearsal.setExecutor(Runnable::run);
      rehearsal.start();
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), rehearsal.getAddress().getPort())) {
        client.setSoTimeout(2000);
        client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(Charsets.US_ASCII));
        return new String(client.getInputStream().readAllBytes(), Charsets.US_ASCII)
            .startsWith("HTTP/1.1 204 ");
      } finally {
        rehearsal.stop(0);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("file server: the restart rehearsal failed: {}", e.toString());
      return false;
    }
  }

  /**
   * Virtual threads named {@code prefix} and a number, their deaths logged; null before Java
   * {@link #VIRTUAL_FROM}. Relies on JEP 491 (Java 24): a virtual thread blocked inside {@code synchronized}
   * code (the JDK server's streams are synchronized) leaves its carrier; on 21-23 it pins it, and a few slow
   * clients would hold every carrier. {@code Thread.ofVirtual()} is looked up at run time: the language
   * level is 17.
   */
  static ThreadFactory virtualThreads(String prefix) {
    if (Runtime.version().feature() < VIRTUAL_FROM) {
      return null;
    }
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Object named = builder.getMethod("name", String.class, long.class)
          .invoke(Thread.class.getMethod("ofVirtual").invoke(null), prefix, 0L);
      ThreadFactory virtual = (ThreadFactory) builder.getMethod("factory").invoke(named);
      return r -> Threads.watched(virtual.newThread(r));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
