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
    Threads.start("agent-stream-" + ++streams, new StreamReader(encodedCall, sink));
  }

  @Override
  public void send(Call call, Duration deadline, Consumer<CallOutcome> done) {
    OneCall c = new OneCall(call, deadline, done);
    if (closed) {
      c.outcome = CallOutcome.failed("the executor is closing");
      loop.post(c);
      return;
    }
    Threads.start("agent-call", c);
  }

  /**
   * One call: run first on a thread of its own, which makes the call and then posts this same object to
   * the loop, where its second run hands the outcome on. (Named classes, not lambdas, on the executor's
   * path: every lambda is a class loaded at each start.)
   */
  private final class OneCall implements Runnable {
    private final Call call;
    private final Duration deadline;
    private final Consumer<CallOutcome> done;
    private CallOutcome outcome;

    OneCall(Call call, Duration deadline, Consumer<CallOutcome> done) {
      this.call = call;
      this.deadline = deadline;
      this.done = done;
    }

    @Override
    public void run() {
      if (outcome == null) {
        outcome = client.send(call, deadline.toMillis());
        loop.post(this);
      } else {
        done.accept(outcome);
      }
    }
  }

  /** Reads one event stream on its thread and posts what happens to it. */
  private final class StreamReader implements Runnable {
    private final byte[] call;
    private final StreamSink sink;

    StreamReader(byte[] call, StreamSink sink) {
      this.call = call;
      this.sink = sink;
    }

    @Override
    public void run() {
      EventReader s;
      try {
        s = client.subscribe(call);
      } catch (AgentHttpException e) {
        loop.post(new StreamNews(sink, null, null, CallOutcome.refused(e.status(), e.getMessage())));
        return;
      } catch (SocketTimeoutException e) {
        loop.post(new StreamNews(sink, null, null, CallOutcome.timedOut("no answer to SUBSCRIBE within "
            + AgentClient.ANSWER_TIMEOUT_MS + " ms")));
        return;
      } catch (IOException | RuntimeException e) {
        loop.post(new StreamNews(sink, null, null, CallOutcome.failed("subscribe failed: " + e.getMessage())));
        return;
      }
      loop.post(new StreamNews(sink, s, null, null));
      String end;
      try {
        Event event;
        while ((event = s.next()) != null) {
          loop.post(new StreamNews(sink, null, event, null));
        }
        end = "the agent closed the event stream";
      } catch (IOException | RuntimeException e) {
        end = "event stream failed: " + e.getMessage();
      }
      s.close();
      loop.post(new StreamNews(sink, null, null, CallOutcome.failed(end)));
    }
  }

  /** One thing that happened to a stream, told to its sink on the loop: it opened, an event, or its end. */
  private static final class StreamNews implements Runnable {
    private final StreamSink sink;
    private final EventReader opened;
    private final Event event;
    private final CallOutcome ended;

    StreamNews(StreamSink sink, EventReader opened, Event event, CallOutcome ended) {
      this.sink = sink;
      this.opened = opened;
      this.event = event;
      this.ended = ended;
    }

    @Override
    public void run() {
      if (opened != null) {
        sink.opened(opened);
      } else if (event != null) {
        sink.event(event);
      } else {
        sink.ended(ended);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
