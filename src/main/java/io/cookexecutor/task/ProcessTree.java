package io.cookexecutor.task;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the living descendants of a process from {@code /proc}. A kill scans all processes at least twice
 * (once to find the tree, once more to be sure nothing forked meanwhile), so the scan reads each
 * {@code stat} file into one reused buffer and parses bytes, without a Path or String per process.
 */
final class ProcessTree {
  private static final File PROC = new File("/proc");
  private static final int STAT_BYTES = 1024;

  private ProcessTree() {}

  /** Pids of the living (not zombie) descendants of {@code root}, parents before children. */
  static Set<Integer> descendantsOf(int root) {
    String[] names = PROC.list();
    if (names == null) {
      return Set.of();
    }
    Map<Integer, List<Integer>> children = new HashMap<>();
    byte[] buf = new byte[STAT_BYTES];
    for (String name : names) {
      int pid = parsePid(name);
      if (pid <= 0) {
        continue;
      }
      int ppid = livingParent(pid, buf);
      if (ppid >= 0) {
        List<Integer> siblings = children.get(ppid);
        if (siblings == null) {
          siblings = new ArrayList<>(2);
          children.put(ppid, siblings);
        }
        siblings.add(pid);
      }
    }
    Set<Integer> found = new LinkedHashSet<>();
    Deque<Integer> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      for (int child : children.getOrDefault(todo.poll(), List.of())) {
        if (found.add(child)) {
          todo.add(child);
        }
      }
    }
    return found;
  }

  private static int parsePid(String name) {
    int pid = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || pid > 100_000_000) {
        return -1;
      }
      pid = pid * 10 + (c - '0');
    }
    return pid;
  }

  /** The parent pid of a living process, or -1 when it is a zombie, gone, or unreadable. */
  private static int livingParent(int pid, byte[] buf) {
    int n = 0;
    try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
      int r;
      while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
        n += r;
      }
    } catch (IOException e) {
      return -1; // the process ended while we looked
    }
    // The command name may hold spaces and parentheses; the fields after its last ')' do not.
    int close = -1;
    for (int i = n - 1; i >= 0; i--) {
      if (buf[i] == ')') {
        close = i;
        break;
      }
    }
    if (close < 0 || close + 4 >= n || buf[close + 2] == 'Z') {
      return -1;
    }
    int ppid = 0;
    for (int i = close + 4; i < n && buf[i] != ' '; i++) {
      if (buf[i] < '0' || buf[i] > '9') {
        return -1;
      }
      ppid = ppid * 10 + (buf[i] - '0');
    }
    return ppid;
  }
}
