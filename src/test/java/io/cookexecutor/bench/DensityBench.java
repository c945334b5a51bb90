package io.cookexecutor.bench;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.local.agent.ReceivedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * N executors at once on this machine, each running a task that prints progress for a few seconds, each
 * under its own embedded agent endpoint in this one process: all must finish correctly; reports total and
 * per-executor PSS while all run, CPU per executor, and the spread of exec->SUBSCRIBE. Run by
 * {@code bench/density.sh}; not a test.
 */
public final class DensityBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    List<String> argv = List.of(Path.of(args.length > 1 ? args[1] : "bin/cook-executor").toAbsolutePath().toString());
    String task = "for i in $(seq 1 20); do echo \"progress: $((i * 5)), step $i\"; sleep 1; done";
    List<LocalAgent> agents = new ArrayList<>();
    List<Process> procs = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        agents.add(LocalAgent.start(AgentSettings.builder().command(task).build()));
      }
      for (LocalAgent a : agents) {
        starts.add(Instant.now());
        procs.add(a.launchExecutor(argv));
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline && !agents.stream().allMatch(DensityBench::running)) {
        Thread.sleep(50);
      }
      Thread.sleep(1000);
      List<Double> pss = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      for (Process p : procs) {
        pss.add(ProcStats.kb(p.pid(), "smaps_rollup", "Pss:") / 1024);
        rss.add(ProcStats.kb(p.pid(), "status", "VmRSS:") / 1024);
      }
      List<Double> cpu = new ArrayList<>();
      for (Process p : procs) {
        cpu.add(ProcStats.cpuSeconds(p.pid())); // all read while every executor still runs
      }
      for (Process p : procs) {
        p.waitFor(3, TimeUnit.MINUTES);
      }
      int ok = 0;
      List<Double> subscribe = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        LocalAgent a = agents.get(i);
        List<TaskState> states = a.updates().stream().map(TaskStatus::getState).toList();
        if (states.equals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED))
            && procs.get(i).exitValue() == 0 && a.messages().size() >= 3) {
          ok++;
        } else if (i == 0 || System.getProperty("verbose") != null) {
          System.out.printf("executor %d: states %s, exit %d, messages %d, sandbox %s%n", i, states,
              procs.get(i).exitValue(), a.messages().size(), a.sandbox());
        }
        for (ReceivedCall c : a.calls()) {
          if (c.is(Call.Type.SUBSCRIBE)) {
            subscribe.add(Duration.between(starts.get(i), c.at()).toNanos() / 1e6);
            break;
          }
        }
      }
      double total = pss.stream().mapToDouble(Double::doubleValue).sum();
      System.out.printf("executors=%d finished correctly=%d%n", n, ok);
      System.out.printf("PSS total MB %.0f, per executor median %.1f (RSS median %.1f)%n", total,
          ProcStats.median(pss), ProcStats.median(rss));
      System.out.printf("CPU s per executor (start to 1 s after all RUNNING) median %.2f%n", ProcStats.median(cpu));
      System.out.printf("exec->SUBSCRIBE ms with %d starting at once: median %.0f, p90 %.0f, max %.0f%n", n,
          ProcStats.median(subscribe), ProcStats.percentile(subscribe, 0.9), ProcStats.percentile(subscribe, 1.0));
    } finally {
      for (Process p : procs) {
        p.destroyForcibly();
      }
      for (LocalAgent a : agents) {
        a.close();
      }
    }
  }

  private static boolean running(LocalAgent a) {
    return a.updates().stream().anyMatch(s -> s.getState() == TaskState.TASK_RUNNING);
  }
}
