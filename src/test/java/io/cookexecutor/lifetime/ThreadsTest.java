package io.cookexecutor.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Threads made through {@link Threads}: named, daemons, and what kills them logged. */
class ThreadsTest {
  @Test
  void aThreadWithItsOwnStackThatDiesIsLoggedByName() throws Exception {
    Thread t = Threads.daemon("threads-test", 256 * 1024, () -> {
      throw new IllegalStateException("broken on purpose");
    });
    assertThat(t.isDaemon()).isTrue();
    PrintStream saved = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      t.start();
      t.join(10_000);
    } finally {
      System.setErr(saved);
    }
    assertThat(t.isAlive()).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("thread threads-test died")
        .contains("IllegalStateException: broken on purpose");
  }
}
