package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The file server scenarios (1-10) against the real {@code bin/cook-sidecar} process, started as the
 * scheduler starts it, with the pod's variables (no scheduler URL: the reporter is off, with a log line).
 * Scenario 16 (a hung scheduler holds neither reads nor the stop) runs in {@link SidecarProgressIT}.
 */
class SidecarFilesIT extends FilesScenarios {
  @Override
  Started start(Path workdir, long maxReadLength) throws IOException {
    Path logs = Files.createDirectories(workdir.resolveSibling("logs"));
    SidecarProcess process = SidecarProcess.start(logs, Map.of(
        "COOK_WORKDIR", workdir.toString(),
        "COOK_INSTANCE_UUID", "5f1d2a9c-0000-4000-8000-0000000000f1",
        "COOK_FILE_SERVER_MAX_READ_LENGTH", Long.toString(maxReadLength)));
    return new Started(process.awaitFileServerPort(), process);
  }

  @Test
  void aOneGibDownloadStreamsThroughTheSidecarsHeapAndSigtermStillStopsIt() throws Exception {
    Path big = w.resolve("big-1g");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(1L << 30);
    }
    Path logs = Files.createDirectories(tmp.resolve("logs-big"));
    try (SidecarProcess process = SidecarProcess.start(logs, Map.of("COOK_WORKDIR", w.toString()),
        "--no-progress-reporter")) {
      FilesClient.Streamed answer = new FilesClient(process.awaitFileServerPort()).download(big.toString());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.bodyBytes()).isEqualTo(1L << 30);
      // the launcher's heap is 64 MiB at most: a copy of the file in memory could not be made
      long peak = Long.parseLong(Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
          .filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow().replaceAll("[^0-9]", "")) * 1024;
      assertThat(peak).isLessThan(256L << 20);
      process.terminate();
      assertThat(process.awaitExit(Duration.ofSeconds(30))).isZero();
    } finally {
      Files.delete(big);
    }
  }
}
