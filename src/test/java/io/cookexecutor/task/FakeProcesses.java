package io.cookexecutor.task;

import io.cookexecutor.loop.Loop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recording {@link TaskProcesses}: launches hand out pids, signals are recorded in order, and the task
 * "exits" when the test says so (or when a signal it does not ignore arrives, if asked to).
 */
public final class FakeProcesses implements TaskProcesses {
  public static final int SIGTERM = LibC.SIGTERM;
  public static final int SIGKILL = LibC.SIGKILL;

  /** One signal sent to the tree. */
  public record Signal(int signal, int processGroup) {}

  private final Loop loop;
  private final List<String> launched = new ArrayList<>();
  private final List<Signal> signals = new ArrayList<>();
  private int nextPid = 4242;
  private Watcher watcher;
  private boolean alive;
  private boolean diesOnSigterm = true;
  private boolean survivesSigkill;
  private IOException launchFailure;
  private Runnable duringLaunch = () -> { };

  public FakeProcesses(Loop loop) {
    this.loop = loop;
  }

  /** Whether SIGTERM ends the task (at once, as a signal death); SIGKILL always does. */
  public FakeProcesses diesOnSigterm(boolean v) {
    diesOnSigterm = v;
    return this;
  }

  /** Whether SIGKILL, too, leaves the tree alive (a process in uninterruptible sleep). */
  public FakeProcesses survivesSigkill(boolean v) {
    survivesSigkill = v;
    return this;
  }

  /** The command exits with {@code code} but a descendant lives on (so the tree is not gone). */
  public void exitLeavingADescendant(int code) {
    Watcher w = watcher;
    loop.post(() -> w.exited(code << 8));
  }

  /** The next launch fails with {@code e}. */
  public FakeProcesses failLaunch(IOException e) {
    launchFailure = e;
    return this;
  }

  /** Runs {@code r} inside the next launch (what the agent does while the executor is launching). */
  public FakeProcesses duringLaunch(Runnable r) {
    duringLaunch = r;
    return this;
  }

  @Override
  public int launch(String command, Map<String, String> environment, Path directory) throws IOException {
    duringLaunch.run();
    if (launchFailure != null) {
      throw launchFailure;
    }
    launched.add(command);
    alive = true;
    return nextPid++;
  }

  @Override
  public void watch(int pid, Watcher watcher) {
    this.watcher = watcher;
  }

  @Override
  public void signalTree(int signal, int processGroup) {
    signals.add(new Signal(signal, processGroup));
    if (alive && ((signal == LibC.SIGKILL && !survivesSigkill) || (signal == LibC.SIGTERM && diesOnSigterm))) {
      exitBySignal(signal);
    }
  }

  @Override
  public boolean anyLeft() {
    return alive;
  }

  /** The task exits with {@code code}; its tree is then gone. */
  public void exit(int code) {
    end(code << 8);
  }

  /** The task dies of {@code signal}. */
  public void exitBySignal(int signal) {
    end(signal);
  }

  private void end(int rawStatus) {
    alive = false;
    Watcher w = watcher;
    loop.post(() -> w.exited(rawStatus));
    loop.post(w::allGone);
  }

  public List<String> launched() {
    return List.copyOf(launched);
  }

  public List<Integer> signalNumbers() {
    return signals.stream().map(Signal::signal).toList();
  }
}
