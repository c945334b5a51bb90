package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;

/** The ledger's order rules as pure decisions: what goes next, what a SUBSCRIBE carries, what is dropped. */
class LedgerTest {
  private static final long HOLD = 1_000;
  private final Ledger ledger = new Ledger();
  private final List<String> sent = new ArrayList<>();

  private void update(TaskState state, long now) {
    TaskStatus s = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t")).setState(state)
        .setUuid(Statuses.newUuid()).buildPartial();
    ledger.addUpdate(Call.Update.newBuilder().setStatus(s).buildPartial(), Statuses.isTerminal(state), now);
  }

  private void kept(String what) {
    ledger.addKept(ByteString.copyFromUtf8(what), what, 0);
  }

  private void progress(String what) {
    ledger.addProgress(ByteString.copyFromUtf8(what), what, 0);
  }

  /** Sends and accepts everything the ledger offers at {@code now}, recording the order. */
  private void deliverAll(long now) {
    for (Ledger.Item it = ledger.next(now, HOLD); it != null; it = ledger.next(now, HOLD)) {
      sent.add(it.isUpdate() ? it.update.getStatus().getState().name() : it.what);
      it.state = Ledger.State.IN_FLIGHT;
      ledger.answered(it, true);
    }
  }

  @Test
  void theTasksOwnOrderIsTheOrderOfTheCalls() {
    update(TaskState.TASK_STARTING, 0);
    kept("sandbox");
    update(TaskState.TASK_RUNNING, 0);
    progress("p1");
    kept("exit code");
    progress("p2");
    update(TaskState.TASK_FINISHED, 0);
    deliverAll(0);

    assertThat(sent).containsExactly("TASK_STARTING", "sandbox", "TASK_RUNNING", "exit code", "p2", "TASK_FINISHED");
    assertThat(ledger.takeSuperseded()).isEqualTo(1);
  }

  @Test
  void aKeptMessageGoesAheadOfAWaitingProgressMessageButNotAheadOfAnUpdate() {
    update(TaskState.TASK_RUNNING, 0);
    progress("p1");
    kept("exit code");
    deliverAll(0);

    assertThat(sent).containsExactly("TASK_RUNNING", "exit code", "p1");
  }

  @Test
  void theProgressMessageInFlightIsNeverReplacedAndDroppedOnlyWhenItFailsWithANewerOneWaiting() {
    progress("p1");
    Ledger.Item first = ledger.next(0, HOLD);
    first.state = Ledger.State.IN_FLIGHT;
    progress("p2");
    progress("p3");
    ledger.answered(first, false);
    deliverAll(0);

    assertThat(sent).containsExactly("p3");
    assertThat(ledger.unsettledMessages()).isZero();
  }

  @Test
  void anUpdateWaitsBehindMessagesForTheHoldAndThenGoesFirst() {
    kept("exit code");
    update(TaskState.TASK_FINISHED, 0);
    assertThat(ledger.next(HOLD - 1, HOLD).what).isEqualTo("exit code");
    assertThat(ledger.next(HOLD, HOLD).isUpdate()).isTrue();
  }

  @Test
  void aSubscribeCarriesNoUpdateAheadOfAnUndeliveredMessageButEveryAcceptedOne() {
    update(TaskState.TASK_STARTING, 0);
    kept("sandbox");
    update(TaskState.TASK_RUNNING, 0);
    update(TaskState.TASK_FINISHED, 0);
    assertThat(carried(1)).containsExactly(TaskState.TASK_STARTING);

    // RUNNING jumped the message after its hold and was accepted: a later SUBSCRIBE carries it.
    Ledger.Item starting = ledger.next(0, HOLD);
    starting.state = Ledger.State.IN_FLIGHT;
    ledger.answered(starting, true);
    Ledger.Item running = ledger.next(HOLD, HOLD);
    assertThat(running.update.getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
    running.state = Ledger.State.IN_FLIGHT;
    ledger.answered(running, true);
    assertThat(carried(2)).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);

    ledger.subscribed(2, HOLD);
    assertThat(ledger.terminal(TaskID.newBuilder().setValue("t").build())).isEqualTo(AgentSession.Delivery.PENDING);
  }

  @Test
  void whatASubscribeCarriedIsAcceptedWhenItsSubscribedArrives() {
    update(TaskState.TASK_FINISHED, 0);
    TaskID t = TaskID.newBuilder().setValue("t").build();
    assertThat(carried(3)).containsExactly(TaskState.TASK_FINISHED);
    ledger.subscribed(2, 0);
    assertThat(ledger.terminal(t)).isEqualTo(AgentSession.Delivery.PENDING);
    ledger.subscribed(3, 0);
    assertThat(ledger.terminal(t)).isEqualTo(AgentSession.Delivery.ACCEPTED);
    assertThat(ledger.next(0, HOLD)).as("an accepted update is not sent again").isNull();
  }

  private List<TaskState> carried(int generation) {
    List<TaskState> out = new ArrayList<>();
    ledger.carry(generation).forEach(u -> out.add(u.getStatus().getState()));
    return out;
  }
}
