package io.cookexecutor;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.AgentSession;
import io.cookexecutor.loop.Loop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A test-only launcher of the real executor: once the task is launched (TASK_RUNNING is on its way) the
 * executor fails on its own loop, by an exception ({@code -Dcook.test.fault=exception}) or by exhausting
 * its heap ({@code oom}), so ITs can prove such failures end in TASK_FAILED with the right reason, a killed
 * tree and exit 1. It lives in the test sources: nothing in the product, and nothing in its environment,
 * can make the executor fail on purpose.
 */
public final class FaultyExecutorMain {
  private FaultyExecutorMain() {}

  public static void main(String[] args) {
    String fault = System.getProperty("cook.test.fault", "");
    if (!fault.equals("exception") && !fault.equals("oom")) {
      System.err.println("FaultyExecutorMain: -Dcook.test.fault must be exception or oom");
      System.exit(2);
    }
    System.exit(ExecutorMain.run(System.getenv(), (executor, loop) -> new FailAfterLaunch(executor, loop, fault)));
  }

  /** Passes every report on to the executor, and fails the loop right after the launch. */
  private record FailAfterLaunch(AgentSession.Listener executor, Loop loop, String fault)
      implements AgentSession.Listener {
    @Override
    public void onLaunch(TaskInfo task) {
      executor.onLaunch(task);
      loop.post(fault.equals("oom") ? FailAfterLaunch::exhaustHeap : () -> {
        throw new IllegalStateException("cook.test.fault=exception");
      });
    }

    private static void exhaustHeap() {
      List<long[]> hog = new ArrayList<>();
      while (hog.size() < Integer.MAX_VALUE) {
        hog.add(new long[1 << 20]);
      }
    }

    @Override
    public void onSubscribed(boolean first) {
      executor.onSubscribed(first);
    }

    @Override
    public void onLaunchGroup(Event.LaunchGroup group) {
      executor.onLaunchGroup(group);
    }

    @Override
    public void onKill(TaskID taskId, Optional<Duration> gracePeriod) {
      executor.onKill(taskId, gracePeriod);
    }

    @Override
    public void onShutdown() {
      executor.onShutdown();
    }

    @Override
    public void onAccepted(TaskStatus status) {
      executor.onAccepted(status);
    }

    @Override
    public void onAcknowledged(TaskID taskId, ByteString uuid, TaskStatus acknowledged) {
      executor.onAcknowledged(taskId, uuid, acknowledged);
    }

    @Override
    public void onDisconnected(boolean recovering) {
      executor.onDisconnected(recovering);
    }

    @Override
    public void onGaveUp(String why) {
      executor.onGaveUp(why);
    }

    @Override
    public void onUndeliverable(String why) {
      executor.onUndeliverable(why);
    }

    @Override
    public void onMessagesSettled() {
      executor.onMessagesSettled();
    }
  }
}
