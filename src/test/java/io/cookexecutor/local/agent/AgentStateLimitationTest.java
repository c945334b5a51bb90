package io.cookexecutor.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.container.ContainerUsage;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** The agent's own TASK_FAILED for a memory limitation goes out only while the task is not terminal. */
class AgentStateLimitationTest {
  private static final ContainerUsage PEAK = new ContainerUsage(96L << 20, 0, true, 0);
  private final AgentSettings settings = AgentSettings.builder().build();
  private final AgentEvents events = new AgentEvents(settings, 5051);

  @Test
  void deliveredWhenTheExecutorSentNoTerminalState() {
    AgentState state = new AgentState(events, Runnable::run, Runnable::run);
    state.receive(AgentTestSupport.status(settings, TaskState.TASK_RUNNING, AgentTestSupport.newUuid()));
    assertThat(state.deliverAgentUpdate(events.memoryLimitation("Memory limit exceeded", PEAK))).isTrue();
    assertThat(state.delivered()).extracting(s -> s.getState())
        .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FAILED);
  }

  @Test
  void notDeliveredAfterTheExecutorsOwnTerminalState() {
    AgentState state = new AgentState(events, Runnable::run, Runnable::run);
    state.receive(AgentTestSupport.status(settings, TaskState.TASK_FAILED, AgentTestSupport.newUuid()));
    assertThat(state.deliverAgentUpdate(events.memoryLimitation("Memory limit exceeded", PEAK))).isFalse();
    assertThat(state.delivered()).hasSize(1);
    assertThat(state.delivered().get(0).getSource())
        .isEqualTo(org.apache.mesos.v1.Protos.TaskStatus.Source.SOURCE_EXECUTOR);
  }
}
