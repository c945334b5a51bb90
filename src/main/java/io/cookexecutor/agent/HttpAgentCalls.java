package io.cookexecutor.agent;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.loop.Loop;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * {@link AgentCalls} over {@link AgentClient}: a thread reads each event stream, and each call runs on a
 * thread of its own that ends with it. The executor makes one call at a time and a handful per task, so
 * an idle executor keeps no sender thread and needs no queue. Results are posted to the loop.
 */
public final class HttpAgentCalls implements AgentCalls {
  private final Loop loop;
  private final AgentClient client;
  private int streams;
  private volatile boolean closed;

  public HttpAgentCalls(Loop loop, AgentClient client) {
    this.loop = loop;
    this.client = client;
  }

  @Override
  public Encoding encoding() {
    return client.encoding();
  }

  @Override
  public void subscribe(byte[] encodedCall, StreamSink sink) {
    Threads.start("agent-stream-" + ++streams, () -> readStream(encodedCall, sink));
  }

  private void readStream(byte[] call, StreamSink sink) {
    EventReader s;
    try {
      s = client.subscribe(call);
    } catch (AgentHttpException e) {
      loop.post(() -> sink.ended(CallOutcome.refused(e.status(), e.getMessage())));
      return;
    } catch (SocketTimeoutException e) {
      loop.post(() -> sink.ended(CallOutcome.timedOut("no answer to SUBSCRIBE within "
          + AgentClient.ANSWER_TIMEOUT_MS + " ms")));
      return;
    } catch (IOException | RuntimeException e) {
      loop.post(() -> sink.ended(CallOutcome.failed("subscribe failed: " + e.getMessage())));
      return;
    }
    loop.post(() -> sink.opened(s));
    String end;
    try {
      Event event;
      while ((event = s.next()) != null) {
        Event e = event;
        loop.post(() -> sink.event(e));
      }
      end = "the agent closed the event stream";
    } catch (IOException | RuntimeException e) {
      end = "event stream failed: " + e.getMessage();
    }
    s.close();
    CallOutcome outcome = CallOutcome.failed(end);
    loop.post(() -> sink.ended(outcome));
  }

  @Override
  public void send(Call call, Duration deadline, Consumer<CallOutcome> done) {
    if (closed) {
      loop.post(() -> done.accept(CallOutcome.failed("the executor is closing")));
      return;
    }
    Threads.start("agent-call", () -> {
      CallOutcome outcome = client.send(call, deadline.toMillis());
      loop.post(() -> done.accept(outcome));
    });
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
