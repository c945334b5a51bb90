package io.cookexecutor.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the living descendants of a process from {@code /proc}. */
final class ProcessTree {
  private static final Path PROC = Path.of("/proc");

  private ProcessTree() {}

  /** Pids of the living (not zombie) descendants of {@code root}, parents before children. */
  static Set<Integer> descendantsOf(int root) {
    Map<Integer, List<Integer>> children = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        Stat stat = stat(dir);
        if (stat != null && stat.state != 'Z') {
          children.computeIfAbsent(stat.ppid, k -> new ArrayList<>()).add(Integer.parseInt(name));
        }
      }
    } catch (IOException e) {
      return Set.of();
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

  private static Stat stat(Path dir) {
    String text;
    try {
      text = new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null; // the process ended while we looked
    }
    // The command name may hold spaces and parentheses; the fields after its last ')' do not.
    int close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.length()) {
      return null;
    }
    String[] fields = text.substring(close + 2).split(" ");
    if (fields.length < 2) {
      return null;
    }
    try {
      return new Stat(fields[0].charAt(0), Integer.parseInt(fields[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private record Stat(char state, int ppid) {}
}
