package io.cookexecutor.bench;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.local.agent.ReceivedCall;
import io.cookexecutor.testing.TempTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * Measures the executor core through the embedded agent: exec to SUBSCRIBE, LAUNCH to TASK_RUNNING (from
 * the SUBSCRIBE the LAUNCH answers), KILL to TASK_KILLED for {@code sleep 100}, peak RSS and threads.
 * Times are the agent's receive times of the calls. Run by {@code bench/core.sh} and
 * {@code bench/startup.sh}; not a test.
 *
 * <p>System properties: {@code shell=true} runs the executor command with {@code /bin/sh -c} in the sandbox
 * (as an agent runs Cook's executor command); {@code coldDir=DIR} deletes DIR before every run (an unpack
 * cache, so each start pays the unpack); {@code mode=pss} with {@code count=N} instead starts N executors
 * running {@code sleep 60} at once and reports their proportional set size (PSS), the memory each costs
 * when they share the runtime's files.
 */
public final class CoreBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String command = args.length > 1 ? args[1] : "bin/cook-executor";
    boolean shell = Boolean.getBoolean("shell");
    List<String> argv = shell ? List.of("/bin/sh", "-c", command)
        : List.of(Path.of(command).toAbsolutePath().toString());
    if ("pss".equals(System.getProperty("mode"))) {
      pss(Integer.getInteger("count", 20), argv);
      return;
    }
    Path coldDir = System.getProperty("coldDir") == null ? null : Path.of(System.getProperty("coldDir"));
    List<Double> subscribe = new ArrayList<>();
    List<Double> running = new ArrayList<>();
    List<Double> killed = new ArrayList<>();
    List<Double> hwm = new ArrayList<>();
    List<Double> threads = new ArrayList<>();
    for (int i = 0; i < runs + 1; i++) {
      if (coldDir != null) {
        TempTree.delete(coldDir);
      }
      Path sandbox = Files.createTempDirectory("cook-bench-");
      try (LocalAgent agent = LocalAgent.start(AgentSettings.builder().command("sleep 100").sandbox(sandbox)
          .taskEnv("EXECUTOR_ENCODING", System.getProperty("encoding", "protobuf")).build())) {
        Instant exec = Instant.now();
        Process p = agent.launchExecutor(argv);
        Instant sub = awaitCall(agent, Call.Type.SUBSCRIBE, null);
        Instant run = awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_RUNNING);
        Thread.sleep(1000); // let the executor settle, as a task would run for a while
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        double vmHwm = field(status, "VmHWM:") / 1024.0;
        double nThreads = field(status, "Threads:");
        Instant kill = Instant.now();
        agent.killTask(Optional.empty());
        Instant dead = awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_KILLED);
        p.waitFor(30, TimeUnit.SECONDS);
        if (i == 0) {
          continue; // the first run warms the page cache
        }
        subscribe.add(ms(exec, sub));
        running.add(ms(sub, run));
        killed.add(ms(kill, dead));
        hwm.add(vmHwm);
        threads.add(nThreads);
      } finally {
        if (Boolean.getBoolean("keep")) {
          System.out.println("sandbox kept: " + sandbox);
        } else {
          TempTree.delete(sandbox);
        }
      }
    }
    System.out.printf("runs=%d encoding=%s executor=%s%n", runs, System.getProperty("encoding", "protobuf"), argv);
    System.out.printf("exec->SUBSCRIBE ms   median %.1f  (min %.1f max %.1f)%n", median(subscribe),
        Collections.min(subscribe), Collections.max(subscribe));
    System.out.printf("LAUNCH->RUNNING ms   median %.1f  (min %.1f max %.1f)%n", median(running),
        Collections.min(running), Collections.max(running));
    System.out.printf("KILL->KILLED ms      median %.1f  (min %.1f max %.1f)%n", median(killed),
        Collections.min(killed), Collections.max(killed));
    System.out.printf("peak RSS (VmHWM) MB  median %.1f  (min %.1f max %.1f)%n", median(hwm),
        Collections.min(hwm), Collections.max(hwm));
    System.out.printf("threads              median %.0f%n", median(threads));
  }

  /** N executors running {@code sleep 60} at once: PSS and RSS per executor process, from smaps_rollup. */
  private static void pss(int count, List<String> argv) throws Exception {
    List<LocalAgent> agents = new ArrayList<>();
    List<Process> executors = new ArrayList<>();
    List<Path> sandboxes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Path sandbox = Files.createTempDirectory("cook-bench-");
        sandboxes.add(sandbox);
        LocalAgent agent = LocalAgent.start(AgentSettings.builder().command("sleep 60").sandbox(sandbox).build());
        agents.add(agent);
        executors.add(agent.launchExecutor(argv));
      }
      for (LocalAgent agent : agents) {
        awaitCall(agent, Call.Type.UPDATE, TaskState.TASK_RUNNING);
      }
      Thread.sleep(1000); // let them settle, as tasks would run for a while
      List<Double> pss = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      for (Process p : executors) {
        Path rollup = Path.of("/proc", String.valueOf(p.pid()), "smaps_rollup");
        pss.add(field(rollup, "Pss:") / 1024.0);
        rss.add(field(rollup, "Rss:") / 1024.0);
      }
      System.out.printf("%d executors running sleep 60 at once, executor=%s%n", count, argv);
      System.out.printf("PSS per executor MB  median %.1f  (min %.1f max %.1f)  total %.1f%n", median(pss),
          Collections.min(pss), Collections.max(pss), pss.stream().mapToDouble(Double::doubleValue).sum());
      System.out.printf("RSS per executor MB  median %.1f%n", median(rss));
    } finally {
      for (LocalAgent agent : agents) {
        agent.close();
      }
      for (Process p : executors) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      for (Path sandbox : sandboxes) {
        TempTree.delete(sandbox);
      }
    }
  }


  private static Instant awaitCall(LocalAgent agent, Call.Type type, TaskState state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedCall c : agent.calls()) {
        if (c.is(type) && (state == null
            || c.call().orElseThrow().getUpdate().getStatus().getState() == state)) {
          return c.at();
        }
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no " + type + " " + state + " within 30 s");
  }

  private static double field(Path status, String name) throws java.io.IOException {
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith(name)) {
        return Double.parseDouble(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    return Double.NaN;
  }

  private static double ms(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e6;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
