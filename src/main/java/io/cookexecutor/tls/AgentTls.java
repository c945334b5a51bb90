package io.cookexecutor.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the embedded agent: its PEM certificate and key, and optionally a CA for required client certificates.
 *
 * @param certFile the agent's PEM certificate (chain); for 127.0.0.1 it needs the subjectAltName IP:127.0.0.1
 * @param keyFile the agent's unencrypted PEM private key (PKCS#8, or PKCS#1 for RSA)
 * @param clientCaFile when present, connections without a client certificate issued by this CA are refused
 */
public record AgentTls(Path certFile, Path keyFile, Optional<Path> clientCaFile) {

  public AgentTls {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(clientCaFile, "clientCaFile");
  }
}
