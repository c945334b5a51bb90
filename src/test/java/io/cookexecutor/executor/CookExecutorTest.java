package io.cookexecutor.executor;

import static io.cookexecutor.agent.RecordingAgentCalls.Channel.MESSAGES;
import static io.cookexecutor.agent.RecordingAgentCalls.Channel.UPDATES;
import static org.apache.mesos.v1.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.agent.CallOutcome;
import io.cookexecutor.agent.RecordingAgentCalls;
import io.cookexecutor.task.FakeProcesses;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The executor's decisions on a manual clock, against a recording agent and fake processes: launch,
 * kill, the one terminal state, and when to exit. Names follow Mesos's command_executor_tests.cpp.
 */
class CookExecutorTest {
  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void terminateWithAckExitsAsSoonAsTheTerminalUpdateIsAcknowledged() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true").acceptAll();
    h.exitTask(0);
    h.acceptAll();

    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    assertThat(h.exited()).as("exited before the acknowledgement").isFalse();
    h.acknowledge(TASK_FINISHED);
    assertThat(h.exited()).isTrue();
    assertThat(h.loop.exitCode()).isZero();
    assertThat(h.loop.elapsed()).isZero();
  }

  @Test
  void anAcknowledgementThatNeverComesEndsTheWaitOneSecondAfterTheTerminalUpdateWasAccepted() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true").acceptAll();
    h.exitTask(0);
    h.acceptAll();

    h.advance(Duration.ofMillis(999));
    assertThat(h.exited()).isFalse();
    h.advance(MS);
    assertThat(h.exited()).isTrue();
  }

  @Test
  void aRefusedTerminalUpdateIsRetriedWithTheSameUuidUntilAcceptedAndOnlyThenIsTheAckAwaited() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true").acceptAll();
    h.exitTask(0);
    h.agent.unanswered(MESSAGES).forEach(RecordingAgentCalls.Sent::accept);
    h.loop.runReady();
    RecordingAgentCalls.Sent first = h.pendingUpdate();
    assertThat(first.status().getState()).isEqualTo(TASK_FINISHED);

    for (int i = 0; i < 5; i++) {
      h.pendingUpdate().refuse(503);
      h.loop.runReady();
      assertThat(h.agent.unanswered(UPDATES)).as("nothing sent during the backoff").isEmpty();
      h.advance(Duration.ofSeconds(2)); // the backoff never exceeds MESOS_SUBSCRIPTION_BACKOFF_MAX
      assertThat(h.pendingUpdate().status().getUuid()).isEqualTo(first.status().getUuid());
    }
    h.advance(Duration.ofSeconds(5));
    assertThat(h.exited()).as("exited while the terminal update was refused").isFalse();

    h.pendingUpdate().accept();
    h.loop.runReady();
    h.advance(Duration.ofMillis(999));
    assertThat(h.exited()).isFalse();
    h.acknowledge(TASK_FINISHED);
    assertThat(h.exited()).isTrue();
  }

  @Test
  void theFirstRetryOfARefusedUpdateComesAfterAboutAHundredMilliseconds() {
    // The harness's jitter is the largest: the first wait is its ceiling, 50 + 49 ms (half of 100 ms, plus
    // the jitter's share of the other half); the smallest jitter would make it 50 ms.
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("sleep 100");
    h.refuseUpdate();
    h.advance(Duration.ofMillis(98));
    assertThat(h.agent.unanswered(UPDATES)).isEmpty();
    h.advance(MS);
    assertThat(h.pendingUpdate().status().getState()).isEqualTo(TASK_STARTING);
  }

  @Test
  void aStormOf503sDeliversEveryUpdateOnceAndInOrderWithOneUpdateInFlightAtATime() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true");
    h.exitTask(0);
    for (int i = 0; i < 30; i++) {
      assertThat(h.agent.unanswered(UPDATES)).hasSizeLessThanOrEqualTo(1);
      h.agent.unanswered(UPDATES).forEach(s -> s.refuse(503));
      h.agent.unanswered(MESSAGES).forEach(s -> s.refuse(503));
      h.advance(Duration.ofMillis(500));
    }
    assertThat(h.agent.updateStates()).as("only STARTING is tried while it is refused").containsOnly(TASK_STARTING);
    h.acceptAllAfterBackoff();
    h.acknowledge(TASK_FINISHED);

    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    assertThat(h.exited()).isTrue();
  }

  @Test
  void aHungUpdateThatTimesOutIsSentAgainAndTheNextOneWaitsForIt() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("sleep 100");
    RecordingAgentCalls.Sent hung = h.pendingUpdate();
    assertThat(hung.deadline).isEqualTo(Duration.ofSeconds(3));
    h.advance(Duration.ofMillis(2999));
    assertThat(h.agent.sent()).as("nothing else goes while STARTING waits for its answer").containsExactly(hung);

    h.advance(MS); // its deadline
    assertThat(hung.answered()).isTrue();
    h.advance(Duration.ofMillis(99)); // the backoff
    assertThat(h.pendingUpdate().status().getUuid()).isEqualTo(hung.status().getUuid());
    h.acceptAll();
    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING);
  }

  @Test
  void aHungMessageHoldsTheUpdatesBehindItForItsOneSecondDeadlineThenTheyGoFirstAndItIsSentAfterThem() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true");
    h.acceptUpdates(); // STARTING
    RecordingAgentCalls.Sent directory = h.agent.inFlight();
    assertThat(ExecutorHarness.describe(directory)).isEqualTo("message sandbox-directory");
    assertThat(directory.deadline).isEqualTo(Duration.ofSeconds(1));
    h.exitTask(0); // the exit code and TASK_FINISHED queue up behind RUNNING
    h.advance(Duration.ofMillis(999));
    assertThat(h.agent.sent().get(h.agent.sent().size() - 1)).as("the unanswered message holds the channel")
        .isSameAs(directory);

    h.advance(MS); // its deadline
    h.advance(Duration.ofMillis(99)); // the backoff
    assertThat(ExecutorHarness.describe(h.agent.inFlight())).isEqualTo("update TASK_RUNNING");
    h.acceptUpdates();
    assertThat(ExecutorHarness.describe(h.agent.inFlight())).isEqualTo("update TASK_FINISHED");
    h.acceptUpdates();
    h.acknowledge(TASK_FINISHED);
    assertThat(h.exited()).as("waits for the messages").isFalse();
    h.acceptAll();

    assertThat(h.agent.sent()).map(ExecutorHarness::describe).containsExactly("update TASK_STARTING",
        "message sandbox-directory", "update TASK_RUNNING", "update TASK_FINISHED", "message sandbox-directory",
        "message exit-code");
    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
    assertThat(h.exited()).isTrue();
  }

  @Test
  void messagesThatNeverGetAnAnswerHoldTheExitForAtMostFiveSecondsAfterTheTerminalUpdateWasAccepted() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true");
    h.acceptUpdates(); // STARTING; from here no MESSAGE call is ever answered (each times out after 1 s)
    h.exitTask(0);
    h.advance(Duration.ofMillis(1099)); // the directory message's deadline and the backoff: the updates go first
    h.acceptUpdates(); // RUNNING
    h.acceptUpdates(); // FINISHED
    h.acknowledge(TASK_FINISHED);

    h.advance(Duration.ofMillis(4999));
    assertThat(h.exited()).isFalse();
    h.advance(MS);
    assertThat(h.exited()).isTrue();
    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
  }

  @Test
  void aReSubscribeInTheMiddleOfARetryCarriesTheUpdatesInOrderAndTheyAreNotSentAgain() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).build().subscribed().launch("true");
    h.refuseUpdate();
    h.dropStream();
    h.exitTask(0);
    h.advance(Duration.ofMillis(100));

    assertThat(h.agent.subscribes()).hasSize(2);
    assertThat(h.agent.lastSubscribe().carriedStates())
        .as("RUNNING and the terminal update come after the undelivered directory message: not carried")
        .containsExactly(TASK_STARTING);
    int callsBefore = h.agent.sent().size();
    h.agent.lastSubscribe().answer();
    h.loop.runReady();
    assertThat(h.agent.unanswered(UPDATES)).as("carried updates are not sent again").isEmpty();
    h.acceptAll();
    assertThat(h.agent.sent().subList(callsBefore, h.agent.sent().size())).map(ExecutorHarness::describe)
        .containsExactly("message sandbox-directory", "update TASK_RUNNING", "message exit-code",
            "update TASK_FINISHED");
    h.acknowledge(TASK_FINISHED);
    assertThat(h.exited()).isTrue();
  }

  @Test
  void anUpdateMadeAfterTheReSubscribeWasBuiltFollowsTheCarriedOnesOverUpdate() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).build().subscribed().launch("sleep 100");
    h.refuseUpdate();
    h.agent.lastSubscribe().end(CallOutcome.failed("dropped"));
    h.advance(Duration.ofMillis(100));
    assertThat(h.agent.lastSubscribe().carriedStates()).containsExactly(TASK_STARTING);
    h.processes.exitBySignal(FakeProcesses.SIGTERM); // the task dies before the answer to SUBSCRIBE
    h.loop.runReady();
    int callsBefore = h.agent.sent().size();
    h.agent.lastSubscribe().answer();
    h.loop.runReady();
    h.acceptAll();

    assertThat(h.agent.sent().subList(callsBefore, h.agent.sent().size())).map(ExecutorHarness::describe)
        .containsExactly("message sandbox-directory", "update TASK_RUNNING", "message exit-code",
            "update TASK_KILLED");
  }

  @Test
  void shutdownWhileUpdatesAreRefusedKillsTheTaskAndExitsOnlyOnceTheTerminalUpdateIsAccepted() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("sleep 100").acceptAll();
    h.event(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    assertThat(h.processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM);
    for (int i = 0; i < 10; i++) {
      h.agent.unanswered(UPDATES).forEach(s -> s.refuse(503));
      h.advance(Duration.ofSeconds(1));
    }
    assertThat(h.exited()).isFalse();
    h.acceptAllAfterBackoff();
    h.acknowledge(TASK_KILLED);

    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
    assertThat(h.exited()).isTrue();
    assertThat(h.loop.exitCode()).isZero();
  }

  @Test
  void sigtermWhileDisconnectedKillsTheTaskAndAfterTheReSubscribeTheExitCodeGoesBeforeTheTerminalUpdate() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).build().subscribed().launch("sleep 100")
        .acceptAll();
    h.dropStream();
    h.executor.onSignal("TERM");
    h.loop.runReady();
    assertThat(h.processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM);
    for (int i = 0; i < 5; i++) {
      h.advance(Duration.ofSeconds(2));
      h.agent.lastSubscribe().end(CallOutcome.failed("connection refused"));
    }
    h.advance(Duration.ofSeconds(2));
    assertThat(h.exited()).as("waits for the agent to come back").isFalse();

    assertThat(h.agent.lastSubscribe().carriedStates()).containsExactly(TASK_STARTING, TASK_RUNNING);
    int callsBefore = h.agent.sent().size();
    h.agent.lastSubscribe().answer();
    h.loop.runReady();
    h.acceptAll();
    assertThat(h.agent.sent().subList(callsBefore, h.agent.sent().size())).map(ExecutorHarness::describe)
        .containsExactly("message exit-code", "update TASK_KILLED");
    h.acknowledge(TASK_KILLED);
    assertThat(h.exited()).isTrue();
    assertThat(h.loop.exitCode()).isEqualTo(1);
  }

  @Test
  void aTerminalUpdateNeverAcceptedIsGivenUpOnAfterTheRecoveryTimeoutWhenCheckpointing() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).env("MESOS_RECOVERY_TIMEOUT", "20secs").build()
        .subscribed().launch("true");
    h.exitTask(0);
    Duration refusedFor = refuseEverythingUntilExit(h, Duration.ofMinutes(5));
    assertThat(refusedFor).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(21));
    assertThat(h.agent.acceptedStates()).isEmpty();
  }

  @Test
  void aTerminalUpdateNeverAcceptedIsGivenUpOnAfterSixtySecondsWithoutCheckpointing() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(false).build().subscribed().launch("true");
    h.exitTask(0);
    Duration refusedFor = refuseEverythingUntilExit(h, Duration.ofMinutes(5));
    assertThat(refusedFor).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(61));
  }

  @Test
  void anAgentGoneLongerThanTheRecoveryTimeoutEndsTheTaskAndTheExecutor() {
    ExecutorHarness h = ExecutorHarness.builder().checkpoint(true).env("MESOS_RECOVERY_TIMEOUT", "10secs").build()
        .subscribed().launch("sleep 100").acceptAll();
    h.dropStream();
    for (int i = 0; i < 12 && !h.exited(); i++) {
      h.advance(Duration.ofSeconds(1));
      h.agent.subscribes().stream().skip(1).forEach(s -> {
        if (!s.closedByExecutor() && !s.open()) {
          s.end(CallOutcome.failed("connection refused"));
        }
      });
    }
    assertThat(h.processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM);
    assertThat(h.exited()).isTrue();
    assertThat(h.loop.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
  }

  @Test
  void aKillBeforeLaunchIsIgnoredAndTheLaunchThatFollowsRuns() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed();
    h.kill(Optional.empty());
    h.launch("sleep 100").acceptAll();

    assertThat(h.processes.signalNumbers()).isEmpty();
    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING);
  }

  @Test
  void aShutdownBeforeLaunchExitsWithoutLaunchingAnything() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed();
    h.event(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());

    assertThat(h.exited()).isTrue();
    assertThat(h.processes.launched()).isEmpty();
  }

  @Test
  void noTransitionFromKillingToRunningWhenTheKillArrivesDuringTheLaunch() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed();
    // The KILL arrives while the launch is under way: it is handled after it.
    h.processes.duringLaunch(() -> h.agent.lastSubscribe().send(ExecutorHarness.killEvent(Optional.of(Duration.ofSeconds(1)))));
    h.launch("sleep 100");
    h.loop.runReady();
    h.acceptAll();
    h.acknowledge(TASK_KILLED);

    assertThat(h.agent.updateStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
    assertThat(h.processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM);
    assertThat(h.exited()).isTrue();
  }

  @Test
  void aTaskIgnoringSigtermGetsSigkillWhenTheGracePeriodIsOver() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("sleep 100").acceptAll();
    h.processes.diesOnSigterm(false);
    h.kill(Optional.of(Duration.ofSeconds(3)));
    h.advance(Duration.ofMillis(2500));
    assertThat(h.processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.processes.signalNumbers()).containsExactly(FakeProcesses.SIGTERM, FakeProcesses.SIGKILL);
    h.acceptAll();
    assertThat(h.agent.acceptedStates()).endsWith(TASK_KILLED);
  }

  @Test
  void aSecondTerminalAttemptForTheTaskIsDropped() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true").acceptAll();
    h.exitTask(0);
    h.executor.onInternalFailure(new IllegalStateException("late failure"));
    h.loop.runReady();
    h.acceptAll();

    assertThat(h.agent.updateStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
  }

  @Test
  void aSecondLaunchIsRefusedWithTaskErrorAndTheFirstTaskRunsOn() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("sleep 100").acceptAll();
    TaskID other = TaskID.newBuilder().setValue("task-2").build();
    h.event(Event.newBuilder().setType(Event.Type.LAUNCH)
        .setLaunch(Event.Launch.newBuilder().setTask(ExecutorHarness.task(other, "true"))).build());
    h.acceptAll();

    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_ERROR);
    assertThat(h.agent.sent().get(h.agent.sent().size() - 1).status().getTaskId()).isEqualTo(other);
    assertThat(h.processes.signalNumbers()).isEmpty();
    assertThat(h.exited()).isFalse();
  }

  @Test
  void aTaskThatCannotStartFailsWithOneTerminalUpdate() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed();
    h.processes.failLaunch(new java.io.IOException("no /bin/sh"));
    h.launch("true").acceptAll();

    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TaskState.TASK_FAILED);
  }

  @Test
  void anOutOfMemoryErrorInTheFinalProgressFlushFailsTheTaskWithTheMemoryReasonAndExitsOne() {
    ExecutorHarness h = ExecutorHarness.builder().build().subscribed().launch("true").acceptAll();
    h.progress.held();
    h.exitTask(0);
    h.progress.fail(new OutOfMemoryError("Java heap space"));
    h.loop.runReady();
    h.acceptAll();
    h.acknowledge(TaskState.TASK_FAILED);

    assertThat(h.agent.acceptedStates()).containsExactly(TASK_STARTING, TASK_RUNNING, TaskState.TASK_FAILED);
    assertThat(h.sentStatus(TaskState.TASK_FAILED).getReason())
        .isEqualTo(org.apache.mesos.v1.Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(h.exited()).isTrue();
    assertThat(h.loop.exitCode()).isEqualTo(1);
  }

  /** Refuses every call until the executor exits; returns how long that took. */
  private static Duration refuseEverythingUntilExit(ExecutorHarness h, Duration limit) {
    Duration start = h.loop.elapsed();
    while (!h.exited() && h.loop.elapsed().minus(start).compareTo(limit) < 0) {
      List<RecordingAgentCalls.Sent> open = new java.util.ArrayList<>(h.agent.unanswered(UPDATES));
      open.addAll(h.agent.unanswered(MESSAGES));
      open.forEach(s -> s.refuse(503));
      h.advance(Duration.ofMillis(100));
    }
    assertThat(h.exited()).isTrue();
    return h.loop.elapsed().minus(start);
  }
}
