package io.cookexecutor.bench;

import io.cookexecutor.local.AgentSettings;
import io.cookexecutor.local.LocalAgent;
import io.cookexecutor.local.ReceivedCall;
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
 * Times are the agent's receive times of the calls. Run by {@code bench/core.sh}; not a test.
 */
public final class CoreBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    List<String> argv = List.of(java.nio.file.Path.of(args.length > 1 ? args[1] : "bin/cook-executor")
        .toAbsolutePath().toString());
    List<Double> subscribe = new ArrayList<>();
    List<Double> running = new ArrayList<>();
    List<Double> killed = new ArrayList<>();
    List<Double> hwm = new ArrayList<>();
    List<Double> threads = new ArrayList<>();
    for (int i = 0; i < runs + 1; i++) {
      try (LocalAgent agent = LocalAgent.start(AgentSettings.builder().command("sleep 100")
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
