package io.cookexecutor.dist;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cookexecutor.agent.Statuses;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.container.CgroupSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean executor's budgets (issue 21), over the single file as Cook starts it, so that a change that
 * makes every task pay more fails here, with the list of what went over: at most {@link #MAX_CLASSES}
 * classes loaded for {@code echo hi}, at most {@link #MAX_THREADS} threads in the executor process while
 * its task runs (the JVM's own included), and at most 0.2 % of a core while the task sleeps (a 30 s sleep
 * against a 1 s one, from just after TASK_RUNNING to the terminal update, charged to the executor's
 * container).
 */
class ExecutorBudgetIT {
  static final int MAX_CLASSES = 1500;
  static final int MAX_THREADS = 16;
  /** When after TASK_RUNNING the idle measurement starts: the executor's start-up work is over by then. */
  static final Duration SETTLED = Duration.ofMillis(300);
  /** 0.2 % of a core, in CPU nanoseconds per second of sleep. */
  static final long MAX_IDLE_NANOS_PER_SECOND = 2_000_000;

  @TempDir Path tmp;

  private AgentSettings.Builder settings(String command) throws IOException {
    return AgentSettings.builder().command(command)
        .executorEnv("PATH", Dist.toolsWithoutJava(tmp).toString())
        .executorEnv("COOK_EXECUTOR_CACHE", tmp.resolve("cache").toString());
  }

  @Test
  void echoHiLoadsAtMost1500Classes() throws Exception {
    Path log = tmp.resolve("classes.txt");
    try (DistRun run = DistRun.start(Dist.artifact(), tmp.resolve("sandbox"), settings("echo hi")
        .executorEnv("COOK_EXECUTOR_JAVA_OPTS", "-Xlog:class+load=info:file=" + log))) {
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).endsWith(TASK_FINISHED);
    }
    List<String> classes = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      String[] f = line.split(" ");
      if (f.length > 1) {
        classes.add(f[1]);
      }
    }
    System.out.println("ExecutorBudgetIT: echo hi loaded " + classes.size() + " classes (budget " + MAX_CLASSES + ")");
    assertThat(classes.size()).as("classes loaded for echo hi; by package:%n%s%nall: %s", byPackage(classes), log)
        .isLessThanOrEqualTo(MAX_CLASSES);
  }

  @Test
  void aRunningTaskHasAtMost16ThreadsInItsExecutor() throws Exception {
    try (DistRun run = DistRun.start(Dist.artifact(), tmp.resolve("sandbox"), settings("sleep 5"))) {
      run.awaitState(TASK_RUNNING);
      long pid = executorPid(run);
      // The most threads seen over a second of the task's sleep (a call to the agent ends within it).
      List<String> most = List.of();
      for (int i = 0; i < 10; i++) {
        List<String> now = threadNames(pid);
        if (now.size() > most.size()) {
          most = now;
        }
        Thread.sleep(100); // spaces the samples; nothing waits on it
      }
      System.out.println("ExecutorBudgetIT: " + most.size() + " threads while the task runs: " + most);
      assertThat(most).as("threads of the executor while its task runs").hasSizeLessThanOrEqualTo(MAX_THREADS);
      assertThat(run.awaitExit()).isZero();
    }
  }

  @Test
  void aSleepingTaskCostsItsExecutorAtMostTwoTenthsOfAPercentOfACore() throws Exception {
    CgroupSupport cgroups = CgroupSupport.detect();
    assumeTrue(cgroups.available(), "idle CPU is read from the container's cpuacct; no cgroups here: "
        + cgroups.description());
    long short1 = cpuFromRunningToEnd("sleep 1");
    long long30 = cpuFromRunningToEnd("sleep 30");
    long perSecond = Math.max(0, long30 - short1) / 29;
    System.out.printf("ExecutorBudgetIT: container CPU from RUNNING + 300 ms to the terminal update: sleep 1 %d ms,"
        + " sleep 30 %d ms; idle %.3f %% of a core%n", short1 / 1_000_000, long30 / 1_000_000, perSecond / 1e7);
    assertThat(perSecond).as("CPU nanoseconds per second of an idle task (budget 0.2 %% of a core)")
        .isLessThanOrEqualTo(MAX_IDLE_NANOS_PER_SECOND);
  }

  /**
   * The CPU charged to the executor's container from {@link #SETTLED} after TASK_RUNNING to the arrival
   * of the terminal update, as the kernel counts it (cpuacct: threads and processes that ended keep what
   * they used). The end is read on the thread that answers the update, before it answers, while the
   * executor waits for that answer: the executor's exit, which varied by some 20 ms from run to run, is
   * outside both windows. Read at RUNNING itself, on the agent's listener thread, the start fell at a
   * varying point of the executor's work right after RUNNING; a sum over the live threads' schedstat lost
   * the stream reader's and the reaper's time when they ended with the task.
   */
  private long cpuFromRunningToEnd(String command) throws Exception {
    Path sandbox = tmp.resolve("sandbox-" + command.replace(' ', '-'));
    try (DistRun run = DistRun.start(Dist.artifact(), sandbox, settings(command))) {
      AtomicLong atTerminal = new AtomicLong(-1);
      run.agent.interceptCalls((path, call) -> {
        if (call.isPresent() && call.get().getType() == Call.Type.UPDATE
            && Statuses.isTerminal(call.get().getUpdate().getStatus().getState())) {
          atTerminal.compareAndSet(-1, run.agent.containerCpuNanosSoFar().orElse(-1));
        }
        return Optional.empty(); // the agent answers as always
      });
      run.awaitState(TASK_RUNNING);
      Thread.sleep(SETTLED.toMillis()); // the point of reading, the same for both tasks; nothing waits on it
      long base = run.agent.containerCpuNanosSoFar().orElse(-1);
      assertThat(run.states()).as("read while the task still sleeps").doesNotContain(TASK_FINISHED);
      assertThat(run.awaitExit()).isZero();
      assertThat(run.states()).endsWith(TASK_FINISHED);
      assertThat(base).as("container CPU read after TASK_RUNNING").isNotNegative();
      assertThat(atTerminal.get()).as("container CPU read at the terminal update").isGreaterThanOrEqualTo(base);
      return atTerminal.get() - base;
    }
  }

  /** The JVM under the agent's shell ({@code mkdir .cook-executor && ./cook-executor}). */
  private static long executorPid(DistRun run) {
    return Stream.concat(Stream.of(run.process.toHandle()), run.process.descendants())
        .filter(h -> comm(h.pid()).equals("java")).findFirst()
        .orElseThrow(() -> new AssertionError("no executor JVM under " + run.process.pid())).pid();
  }

  private static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> threadNames(long pid) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks.map(t -> {
        try {
          return Files.readString(t.resolve("comm")).strip();
        } catch (IOException gone) {
          return "(ended)";
        }
      }).collect(Collectors.toList());
    }
  }

  private static String byPackage(List<String> classes) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String c : classes) {
      String name = c.replaceAll("\\$.*", "");
      int dot = name.lastIndexOf('.');
      counts.merge(dot < 0 ? name : name.substring(0, dot), 1, Integer::sum);
    }
    return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(40)
        .map(e -> String.format("%5d %s", e.getValue(), e.getKey())).collect(Collectors.joining("\n"));
  }
}
