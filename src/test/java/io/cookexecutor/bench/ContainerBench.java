package io.cookexecutor.bench;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.local.container.CgroupSupport;
import io.cookexecutor.local.agent.ReceivedCall;
import io.cookexecutor.local.container.ContainerUsage;
import io.cookexecutor.testing.TempTree;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * What an executor costs its task's container (run by {@code bench/container.sh}): each executor runs in a
 * real cgroup of the embedded agent, round robin so that they share the machine's noise, and the medians
 * are printed side by side with the ratio to the first executor given (the baseline, e.g. the original).
 *
 * <p>Arguments: RUNS, IDLE_SECONDS, then one {@code name|encoding|command} per executor ({@code command}
 * run with {@code /bin/sh -c} in the sandbox). System property {@code cold=true} adds runs after dropping
 * the page cache ({@code sync; echo 1 > /proc/sys/vm/drop_caches}, root only); {@code warm=false} skips the
 * warm runs.
 */
public final class ContainerBench {
  private static final String SCAN_FILE_MB = "200";
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** One executor under test. */
  record Executor(String name, String encoding, String command) {}

  private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
  private final Path scanFile;

  private ContainerBench(Path scanFile) {
    this.scanFile = scanFile;
  }

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    int idle = Integer.parseInt(args[1]);
    List<Executor> executors = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] f = args[i].split("\\|", 3);
      executors.add(new Executor(f[0], f[1], f[2]));
    }
    if (!CgroupSupport.detect().available()) {
      throw new IllegalStateException("no cgroups: " + CgroupSupport.detect().description());
    }
    Path scan = Files.createTempFile("cook-bench-scan-", ".txt");
    try {
      writeScanFile(scan);
      ContainerBench bench = new ContainerBench(scan);
      for (int run = 0; run <= runs && !"false".equals(System.getProperty("warm")); run++) {
        for (Executor e : executors) {
          bench.warm(e, idle, run > 0); // run 0 warms the page cache and is not counted
        }
      }
      if (Boolean.getBoolean("cold")) {
        for (int run = 0; run < runs; run++) {
          for (Executor e : executors) {
            dropPageCache();
            bench.cold(e);
          }
        }
      }
      bench.print(executors, runs, idle);
    } finally {
      Files.deleteIfExists(scan);
    }
  }

  /** 2,000,000 lines of 100 bytes, a progress line every 10,000, the last at 100 %. */
  private static void writeScanFile(Path file) throws Exception {
    String filler = "x".repeat(99);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int i = 1; i <= 2_000_000; i++) {
        if (i % 10_000 == 0) {
          String p = "progress: " + (i / 20_000) + ", step " + i;
          w.write(p + " ".repeat(99 - p.length()));
        } else {
          w.write(filler);
        }
        w.write('\n');
      }
    }
  }

  private static void dropPageCache() throws Exception {
    new ProcessBuilder("sh", "-c", "sync; echo 1 > /proc/sys/vm/drop_caches").inheritIO().start().waitFor();
  }

  private void add(Executor e, String figure, double value) {
    figures.computeIfAbsent(figure, k -> new LinkedHashMap<>()).computeIfAbsent(e.name(), k -> new ArrayList<>())
        .add(value);
  }

  private LocalAgent agent(Executor e, TempTree sandbox, String command) throws Exception {
    return LocalAgent.start(AgentSettings.builder().command(command).sandbox(sandbox.path())
        .taskEnv("EXECUTOR_ENCODING", e.encoding()).taskEnv("PROGRESS_OUTPUT_FILE", "stdout")
        .shutdownGracePeriod(Duration.ofSeconds(2)).build());
  }

  private void warm(Executor e, int idleSeconds, boolean count) throws Exception {
    // A short task: what the container is charged over the whole life, and the start-up latencies.
    try (TempTree box = TempTree.create("cook-bench-"); LocalAgent agent = agent(e, box, "echo hi")) {
      Instant exec = Instant.now();
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c", e.command()));
      Instant sub = awaitCall(agent, Call.Type.SUBSCRIBE, null);
      Instant run = awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_RUNNING);
      p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
      ContainerUsage u = agent.awaitContainerEnd(WAIT).orElseThrow();
      if (count) {
        add(e, "memory charged, short task (MB)", u.peakMemoryBytes() / 1048576.0);
        add(e, "CPU charged, short task, whole life (ms)", u.cpuNanos() / 1e6);
        add(e, "exec -> SUBSCRIBE (ms)", ms(exec, sub));
        add(e, "LAUNCH -> TASK_RUNNING (ms)", ms(sub, run));
      }
    }
    // Idle, then KILL.
    try (TempTree box = TempTree.create("cook-bench-"); LocalAgent agent = agent(e, box, "sleep 100")) {
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c", e.command()));
      awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_RUNNING);
      double cpu0 = ProcStats.cpuSeconds(p.pid());
      Thread.sleep(idleSeconds * 1000L);
      double idleCpu = ProcStats.cpuSeconds(p.pid()) - cpu0;
      double threads = ProcStats.kb(p.pid(), "status", "Threads:");
      Instant kill = Instant.now();
      agent.killTask(Optional.empty());
      Instant killed = awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_KILLED);
      p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (count) {
        add(e, "executor CPU, sleep " + idleSeconds + " s after RUNNING (ms)", idleCpu * 1000);
        add(e, "threads", threads);
        add(e, "KILL -> TASK_KILLED (ms)", ms(kill, killed));
      }
    }
    // A task writing 200 MB to its stdout: the executor's CPU from RUNNING to its exit.
    try (TempTree box = TempTree.create("cook-bench-"); LocalAgent agent = agent(e, box, "cat " + scanFile)) {
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c", e.command()));
      awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_RUNNING);
      double cpu0 = ProcStats.cpuSeconds(p.pid());
      double last = cpu0;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (p.isAlive() && System.nanoTime() < deadline) {
        double now = ProcStats.cpuSeconds(p.pid());
        last = Double.isNaN(now) ? last : now;
        Thread.sleep(5);
      }
      if (count) {
        double cpuMs = (last - cpu0) * 1000;
        add(e, "executor CPU, " + SCAN_FILE_MB + " MB of output (ms)", cpuMs);
        add(e, "  = MB/s per core", Double.parseDouble(SCAN_FILE_MB) * 1000 / Math.max(cpuMs, 1));
        add(e, "final progress reported (%)", lastPercent(agent));
      }
    }
  }

  private void cold(Executor e) throws Exception {
    try (TempTree box = TempTree.create("cook-bench-"); LocalAgent agent = agent(e, box, "echo hi")) {
      Instant exec = Instant.now();
      Process p = agent.launchExecutor(List.of("/bin/sh", "-c", e.command()));
      Instant sub = awaitCall(agent, Call.Type.SUBSCRIBE, null);
      p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
      ContainerUsage u = agent.awaitContainerEnd(WAIT).orElseThrow();
      add(e, "COLD page cache: memory charged (MB)", u.peakMemoryBytes() / 1048576.0);
      add(e, "COLD page cache: exec -> SUBSCRIBE (ms)", ms(exec, sub));
    }
  }

  private static double lastPercent(LocalAgent agent) {
    double percent = -1;
    for (byte[] m : agent.messages()) {
      String s = new String(m, StandardCharsets.UTF_8);
      int i = s.indexOf("\"progress-percent\":");
      if (i >= 0) {
        String rest = s.substring(i + 19).trim();
        int end = 0;
        while (end < rest.length() && (Character.isDigit(rest.charAt(end)) || rest.charAt(end) == '.')) {
          end++;
        }
        percent = Double.parseDouble(rest.substring(0, end));
      }
    }
    return percent;
  }

  private void print(List<Executor> executors, int runs, int idle) {
    System.out.printf("medians of %d runs per executor, each in its own cgroup (memory = memory.max_usage_in_bytes"
        + ", CPU = cpuacct.usage); ratio = executor / %s%n", runs, executors.get(0).name());
    StringBuilder head = new StringBuilder(String.format("%-44s", "figure"));
    for (Executor e : executors) {
      head.append(String.format(" %12s", e.name()));
    }
    for (int i = 1; i < executors.size(); i++) {
      head.append(String.format(" %8s", "ratio " + i));
    }
    System.out.println(head);
    for (Map.Entry<String, Map<String, List<Double>>> f : figures.entrySet()) {
      StringBuilder row = new StringBuilder(String.format("%-44s", f.getKey()));
      List<Double> medians = new ArrayList<>();
      for (Executor e : executors) {
        double m = ProcStats.median(f.getValue().getOrDefault(e.name(), List.of()));
        medians.add(m);
        row.append(String.format(" %12.1f", m));
      }
      for (int i = 1; i < medians.size(); i++) {
        row.append(String.format(" %8.2f", medians.get(i) / medians.get(0)));
      }
      System.out.println(row);
    }
    System.out.println("ratio i = column i+1 / column 1 (" + executors.get(0).name() + ")");
    // Every run's value, in run order, so that a median can be read beside its spread.
    System.out.println("runs, in order:");
    for (Map.Entry<String, Map<String, List<Double>>> f : figures.entrySet()) {
      for (Executor e : executors) {
        System.out.printf("  %-44s %-10s %s%n", f.getKey(), e.name(), f.getValue().getOrDefault(e.name(), List.of()));
      }
    }
  }

  private static Instant awaitCall(LocalAgent agent, Call.Type type, TaskState state) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedCall c : agent.calls()) {
        if (c.is(type) && (state == null || c.call().orElseThrow().getUpdate().getStatus().getState() == state)) {
          return c.at();
        }
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no " + type + " " + state + " within " + WAIT.toSeconds() + " s");
  }

  private static double ms(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e6;
  }
}
