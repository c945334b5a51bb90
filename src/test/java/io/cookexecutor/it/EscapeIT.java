package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.local.agent.AgentSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Process trees that try to escape, ended by every trigger: zero processes of the task may survive. Each
 * tree touches {@code started} once its escapees exist; survivors are found through /proc by the marker
 * variable every process of the task inherits.
 */
class EscapeIT {

  /** Trees that try to outlive a kill; each ends by waiting forever unless the trigger is its own exit. */
  private static final String[][] TREES = {
      {"double fork", "(sleep 1000 &); touch started"},
      {"setsid", "setsid sleep 1000 & touch started"},
      {"new process group", "bash -c 'set -m; sleep 1000 & sleep 1000' & touch started"},
      {"ignores SIGTERM", "sh -c 'trap \"\" TERM; sleep 1000' & trap '' TERM; touch started"},
      {"stops itself", "sh -c 'kill -STOP $$; sleep 1000' & sleep 1000 & touch started"},
      {"forks in a loop", "sh -c 'while :; do (sleep 1000 &); sleep 0.02; done' & touch started"},
  };

  private enum Trigger { KILL, SHUTDOWN, SIGTERM_TO_EXECUTOR, OWN_EXIT }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String[] tree : TREES) {
      for (Trigger t : Trigger.values()) {
        all.add(Arguments.of(tree[0], tree[1], t));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, ended by {2}")
  @MethodSource("cases")
  void noProcessOfTheTaskSurvives(String name, String tree, Trigger trigger) throws Exception {
    String command = trigger == Trigger.OWN_EXIT ? tree + "; exit 0" : tree + "; sleep 1000";
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder().command(command)
        .shutdownGracePeriod(Duration.ofSeconds(1)))) {
      await().atMost(ExecutorRun.WAIT).until(() -> run.sandbox().resolve("started").toFile().exists());
      switch (trigger) {
        case KILL:
          run.agent.killTask(Optional.empty());
          break;
        case SHUTDOWN:
          run.agent.shutdown();
          break;
        case SIGTERM_TO_EXECUTOR:
          run.awaitState(TaskState.TASK_RUNNING);
          ProcessHandle.of(run.process.pid()).orElseThrow().destroy();
          break;
        default:
          break;
      }
      int exit = run.awaitExit();
      assertThat(exit).isEqualTo(trigger == Trigger.SIGTERM_TO_EXECUTOR ? 1 : 0);
      assertThat(run.survivors()).as("processes of the task left running").isEmpty();
      List<TaskState> states = run.states();
      assertThat(states).hasSize(3);
      assertThat(states.get(2)).isIn(TaskState.TASK_KILLED, TaskState.TASK_FINISHED, TaskState.TASK_FAILED);
    }
  }
}
