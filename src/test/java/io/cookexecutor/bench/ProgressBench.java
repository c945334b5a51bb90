package io.cookexecutor.bench;

import io.cookexecutor.local.agent.AgentListener;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.testing.TempTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Progress tracking under real tasks, through the embedded agent (run by {@code bench/progress.sh}):
 * <ol>
 *   <li>overhead: a task writing 200 MB (2,000,000 lines of 100 B, a progress line every 10,000, the last
 *       at 100 %) to its stdout, timed inside the task, under the executor and, alternately, the same
 *       command with stdout appended to a file and nothing watching; plus the final percent reported with
 *       a 2-second grace period;</li>
 *   <li>idle: executor CPU from TASK_RUNNING to the end of a silent {@code sleep 60};</li>
 *   <li>latency: a progress line written (its wall-clock nanoseconds in the message) to its message at
 *       the agent, with the default 1 s interval, lines 1.5 s apart.</li>
 * </ol>
 */
public final class ProgressBench {
  private static final String WRITER = "start=$(date +%s%N); awk 'BEGIN { for (i = 1; i <= 2000000; i++) {"
      + " if (i % 10000 == 0) printf \"progress: %d, step %d of 2000000%88s\\n\", i / 20000, i, \"\";"
      + " else printf \"%099d\\n\", i } }'; end=$(date +%s%N); echo $(( (end - start) / 1000000 )) > ";

  public static void main(String[] args) throws Exception {
    Path executor = Path.of(args.length > 0 ? args[0] : "bin/cook-executor").toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    overhead(executor, runs);
    idle(executor, args.length > 2 ? Integer.parseInt(args[2]) : 60);
    latency(executor, args.length > 3 ? Integer.parseInt(args[3]) : 20);
  }

  private static void overhead(Path executor, int runs) throws Exception {
    List<Double> watched = new ArrayList<>();
    List<Double> alone = new ArrayList<>();
    List<Integer> finalPercent = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Path box = Files.createTempDirectory("cook-bench-alone-");
      Process p = new ProcessBuilder("/bin/sh", "-c", WRITER + box.resolve("ms"))
          .directory(box.toFile())
          .redirectOutput(ProcessBuilder.Redirect.appendTo(box.resolve("stdout").toFile())).start();
      p.waitFor(5, TimeUnit.MINUTES);
      alone.add(Double.parseDouble(Files.readString(box.resolve("ms")).trim()));
      TempTree.delete(box);

      try (LocalAgent agent = LocalAgent.start(AgentSettings.builder().command(WRITER + "ms")
          .shutdownGracePeriod(Duration.ofSeconds(2)).build())) {
        Process e = agent.launchExecutor(List.of(executor.toString()));
        e.waitFor(5, TimeUnit.MINUTES);
        watched.add(Double.parseDouble(Files.readString(agent.sandbox().resolve("ms")).trim()));
        int last = -1;
        for (byte[] m : agent.messages()) {
          Matcher pm = Pattern.compile("\"progress-percent\":(\\d+)").matcher(new String(m, StandardCharsets.UTF_8));
          if (pm.find()) {
            last = Integer.parseInt(pm.group(1));
          }
        }
        finalPercent.add(last);
        TempTree.delete(agent.sandbox());
      }
    }
    double ratio = ProcStats.median(watched) / ProcStats.median(alone);
    System.out.printf("overhead: 200 MB written by the task, median of %d: %.0f ms watched by the executor, "
        + "%.0f ms alone; ratio %.3f; final percent reported %s%n", runs, ProcStats.median(watched),
        ProcStats.median(alone), ratio, finalPercent);
  }

  private static void idle(Path executor, int seconds) throws Exception {
    try (LocalAgent agent = LocalAgent.start(AgentSettings.builder().command("sleep " + seconds).build())) {
      Process e = agent.launchExecutor(List.of(executor.toString()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (agent.updates().stream().noneMatch(s -> s.getState() == TaskState.TASK_RUNNING)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      double cpu0 = ProcStats.cpuSeconds(e.pid());
      long t0 = System.nanoTime();
      Thread.sleep(Duration.ofSeconds(seconds).minusMillis(500).toMillis());
      double cpu1 = ProcStats.cpuSeconds(e.pid());
      double wall = (System.nanoTime() - t0) / 1e9;
      e.waitFor(1, TimeUnit.MINUTES);
      System.out.printf("idle: executor CPU while sleep %d ran: %.2f s over %.1f s = %.3f %% of a core%n",
          seconds, cpu1 - cpu0, wall, 100 * (cpu1 - cpu0) / wall);
      TempTree.delete(agent.sandbox());
    }
  }

  private static void latency(Path executor, int samples) throws Exception {
    String task = "for i in $(seq 1 " + samples + "); do echo \"progress: $i, t=$(date +%s%N)\"; sleep 1.5; done";
    List<Double> ms = new ArrayList<>();
    try (LocalAgent agent = LocalAgent.start(AgentSettings.builder().command(task).build())) {
      agent.addListener(new AgentListener() {
        @Override
        public void onMessage(byte[] data) {
          java.time.Instant at = java.time.Instant.now();
          long now = at.getEpochSecond() * 1_000_000_000L + at.getNano();
          Matcher m = Pattern.compile("t=(\\d+)").matcher(new String(data, StandardCharsets.UTF_8));
          if (m.find()) {
            synchronized (ms) {
              ms.add((now - Long.parseLong(m.group(1))) / 1e6);
            }
          }
        }
      });
      Process e = agent.launchExecutor(List.of(executor.toString()));
      e.waitFor(5, TimeUnit.MINUTES);
      TempTree.delete(agent.sandbox());
    }
    synchronized (ms) {
      System.out.printf("latency: progress line written -> message at the agent, %d samples: median %.1f ms, "
          + "p99 %.1f ms, max %.1f ms%n", ms.size(), ProcStats.median(ms), ProcStats.percentile(ms, 0.99),
          ProcStats.percentile(ms, 1.0));
    }
  }

}
