package io.cookexecutor.agent;

import java.io.Closeable;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The calls the executor makes to its agent, asynchronous: each result is posted back to the loop. The
 * subscription's event stream has a connection of its own, as Mesos requires; the other calls share
 * another, one at a time. {@link HttpAgentCalls} speaks HTTP; tests record the calls and answer them.
 */
public interface AgentCalls {
  /** How long an UPDATE call, and a SUBSCRIBE's answer head, may take. */
  Duration ANSWER_DEADLINE = Duration.ofSeconds(3);

  /** What happens to one SUBSCRIBE; every method is called on the loop. */
  interface StreamSink {
    /** The agent answered 200 and the event stream is open; closing {@code stream} ends it. */
    void opened(Closeable stream);

    void event(Event event);

    /** The SUBSCRIBE got no stream ({@code outcome} says why), or the open stream ended. */
    void ended(CallOutcome outcome);
  }

  Encoding encoding();

  /** Sends an encoded SUBSCRIBE; reports to {@code sink}, on the loop, until the stream ends. */
  void subscribe(byte[] encodedCall, StreamSink sink);

  /**
   * Sends {@code call}, which must be answered within {@code deadline}; {@code done} runs on the loop. One
   * call at a time: the caller sends the next only once {@code done} ran.
   */
  void send(Call call, Duration deadline, Consumer<CallOutcome> done);

  /** Aborts every call in flight and closes every connection, without waiting for the network. */
  void close();
}
