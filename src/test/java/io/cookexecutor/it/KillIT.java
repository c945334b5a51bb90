package io.cookexecutor.it;

import static io.cookexecutor.it.ExecutorRun.number;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.local.agent.AgentSettings;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Acceptance 11-15: kills, grace periods, escaping trees, SHUTDOWN and signals to the executor. */
class KillIT {

  @Test
  void aKilledSleepEndsWithSigterm() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100"))) {
      run.awaitState(TASK_RUNNING);
      run.agent.killTask(Optional.empty());
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
      assertThat(number(run.messagesWith("exit-code").get(0), "exit-code")).isEqualTo(-15);
      assertThat(run.sandboxFile("stdout")).contains("Received kill for task " + run.agent.taskId().getValue()
          + " with grace period of ");
      assertThat(run.survivors()).isEmpty();
    }
  }

  @Test
  void aTaskIgnoringSigtermGetsSigkillAfterTheGracePeriod() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("trap \"\" TERM; sleep 100").shutdownGracePeriod(Duration.ofSeconds(2)))) {
      run.awaitState(TASK_RUNNING);
      run.agent.killTask(Optional.empty());
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
      assertThat(number(run.messagesWith("exit-code").get(0), "exit-code")).isEqualTo(-9);
      assertThat(run.sandboxFile("stdout")).contains("with grace period of 2secs");
      assertThat(run.survivors()).isEmpty();
      // By the log's own clock: SIGTERM first, SIGKILL only once the grace (less the 100 ms margin) passed.
      List<String> log = run.sandboxFile("executor.log").lines().toList();
      int term = indexOf(log, "Sent signal 15 ");
      int kill = indexOf(log, "Sent signal 9 ");
      assertThat(term).as("SIGTERM logged").isNotNegative();
      assertThat(kill).as("SIGKILL logged after SIGTERM").isGreaterThan(term);
      assertThat(Duration.between(loggedAt(log.get(term)), loggedAt(log.get(kill))))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** The timestamp that starts every executor.log line. */
  private static OffsetDateTime loggedAt(String line) {
    return OffsetDateTime.parse(line.substring(0, line.indexOf(' ')));
  }

  @Test
  void theKillEventsGracePeriodOverridesTheDefault() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("trap \"\" TERM; sleep 100").shutdownGracePeriod(Duration.ofMinutes(5)))) {
      run.awaitState(TASK_RUNNING);
      run.agent.killTask(Optional.of(Duration.ofMillis(300)));
      assertThat(run.awaitExit()).isZero();
      assertThat(number(run.messagesWith("exit-code").get(0), "exit-code")).isEqualTo(-9);
      assertThat(run.sandboxFile("stdout")).contains("with grace period of 300ms");
    }
  }

  @Test
  void noProcessOfAnEscapingTreeSurvivesAKill() throws Exception {
    String command = "(sleep 1000 &) ; setsid sleep 1000 & sh -c 'trap \"\" TERM; sleep 1000' & "
        + "touch started; wait";
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(command)
        .shutdownGracePeriod(Duration.ofSeconds(1)))) {
      run.awaitState(TASK_RUNNING);
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandbox().resolve("started").toFile().exists());
      // four sleeps and shells of the task, plus the executor itself, carry the marker
      await().atMost(ExecutorRun.WAIT).until(() -> run.survivors().size() >= 5);
      run.agent.killTask(Optional.empty());
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).endsWith(TASK_KILLED);
      assertThat(run.survivors()).isEmpty();
    }
  }

  @Test
  void processesLeftBehindByAFinishedTaskAreEnded() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("(setsid sleep 1000 &); (sleep 1000 &); echo done"))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).endsWith(org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED);
      assertThat(run.survivors()).isEmpty();
    }
  }

  @Test
  void shutdownKillsTheTaskAndExitsCleanly() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100"))) {
      run.awaitState(TASK_RUNNING);
      run.agent.shutdown();
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
      assertThat(run.survivors()).isEmpty();
    }
  }

  @Test
  void sigtermToTheExecutorKillsTheTaskReportsItAndExitsOne() throws Exception {
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command("sleep 100 & sleep 100"))) {
      run.awaitState(TASK_RUNNING);
      ProcessHandle.of(run.process.pid()).orElseThrow().destroy(); // SIGTERM
      assertThat(run.awaitExit()).isEqualTo(1);
      assertThat(run.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
      assertThat(run.survivors()).isEmpty();
      assertThat(run.sandboxFile("executor.log")).contains("Received SIGTERM");
    }
  }
}
