package io.cookexecutor.it;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.tls.AgentTls;
import io.cookexecutor.tls.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS between the real executor and an embedded agent serving TLS with a CA made at test time. */
class TlsIT {
  @TempDir static Path certificates;
  static TestCa ca;
  static TestCa otherCa;
  static TestCa.Identity agent;
  static TestCa.Identity agentOfOtherCa;
  static TestCa.Identity executor;

  @BeforeAll
  static void makeCertificates() throws Exception {
    ca = TestCa.create(certificates, "cook");
    otherCa = TestCa.create(certificates, "other");
    agent = ca.server("agent");
    agentOfOtherCa = otherCa.server("agent");
    executor = ca.client("executor");
  }

  @Test
  void helloWorldOverTlsWithTheCaFile() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(tlsAgent(agent)
        .executorEnv("LIBPROCESS_SSL_CA_FILE", ca.certFile().toString()))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("stdout")).contains("Hello World");
      assertThat(run.sandboxFile("executor.log"))
          .contains("TLS to the agent: trusting the CA file " + ca.certFile())
          .contains("certificate and host name verified");
    }
  }

  @Test
  void helloWorldOverTlsWithTheCaDirectory(@TempDir Path caDir) throws Exception {
    Files.copy(otherCa.certFile(), caDir.resolve("other.pem"));
    Files.copy(ca.certFile(), caDir.resolve("cook.pem"));
    try (ExecutorRun run = ExecutorRun.start(tlsAgent(agent)
        .executorEnv("LIBPROCESS_SSL_CA_DIR", caDir.toString()))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("executor.log")).contains("trusting the CA directory " + caDir);
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAndTheExecutorGivesUp() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(givingUpSoon(tlsAgent(agentOfOtherCa)
        .executorEnv("LIBPROCESS_SSL_CA_FILE", ca.certFile().toString())))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.agent.calls()).isEmpty();
      assertThat(run.agent.subscribeCount()).isZero();
      String log = run.sandboxFile("executor.log");
      assertThat(log).contains("the agent's certificate (subject CN=127.0.0.1, issuer CN=other Test CA)"
          + " is not trusted by the CA file " + ca.certFile());
      assertThat(log).contains("Giving up on the agent");
      assertThat(run.sandboxFile("stdout")).doesNotContain("Hello World");
    }
  }

  @Test
  void aRequiredClientCertificateIsPresented() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .tls(new AgentTls(agent.certFile(), agent.keyFile(), Optional.of(ca.certFile())))
        .executorEnv("LIBPROCESS_SSL_CA_FILE", ca.certFile().toString())
        .executorEnv("LIBPROCESS_SSL_CERT_FILE", executor.certFile().toString())
        .executorEnv("LIBPROCESS_SSL_KEY_FILE", executor.keyFile().toString()))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("executor.log")).contains("client certificate CN=executor from");
    }
  }

  @Test
  void aMissingClientCertificateFailsCleanly() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(givingUpSoon(AgentSettings.builder()
        .tls(new AgentTls(agent.certFile(), agent.keyFile(), Optional.of(ca.certFile())))
        .executorEnv("LIBPROCESS_SSL_CA_FILE", ca.certFile().toString())))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.agent.calls()).isEmpty();
      assertThat(run.sandboxFile("executor.log"))
          .contains("it may require a client certificate, and none is configured")
          .contains("Giving up on the agent");
    }
  }

  @Test
  void withVerificationOffAnUntrustedCertificateIsUsedWithAWarning() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(tlsAgent(agentOfOtherCa)
        .executorEnv("LIBPROCESS_SSL_CA_FILE", ca.certFile().toString())
        .executorEnv("LIBPROCESS_SSL_VERIFY_CERT", "0"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
      assertThat(run.sandboxFile("executor.log"))
          .containsPattern("WARN .*LIBPROCESS_SSL_VERIFY_CERT is off")
          .containsPattern("WARN .*The agent.s certificate .*is not trusted by the CA file .*;"
              + " accepted only because LIBPROCESS_SSL_VERIFY_CERT is off");
    }
  }

  @Test
  void aMissingCaFileEndsTheExecutorAtOnceWithTheReason() throws Exception {
    Path missing = certificates.resolve("no-such-ca.pem");
    try (ExecutorRun run = ExecutorRun.start(tlsAgent(agent)
        .executorEnv("LIBPROCESS_SSL_CA_FILE", missing.toString()))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.agent.calls()).isEmpty();
      assertThat(run.sandboxFile("executor.log"))
          .contains("Giving up on the agent: TLS cannot be set up: " + missing + " does not exist");
      assertThat(run.sandboxFile("stderr")).contains("TLS to the agent cannot be set up");
    }
  }

  private static AgentSettings.Builder tlsAgent(TestCa.Identity identity) {
    return AgentSettings.builder().tls(new AgentTls(identity.certFile(), identity.keyFile(), Optional.empty()));
  }

  /** The first subscription is tried for 2 s instead of a minute. */
  private static AgentSettings.Builder givingUpSoon(AgentSettings.Builder settings) {
    return settings.executorEnv("MESOS_RECOVERY_TIMEOUT", "2secs")
        .executorEnv("MESOS_SUBSCRIPTION_BACKOFF_MAX", "300ms");
  }
}
