package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.sidecar.files.FileServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileServerProbeIT {
  @TempDir Path workdir;

  @Test
  void readinessProbeAnswersAsSoonAsStartReturns() throws Exception {
    try (FileServer server = FileServer.start(workdir, new InetSocketAddress("127.0.0.1", 0), 1000, 2, 2)) {
      FilesClient.Answer answer = new FilesClient(server.port()).raw("GET", "/readiness-probe");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEmpty();
    }
  }
}
