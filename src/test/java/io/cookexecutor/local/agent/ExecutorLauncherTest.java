package io.cookexecutor.local.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor process starts as an agent starts it: sandbox, appended output files, MESOS_* variables. */
class ExecutorLauncherTest {
  @TempDir
  Path sandbox;

  private LocalAgent agent;

  @AfterEach
  void stop() {
    agent.close();
    AgentTestSupport.assertNoAgentThreads();
  }

  private static void run(Process p) throws InterruptedException {
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void environmentAndAppendedOutput() throws Exception {
    agent = LocalAgent.start(AgentSettings.builder()
        .sandbox(sandbox)
        .checkpoint(true)
        .recoveryTimeout(Duration.ofSeconds(90))
        .subscriptionBackoffMax(Duration.ofMillis(1500))
        .shutdownGracePeriod(Duration.ofSeconds(3))
        .token("tok")
        .taskEnv("A", "1")
        .taskEnv("PROGRESS_REGEX_STRING", "x")
        .executorEnv("A", "0")
        .executorEnv("B", "2")
        .build());
    Files.writeString(sandbox.resolve("stdout"), "before\n");
    run(agent.launchExecutorShell("env; pwd; echo out; echo err >&2"));
    run(agent.launchExecutor(List.of("/bin/sh", "-c", "echo second")));

    List<String> out = Files.readAllLines(sandbox.resolve("stdout"), StandardCharsets.UTF_8);
    AgentSettings s = agent.settings();
    assertThat(out.get(0)).isEqualTo("before");
    assertThat(out).contains(
        "MESOS_FRAMEWORK_ID=" + s.frameworkId(),
        "MESOS_EXECUTOR_ID=" + s.executorId(),
        "MESOS_DIRECTORY=" + sandbox,
        "MESOS_SANDBOX=" + sandbox,
        "MESOS_AGENT_ENDPOINT=127.0.0.1:" + agent.port(),
        "MESOS_CHECKPOINT=1",
        "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=3secs",
        "MESOS_RECOVERY_TIMEOUT=90secs",
        "MESOS_SUBSCRIPTION_BACKOFF_MAX=1500ms",
        "MESOS_EXECUTOR_AUTHENTICATION_TOKEN=tok",
        "PROGRESS_REGEX_STRING=x",
        "A=0",
        "B=2",
        "out");
    assertThat(out).contains(sandbox.toRealPath().toString());
    assertThat(out).contains("PATH=" + System.getenv("PATH"));
    assertThat(out.get(out.size() - 1)).isEqualTo("second");
    assertThat(Files.readString(sandbox.resolve("stderr"))).isEqualTo("err\n");
  }

  @Test
  void withoutCheckpointingNoRecoveryVariables() throws Exception {
    agent = LocalAgent.start(AgentSettings.builder().sandbox(sandbox).build());
    run(agent.launchExecutorShell("env"));
    String out = Files.readString(sandbox.resolve("stdout"));
    assertThat(out).contains("MESOS_CHECKPOINT=0\n", "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=5secs\n")
        .doesNotContain("MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX",
            "MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
  }

  @Test
  void closeKillsExecutorsStillRunning() throws IOException {
    agent = LocalAgent.start(AgentSettings.builder().sandbox(sandbox).build());
    Process p = agent.launchExecutorShell("sleep 100 & wait");
    await().atMost(Duration.ofSeconds(5)).until(() -> p.descendants().findAny().isPresent());
    List<ProcessHandle> tree = p.descendants().toList();
    agent.close();
    assertThat(p.isAlive()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void aTemporarySandboxIsCreatedWhenNoneIsGiven() throws IOException {
    agent = LocalAgent.start(AgentSettings.builder().build());
    assertThat(agent.sandbox()).isDirectory();
    assertThat(agent.settings().sandbox()).contains(agent.sandbox());
  }
}
