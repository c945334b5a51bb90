package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskRulesTest {

  @ParameterizedTest
  @CsvSource({
      "0, 0, TASK_FINISHED",       // exit 0
      "768, 3, TASK_FAILED",       // exit 3
      "65280, 255, TASK_FAILED",   // exit 255
      "15, -15, TASK_KILLED",      // SIGTERM
      "9, -9, TASK_KILLED",        // SIGKILL
      "139, -11, TASK_KILLED",     // SIGSEGV with core dump flag
  })
  void waitStatusesMapToExitCodesAndTerminalStates(int raw, int code, TaskState state) {
    ExitStatus s = ExitStatus.fromWaitStatus(raw);
    assertThat(s.code()).isEqualTo(code);
    assertThat(TerminalState.of(s)).isEqualTo(state);
  }

  private static TaskInfo taskWithGrace(Duration grace) {
    TaskInfo.Builder t = TaskInfo.newBuilder().setName("t");
    t.getTaskIdBuilder().setValue("t");
    t.getAgentIdBuilder().setValue("a");
    if (grace != null) {
      t.setKillPolicy(KillPolicy.newBuilder()
          .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(grace.toNanos())));
    }
    return t.buildPartial();
  }

  @Test
  void graceComesFromTheEventThenTheTaskThenTheDefault() {
    Duration fallback = Duration.ofSeconds(2);
    assertThat(io.cookexecutor.task.KillPolicy.gracePeriod(Optional.of(Duration.ofMillis(300)),
        taskWithGrace(Duration.ofSeconds(9)), fallback)).isEqualTo(Duration.ofMillis(300));
    assertThat(io.cookexecutor.task.KillPolicy.gracePeriod(Optional.empty(),
        taskWithGrace(Duration.ofSeconds(9)), fallback)).isEqualTo(Duration.ofSeconds(9));
    assertThat(io.cookexecutor.task.KillPolicy.gracePeriod(Optional.empty(), taskWithGrace(null), fallback))
        .isEqualTo(fallback);
    assertThat(io.cookexecutor.task.KillPolicy.gracePeriod(Optional.of(Duration.ofSeconds(-1)),
        taskWithGrace(null), fallback)).isEqualTo(Duration.ZERO);
  }

  @Test
  void escalationKeepsACleanUpMarginAndNeverGoesNegative() {
    assertThat(io.cookexecutor.task.KillPolicy.escalationDelay(Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofMillis(1900));
    assertThat(io.cookexecutor.task.KillPolicy.escalationDelay(Duration.ofMillis(50))).isEqualTo(Duration.ZERO);
  }

  @Test
  void aLaterKillMayOnlyBringTheDeadlineForward() {
    long now = 1_000_000_000L;
    long first = io.cookexecutor.task.KillPolicy.deadline(0, false, now, Duration.ofSeconds(10));
    assertThat(first).isEqualTo(now + Duration.ofMillis(9900).toNanos());
    long longer = io.cookexecutor.task.KillPolicy.deadline(first, true, now + 1, Duration.ofSeconds(60));
    assertThat(longer).isEqualTo(first);
    long shorter = io.cookexecutor.task.KillPolicy.deadline(first, true, now + 1, Duration.ofSeconds(1));
    assertThat(shorter).isEqualTo(now + 1 + Duration.ofMillis(900).toNanos());
  }
}
