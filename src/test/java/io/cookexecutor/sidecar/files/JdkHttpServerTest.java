package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One test per JDK behaviour the file server relies on ({@link JdkHttpServer}), so that a runtime that
 * changes one fails here rather than in production. The build runs this class on the installed JDK 17
 * (surefire) and again on the bundled Java 25 (failsafe's {@code bundled-runtime} execution).
 */
class JdkHttpServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theServersDispatcherIsTheThreadNamedHttpDispatcherThatLivesUntilItStops() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    Thread dispatcher = JdkHttpServer.start(server);
    try {
      assertThat(dispatcher).as("one new thread named HTTP-Dispatcher (" + Runtime.version() + ")").isNotNull();
      assertThat(dispatcher.isAlive()).isTrue();
    } finally {
      server.stop(0);
    }
    await().atMost(WAIT).until(() -> !dispatcher.isAlive());
  }

  @Test
  void theRestartRehearsalGetsItsAnswer() {
    assertThat(JdkHttpServer.rehearseRestart()).as("a throwaway server answered 204 (" + Runtime.version() + ")")
        .isTrue();
  }

  @Test
  void virtualThreadsComeFromJava24OnAndBlockedInSynchronizedCodeLeaveTheirCarrier() throws Exception {
    ThreadFactory virtual = JdkHttpServer.virtualThreads("jdk-test-");
    if (Runtime.version().feature() < JdkHttpServer.VIRTUAL_FROM) {
      assertThat(virtual).as("none before Java 24: the file server's platform pool is used").isNull();
      return;
    }
    assertThat(virtual).as("virtual threads on " + Runtime.version()).isNotNull();
    // More threads parked inside synchronized blocks than the scheduler has carriers (JEP 491): on a runtime
    // where each pins its carrier, the thread that releases them never runs.
    int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
        Runtime.getRuntime().availableProcessors());
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> blocked = new ArrayList<>();
    for (int i = 0; i <= carriers; i++) {
      Object monitor = new Object();
      Thread t = virtual.newThread(() -> {
        synchronized (monitor) {
          try {
            release.await(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      blocked.add(t);
      t.start();
    }
    Thread releaser = virtual.newThread(release::countDown);
    assertThat(releaser.getName()).isEqualTo("jdk-test-" + (carriers + 1));
    assertThat(Thread.class.getMethod("isVirtual").invoke(releaser)).isEqualTo(true);
    releaser.start();
    assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("a virtual thread ran while " + (carriers + 1) + " were blocked in synchronized code").isTrue();
    for (Thread t : blocked) {
      t.join(WAIT.toMillis());
    }
  }
}
