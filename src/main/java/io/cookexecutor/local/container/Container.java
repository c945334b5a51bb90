package io.cookexecutor.local.container;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.log.Log;

/**
 * An executor's container, as the Mesos containerizer keeps one: a fresh cgroup the executor joins before it
 * execs (so the executor and its task are charged from their first page), watched on one thread until the
 * kernel kills a process in it for exceeding its memory limit or the executor exits. Either way it is then
 * destroyed: every process left in it killed, its usage read, the cgroup removed.
 */
public final class Container {
  private static final Log LOG = Log.of(Container.class);
  private static final int WATCH_MILLIS = 100;
  private static final long KILL_MILLIS = 5000;
  private static final long REMOVE_MILLIS = 5000;

  /** What the watch thread reports, at most once, on that thread. */
  @FunctionalInterface
  public interface Events {
    /** The kernel killed a process in the container for exceeding the memory limit; all is killed now. */
    void memoryLimited(String message, ContainerUsage usage);
  }

  private final Cgroup cgroup;
  private final ContainerLimits limits;
  private final CompletableFuture<ContainerUsage> end = new CompletableFuture<>();
  private Thread watcher;

  private Container(Cgroup cgroup, ContainerLimits limits) {
    this.cgroup = cgroup;
    this.limits = limits;
  }

  /** Creates the cgroup {@code name} with {@code limits}. */
  public static Container create(CgroupSupport support, String name, ContainerLimits limits) throws IOException {
    return new Container(support.create(name, limits), limits);
  }

  public String name() {
    return cgroup.name();
  }

  /** {@code argv} behind a shell that moves itself into the cgroup and then execs it. */
  public List<String> wrap(List<String> argv) {
    StringBuilder join = new StringBuilder();
    for (var procs : cgroup.procsFiles()) {
      join.append("echo $$ > '").append(procs.toString().replace("'", "'\\''")).append("' && ");
    }
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
        join + "exec \"$@\" || exit $?; "
            + "echo 'cook-executor local: cannot join the container " + name() + "' >&2; exit 1",
        "cook-container"));
    wrapped.addAll(argv);
    return wrapped;
  }

  /** Starts watching the container of {@code executor} until its end; {@code events} hears of a memory limit. */
  public synchronized void watch(Process executor, Events events) {
    if (watcher != null) {
      throw new IllegalStateException("already watched");
    }
    Optional<OomEvents> oom = cgroup.v1MemoryDirectory().flatMap(OomEvents::register);
    watcher = Threads.start("local-agent-container-" + name(), () -> run(executor, oom, events));
  }

  private void run(Process executor, Optional<OomEvents> oom, Events events) {
    try {
      while (true) {
        if (oom.isPresent()) {
          oom.get().await(WATCH_MILLIS);
        } else {
          awaitExit(executor, WATCH_MILLIS);
        }
        if (oomKilled()) {
          String message = limitMessage();
          ContainerUsage usage = destroy(true, 0);
          LOG.info("Container {}: {}", name(), message);
          events.memoryLimited(message, usage);
          return;
        }
        if (!executor.isAlive()) {
          int left = cgroup.pids().size();
          destroy(false, left);
          if (left > 0) {
            LOG.warn("Container {}: killed {} process(es) left after the executor exited", name(), left);
          }
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("Container {}: watching failed; destroying it", name(), e);
      destroy(false, 0);
    } finally {
      oom.ifPresent(OomEvents::close);
    }
  }

  private boolean oomKilled() {
    try {
      return cgroup.oomKills() > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The Mesos memory isolator's words: "Memory limit exceeded: Requested: 96MB Maximum Used: 96MB". */
  private String limitMessage() {
    StringBuilder m = new StringBuilder("Memory limit exceeded: ");
    limits.effectiveMemoryBytes().ifPresent(b -> m.append("Requested: ").append(ByteSize.format(b)).append(' '));
    try {
      m.append("Maximum Used: ").append(ByteSize.format(cgroup.peakMemoryBytes()));
    } catch (IOException | RuntimeException e) {
      m.append("(usage unreadable)");
    }
    return m.toString();
  }

  /**
   * Kills everything in the container, reads its usage and removes it (bounded; idempotent: the first
   * call's usage is kept). Safe from any thread.
   */
  public ContainerUsage destroy() {
    return destroy(false, 0);
  }

  private synchronized ContainerUsage destroy(boolean memoryLimited, int leftover) {
    if (end.isDone()) {
      return end.join();
    }
    killAll();
    ContainerUsage usage = new ContainerUsage(read(true), read(false), memoryLimited || oomKilled(), leftover);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REMOVE_MILLIS);
    while (!cgroup.remove() && System.nanoTime() < deadline) {
      killAll();
      pause();
    }
    if (cgroup.exists()) {
      LOG.error("Container {}: could not remove its cgroup", name());
    }
    end.complete(usage);
    return usage;
  }

  /** Destroys the container and waits (bounded) for its watch thread to end. */
  public void close() {
    destroy();
    Thread w;
    synchronized (this) {
      w = watcher;
    }
    if (w != null && w != Thread.currentThread()) {
      try {
        w.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The CPU charged so far in nanoseconds, ended threads and processes included; -1 once removed. */
  public long cpuNanosSoFar() {
    return read(false);
  }

  /** The usage once the container is gone; empty while it runs (waits up to {@code wait}). */
  public Optional<ContainerUsage> awaitEnd(Duration wait) {
    try {
      return Optional.of(end.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void killAll() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_MILLIS);
    while (true) {
      Set<Long> pids = cgroup.pids();
      if (pids.isEmpty() || System.nanoTime() > deadline) {
        if (!pids.isEmpty()) {
          LOG.error("Container {}: processes {} survive SIGKILL", name(), pids);
        }
        return;
      }
      if (cgroup instanceof CgroupV2 v2) {
        v2.killAll();
      }
      // A process forking meanwhile is caught on the next round: the cgroup keeps its children.
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      pause();
    }
  }

  private long read(boolean memory) {
    try {
      return memory ? cgroup.peakMemoryBytes() : cgroup.cpuNanos();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void awaitExit(Process p, long millis) {
    try {
      p.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
