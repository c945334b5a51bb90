package io.cookexecutor.bench;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.testing.TempTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * N tasks in sequence through the embedded agent: every one must finish correctly, and this process (the
 * agent side) must not grow in open files, threads or heap, nor leave processes or temporary files behind.
 * Run by {@code bench/soak.sh}; not a test.
 */
public final class SoakBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    List<String> argv = List.of(Path.of(args.length > 1 ? args[1] : "bin/cook-executor").toAbsolutePath().toString());
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long self = ProcessHandle.current().pid();
    int ok = 0;
    int fds0 = 0;
    int threads0 = 0;
    int tmp0 = 0;
    double heap0 = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Path sandbox = Files.createTempDirectory("cook-soak-");
      try (LocalAgent agent = LocalAgent.start(AgentSettings.builder().sandbox(sandbox)
          .command("echo progress: 50, half; echo progress: 100, done").build())) {
        Process p = agent.launchExecutor(argv);
        p.waitFor(60, TimeUnit.SECONDS);
        List<TaskState> states = agent.updates().stream().map(TaskStatus::getState).toList();
        if (p.exitValue() == 0 && states.equals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
            TaskState.TASK_FINISHED))) {
          ok++;
        }
      }
      TempTree.delete(sandbox);
      if (i == 9) { // after a warm-up, the baseline
        System.gc();
        fds0 = ProcStats.count(Path.of("/proc/self/fd"));
        threads0 = ProcStats.count(Path.of("/proc/self/task"));
        tmp0 = ProcStats.count(tmp);
        heap0 = usedHeapMb();
      }
    }
    System.gc();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long children = ProcessHandle.current().descendants().count();
    System.out.printf("tasks=%d finished correctly=%d in %.0f s (%.0f ms each)%n", n, ok, seconds, seconds * 1000 / n);
    System.out.printf("agent open files: %d after 10 tasks, %d after %d%n", fds0,
        ProcStats.count(Path.of("/proc/self/fd")), n);
    System.out.printf("agent threads: %d after 10 tasks, %d after %d%n", threads0, ProcStats.count(Path.of("/proc/self/task")), n);
    System.out.printf("agent heap used MB after GC: %.1f after 10 tasks, %.1f after %d%n", heap0, usedHeapMb(), n);
    System.out.printf("entries in %s: %d after 10 tasks, %d after %d%n", tmp, tmp0, ProcStats.count(tmp), n);
    System.out.printf("processes left under this one: %d (pid %d)%n", children, self);
  }

  private static double usedHeapMb() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
  }

}
