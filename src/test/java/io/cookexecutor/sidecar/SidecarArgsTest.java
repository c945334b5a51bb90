package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up path's command line: plain runs parsed here, anything else left to picocli. */
class SidecarArgsTest {

  @Test
  void theSchedulersCommandWithThePortAppended() {
    assertThat(SidecarArgs.parse(List.of("--file-server-port", "23906")))
        .contains(new Sidecar.Options(23906, false, false, null, 2, 2, null));
  }

  @Test
  void everyOptionInBothSpellings() {
    assertThat(SidecarArgs.parse(List.of("--no-file-server", "--no-progress-reporter",
        "--exit-sentinel-file-path=/mnt/sidecar/exit", "--file-server-workers", "4", "--file-server-threads=3",
        "--bind", "127.0.0.1", "--file-server-port=1")))
        .contains(new Sidecar.Options(1, true, true, Path.of("/mnt/sidecar/exit"), 4, 3, "127.0.0.1"));
  }

  @Test
  void helpVersionUnknownOptionsAndBadValuesGoToPicocli() {
    for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"),
        List.of("--file-server-port"), List.of("--file-server-port", "x"), List.of("--no-file-server=yes"),
        List.of("--port", "1"), List.of("extra"))) {
      assertThat(SidecarArgs.parse(args)).as(args.toString()).isEmpty();
    }
  }
}
