package io.cookexecutor.local.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OOM notification through the native eventfd, open, poll and read, in a real cgroup v1 memory group
 * where one can be made: quiet while nothing happens, signalled when the group is removed (as on an OOM).
 */
class OomEventsTest {
  private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");

  @TempDir Path dir;

  @Test
  void aGroupIsQuietUntilItIsRemoved() throws Exception {
    assumeTrue(Files.isWritable(MEMORY.resolve("cgroup.event_control").getParent()), "no writable cgroup v1 memory");
    Path group = Files.createDirectory(MEMORY.resolve("cook-oom-events-test-" + UUID.randomUUID()));
    Optional<OomEvents> events;
    try {
      events = OomEvents.register(group);
      assertThat(events).isPresent();
      assertThat(events.get().await(0)).isFalse();
    } finally {
      Files.delete(group);
    }
    try (OomEvents e = events.get()) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> e.await(100));
    }
  }

  @Test
  void aDirectoryThatIsNoMemoryGroupIsNotRegistered() {
    assertThat(OomEvents.register(dir)).isEmpty();
    assertThat(OomEvents.register(dir.resolve("missing"))).isEmpty();
  }
}
