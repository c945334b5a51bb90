package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProgressLocationsTest {
  @Test
  void theOutputIsReadBeforeTheProgressFileSoTheJobsOwnStatementIsTheLatest() {
    assertThat(ProgressLocations.of(Path.of("/s/p.txt"), Path.of("/s")))
        .containsExactly(Path.of("/s/stdout"), Path.of("/s/stderr"), Path.of("/s/p.txt"));
  }

  @Test
  void aProgressFileThatIsTheOutputIsFollowedOnce() {
    assertThat(ProgressLocations.of(Path.of("/s/./stdout"), Path.of("/s")))
        .containsExactly(Path.of("/s/stdout"), Path.of("/s/stderr"));
  }
}
