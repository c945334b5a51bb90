package io.cookexecutor.agent;

import static io.cookexecutor.agent.RecordingAgentCalls.Channel.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.ManualLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.Test;

/** The session's rules for the subscription and the framework messages, on a manual clock. */
class AgentSessionTest {
  private final ManualLoop loop = new ManualLoop();
  private final RecordingAgentCalls agent = new RecordingAgentCalls(loop);
  private final List<String> told = new ArrayList<>();
  private AgentSession session = session(false);

  private AgentSession session(boolean checkpoint) {
    return new AgentSession(loop, agent, "framework-1", "executor-1", checkpoint, Duration.ofMinutes(15),
        Duration.ofSeconds(2), () -> 0.999999, new Recorder());
  }

  private void subscribe() {
    session.start();
    loop.runReady();
    agent.lastSubscribe().answer();
    loop.runReady();
  }

  private List<String> messagesSent() {
    return agent.sent().stream().filter(s -> s.channel == MESSAGES)
        .map(s -> s.call.getMessage().getData().toStringUtf8()).toList();
  }

  @Test
  void aMessageTheAgentAcceptedIsNeverSentAgain() {
    subscribe();
    session.message("one".getBytes(), "one");
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).accept();
    loop.advance(Duration.ofMinutes(1));

    assertThat(messagesSent()).containsExactly("one");
    assertThat(session.unsettledMessages()).isZero();
    assertThat(told).contains("settled");
  }

  @Test
  void aMessageWithoutAnAnswerInTimeIsSentAgainAndTheNextWaitsBehindIt() {
    subscribe();
    session.message("one".getBytes(), "one");
    session.message("two".getBytes(), "two");
    loop.runReady();
    assertThat(messagesSent()).containsExactly("one");
    agent.unanswered(MESSAGES).get(0).timeOut();
    loop.advance(Duration.ofMillis(100));
    agent.unanswered(MESSAGES).get(0).accept();
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).accept();
    loop.runReady();

    assertThat(messagesSent()).containsExactly("one", "one", "two");
    assertThat(session.unsettledMessages()).isZero();
  }

  @Test
  void aMessageRefusedWith5xxIsRetriedAndOneRefusedWith4xxIsDropped() {
    subscribe();
    session.message("busy".getBytes(), "busy");
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).refuse(503);
    loop.advance(Duration.ofMillis(100));
    agent.unanswered(MESSAGES).get(0).refuse(400);
    loop.advance(Duration.ofMinutes(1));

    assertThat(messagesSent()).containsExactly("busy", "busy");
    assertThat(session.unsettledMessages()).isZero();
  }

  @Test
  void messagesMadeWhileDisconnectedAreQueuedAndSentInOrderAfterTheReSubscribe() {
    session = session(true);
    subscribe();
    agent.lastSubscribe().end(CallOutcome.failed("dropped"));
    loop.runReady();
    session.message("a".getBytes(), "a");
    session.message("b".getBytes(), "b");
    loop.runReady();
    assertThat(messagesSent()).isEmpty();
    loop.advance(Duration.ofMillis(50));
    agent.lastSubscribe().answer();
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).accept();
    loop.runReady();

    assertThat(messagesSent()).containsExactly("a", "b");
  }

  @Test
  void whileDisconnectedOnlyTheNewestReplaceableMessageWaitsAndTheKeptOnesGoFirst() {
    session = session(true);
    subscribe();
    agent.lastSubscribe().end(CallOutcome.failed("dropped"));
    loop.runReady();
    for (int i = 0; i < 5_000; i++) {
      session.progress(("p" + i).getBytes(), "p" + i);
    }
    session.message("kept".getBytes(), "kept");
    loop.runReady();
    assertThat(session.unsettledMessages()).isEqualTo(2);
    loop.advance(Duration.ofMillis(50));
    agent.lastSubscribe().answer();
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).accept();
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).accept();
    loop.runReady();

    assertThat(messagesSent()).containsExactly("kept", "p4999");
    assertThat(told).contains("settled");
  }

  @Test
  void aSubscribeWhoseAnswerNeverComesIsTriedAgainAfterItsDeadline() {
    session.start();
    loop.runReady();
    agent.lastSubscribe().end(CallOutcome.timedOut("no answer to SUBSCRIBE within 3000 ms"));
    loop.advance(Duration.ofMillis(50));

    assertThat(agent.subscribes()).hasSize(2);
    agent.lastSubscribe().answer();
    loop.runReady();
    assertThat(session.subscribed()).isTrue();
  }

  @Test
  void aSubscribeRefusedWith4xxIsNotTriedAgain() {
    session.start();
    loop.runReady();
    agent.lastSubscribe().end(CallOutcome.refused(401, "agent answered 401"));
    loop.advance(Duration.ofMinutes(2));

    assertThat(agent.subscribes()).hasSize(1);
    assertThat(told).containsExactly("gave up");
  }

  @Test
  void noSubscriptionWithinTheRegistrationWindowIsGivenUp() {
    session.start();
    for (int i = 0; i < 600 && told.isEmpty(); i++) {
      loop.advance(Duration.ofMillis(100));
      agent.subscribes().stream().filter(s -> !s.closedByExecutor()).reduce((a, b) -> b)
          .ifPresent(s -> s.end(CallOutcome.failed("connection refused")));
    }
    assertThat(told).containsExactly("gave up");
    assertThat(loop.elapsed()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void eventsOfAStreamThatWasReplacedAreIgnored() {
    session = session(true);
    subscribe();
    RecordingAgentCalls.Subscribe old = agent.lastSubscribe();
    old.end(CallOutcome.failed("dropped"));
    loop.advance(Duration.ofMillis(50));
    agent.lastSubscribe().answer();
    loop.runReady();
    old.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    loop.runReady();
    assertThat(told).doesNotContain("shutdown");

    // The same event on the live stream is heard: the old one was ignored for being old, not for its kind.
    agent.lastSubscribe().send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    loop.runReady();
    assertThat(told).containsOnlyOnce("shutdown");
  }

  @Test
  void closingAbortsTheCallsAndStopsEveryRetry() {
    subscribe();
    session.message("m".getBytes(), "m");
    loop.runReady();
    agent.unanswered(MESSAGES).get(0).refuse(503);
    loop.runReady();
    session.close();
    loop.advance(Duration.ofMinutes(1));

    assertThat(agent.closed()).isTrue();
    assertThat(messagesSent()).containsExactly("m");
  }

  /** Records what the session tells the executor. */
  private final class Recorder implements AgentSession.Listener {
    @Override
    public void onSubscribed(boolean first) {
    }

    @Override
    public void onLaunch(TaskInfo task) {
      told.add("launch");
    }

    @Override
    public void onLaunchGroup(Event.LaunchGroup group) {
      told.add("launch group");
    }

    @Override
    public void onKill(TaskID taskId, Optional<Duration> gracePeriod) {
      told.add("kill");
    }

    @Override
    public void onShutdown() {
      told.add("shutdown");
    }

    @Override
    public void onDisconnected(boolean recovering) {
    }

    @Override
    public void onGaveUp(String why) {
      told.add("gave up");
    }

    @Override
    public void onDeliveryChanged() {
      if (session.unsettledMessages() == 0) {
        told.add("settled");
      }
    }
  }
}
