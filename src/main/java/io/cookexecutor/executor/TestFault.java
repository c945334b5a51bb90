package io.cookexecutor.executor;

import io.cookexecutor.loop.Loop;
import java.util.ArrayList;
import java.util.List;

/**
 * Test hook {@code EXECUTOR_TEST_FAULT}, in the spirit of {@code EXECUTOR_TEST_EXIT}: once the task runs,
 * the executor fails on its own loop with an exception ({@code exception}) or by exhausting its heap
 * ({@code oom}), so tests can prove such failures end in TASK_FAILED with the right reason, a killed tree
 * and a non-zero exit. Unset in production; any other value is ignored.
 */
public enum TestFault {
  NONE, EXCEPTION, OUT_OF_MEMORY;

  /** The fault named by {@code EXECUTOR_TEST_FAULT} as the configuration read it (lower case), if any. */
  public static TestFault named(String v) {
    switch (v) {
      case "exception":
        return EXCEPTION;
      case "oom":
        return OUT_OF_MEMORY;
      default:
        return NONE;
    }
  }

  /** Queues the fault on the loop; does nothing for {@link #NONE}. */
  void arm(Loop loop) {
    switch (this) {
      case EXCEPTION:
        loop.post(() -> {
          throw new IllegalStateException("EXECUTOR_TEST_FAULT=exception");
        });
        break;
      case OUT_OF_MEMORY:
        loop.post(TestFault::exhaustHeap);
        break;
      default:
        break;
    }
  }

  private static void exhaustHeap() {
    List<long[]> hog = new ArrayList<>();
    while (hog.size() < Integer.MAX_VALUE) {
      hog.add(new long[1 << 20]);
    }
  }
}
