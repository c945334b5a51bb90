package io.cookexecutor.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to speak TLS to the agent, as the libprocess variables say.
 *
 * @param caFile PEM trust anchors; with {@code caDir} empty too, the system trust store is used
 * @param caDir a directory whose PEM files are trust anchors, besides the CA file
 * @param verifyCert whether an untrusted certificate or a wrong host name ends the connection
 * @param certFile the PEM client certificate (chain), present exactly when {@code keyFile} is
 * @param keyFile the PEM private key of the client certificate
 */
public record TlsOptions(
    Optional<Path> caFile,
    Optional<Path> caDir,
    boolean verifyCert,
    Optional<Path> certFile,
    Optional<Path> keyFile) {

  public TlsOptions {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(caDir, "caDir");
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("a client certificate needs both its certificate and its key");
    }
  }

  /** Whether a client certificate is configured. */
  public boolean clientCertificate() {
    return certFile.isPresent();
  }
}
