package io.cookexecutor.task;

import io.cookexecutor.posix.Posix;
import java.util.LinkedHashSet;
import java.util.Set;
import io.cookexecutor.log.Log;

/**
 * Signals every process of the task's tree. Each round freezes (SIGSTOP) the descendants it finds before
 * looking again, so no process escapes by forking or re-parenting while the tree is being listed; then
 * all get the signal and are thawed to act on it. The executor is a child subreaper, so its descendants
 * are exactly the task's processes, including those that left the session or double-forked.
 */
final class TreeKiller {
  private static final Log LOG = Log.of(TreeKiller.class);
  private static final int MAX_ROUNDS = 50;

  private final int root;

  /** Signals the descendants of {@code root} (the executor itself). */
  TreeKiller(int root) {
    this.root = root;
  }

  /** Sends {@code signal} to the whole tree and to {@code processGroup}; returns how many were signalled. */
  int signalTree(int signal, int processGroup) {
    Set<Integer> frozen = freeze();
    for (int pid : frozen) {
      Posix.kill(pid, signal);
    }
    if (processGroup > 0) {
      Posix.killpg(processGroup, signal);
    }
    if (signal != LibC.SIGKILL) {
      for (int pid : frozen) {
        Posix.kill(pid, LibC.SIGCONT);
      }
    }
    if (!frozen.isEmpty()) {
      LOG.info("Sent signal {} to {} process(es) of the task: {}", signal, frozen.size(), frozen);
    }
    return frozen.size();
  }

  /** Whether any descendant is still alive. */
  boolean anyLeft() {
    return !ProcessTree.descendantsOf(root).isEmpty();
  }

  private Set<Integer> freeze() {
    Set<Integer> frozen = new LinkedHashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean fresh = false;
      for (int pid : ProcessTree.descendantsOf(root)) {
        if (frozen.add(pid)) {
          Posix.kill(pid, LibC.SIGSTOP);
          fresh = true;
        }
      }
      if (!fresh) {
        break;
      }
    }
    return frozen;
  }
}
