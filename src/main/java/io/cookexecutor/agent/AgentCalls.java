package io.cookexecutor.agent;

import java.io.Closeable;
import java.util.function.Consumer;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The calls the executor makes to its agent, asynchronous: each result is posted back to the loop. The
 * subscription and each {@link Channel} have connections of their own, so a call that hangs on one holds
 * back nothing on the others. {@link HttpAgentCalls} speaks HTTP; tests record the calls and answer them.
 */
public interface AgentCalls {
  /** Which connection a non-SUBSCRIBE call goes on. */
  enum Channel { UPDATES, MESSAGES }

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

  /** Sends {@code call} on {@code channel}'s connection, after the calls queued there; {@code done} runs on the loop. */
  void send(Channel channel, Call call, Consumer<CallOutcome> done);

  /** Aborts every call in flight and closes every connection, without waiting for the network. */
  void close();
}
