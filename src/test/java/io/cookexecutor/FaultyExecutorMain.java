package io.cookexecutor;

import io.cookexecutor.agent.AgentSession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

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
    Runnable failure = fault.equals("oom") ? FaultyExecutorMain::exhaustHeap : () -> {
      throw new IllegalStateException("cook.test.fault=exception");
    };
    System.exit(ExecutorMain.run(System.getenv(), (executor, loop) -> (AgentSession.Listener) Proxy.newProxyInstance(
        AgentSession.Listener.class.getClassLoader(), new Class<?>[] {AgentSession.Listener.class},
        (proxy, method, arguments) -> {
          // Every report goes to the executor; right after the launch, the failure is queued on its loop.
          Object result;
          try {
            result = method.invoke(executor, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("onLaunch")) {
            loop.post(failure);
          }
          return result;
        })));
  }

  private static void exhaustHeap() {
    List<long[]> hog = new ArrayList<>();
    while (hog.size() < Integer.MAX_VALUE) {
      hog.add(new long[1 << 20]);
    }
  }
}
