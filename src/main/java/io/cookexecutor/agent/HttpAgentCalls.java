package io.cookexecutor.agent;

import io.cookexecutor.loop.Loop;
import io.cookexecutor.lifetime.Threads;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * {@link AgentCalls} over {@link AgentClient}: one thread reads each event stream; each channel's calls
 * run in order on a thread of their own that exists only while the channel has work (it ends after a
 * few idle seconds), so a hung MESSAGE holds back no UPDATE and an idle executor keeps no sender thread.
 * Results are posted to the loop.
 */
public final class HttpAgentCalls implements AgentCalls {
  private static final long IDLE_SECONDS = 5;

  private final Loop loop;
  private final AgentClient client;
  private final Map<Channel, ThreadPoolExecutor> senders = new EnumMap<>(Channel.class);
  private final AtomicInteger streams = new AtomicInteger();

  public HttpAgentCalls(Loop loop, AgentClient client) {
    this.loop = loop;
    this.client = client;
    for (Channel c : Channel.values()) {
      String name = "agent-" + c.name().toLowerCase();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> Threads.daemon(name, r));
      pool.allowCoreThreadTimeOut(true);
      senders.put(c, pool);
    }
  }

  @Override
  public Encoding encoding() {
    return client.encoding();
  }

  @Override
  public void subscribe(byte[] encodedCall, StreamSink sink) {
    Threads.start("agent-stream-" + streams.incrementAndGet(), () -> readStream(encodedCall, sink));
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
  public void send(Channel channel, Call call, Consumer<CallOutcome> done) {
    try {
      senders.get(channel).execute(() -> {
        CallOutcome outcome = client.send(channel, call);
        loop.post(() -> done.accept(outcome));
      });
    } catch (RejectedExecutionException closed) {
      loop.post(() -> done.accept(CallOutcome.failed("the executor is closing")));
    }
  }

  @Override
  public void close() {
    senders.values().forEach(ThreadPoolExecutor::shutdownNow);
    client.close();
  }
}
