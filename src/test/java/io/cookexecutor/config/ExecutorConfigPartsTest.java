package io.cookexecutor.config;

import static io.cookexecutor.config.Env.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.progress.ProgressSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What ExecutorConfig builds for the other parts: ProgressSettings, TlsOptions. */
class ExecutorConfigPartsTest {

  @Test
  void buildsTheProgressSettingsWithTheTablesFloors() {
    ExecutorConfig c = config("PROGRESS_REGEX_STRING", "(\\d+)%", "EXECUTOR_MAX_MESSAGE_LENGTH", "1",
        "EXECUTOR_MAX_BYTES_READ_PER_LINE", "2", "PROGRESS_SAMPLE_INTERVAL_MS", "3");

    assertThat(c.progress()).isEqualTo(new ProgressSettings("(\\d+)%", ProgressSettings.MIN_MAX_MESSAGE_LENGTH,
        ProgressSettings.MIN_MAX_BYTES_READ_PER_LINE, ProgressSettings.MIN_SAMPLE_INTERVAL));
    assertThat(config().progress()).isEqualTo(new ProgressSettings(ProgressSettings.DEFAULT_REGEX,
        ProgressSettings.DEFAULT_MAX_MESSAGE_LENGTH, ProgressSettings.DEFAULT_MAX_BYTES_READ_PER_LINE,
        ProgressSettings.DEFAULT_SAMPLE_INTERVAL));
    assertThat(config().progress().sampleInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void buildsTheTlsOptions() {
    ExecutorConfig c = config("LIBPROCESS_SSL_CA_FILE", "ca.pem", "LIBPROCESS_SSL_VERIFY_CERT", "0",
        "LIBPROCESS_SSL_CERT_FILE", "/c.pem", "LIBPROCESS_SSL_KEY_FILE", "/k.pem");

    assertThat(c.tlsOptions()).isEqualTo(new TlsOptions(Optional.of(Env.WORKING_DIRECTORY.resolve("ca.pem")),
        Optional.empty(), false, Optional.of(Path.of("/c.pem")), Optional.of(Path.of("/k.pem"))));
  }
}
