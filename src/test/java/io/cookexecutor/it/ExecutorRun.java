package io.cookexecutor.it;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.testing.AgentFaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One real executor process under a real {@link LocalAgent} on 127.0.0.1, started as a Mesos agent starts
 * it, through the product's launcher {@code bin/cook-executor}. Every task carries a marker variable so
 * tests can find any of its processes left on the machine.
 */
final class ExecutorRun implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  /** {@code -Dit.launcher=PATH} runs another build's launcher (e.g. to reproduce a fault on an older one). */
  private static final Path LAUNCHER = Path.of(System.getProperty("it.launcher", "bin/cook-executor"))
      .toAbsolutePath();

  final LocalAgent agent;
  /** The agent's faults, none until a test sets them. */
  final AgentFaults faults;
  private final String markerValue;
  Process process;

  /** Starts an agent with {@code settings} (the marker added to the task environment) and the executor. */
  static ExecutorRun start(AgentSettings.Builder settings) throws IOException {
    return startPrepared(settings, sandbox -> { });
  }

  /** Prepares the sandbox before the executor starts in it. */
  interface SandboxSetup {
    void prepare(Path sandbox) throws Exception;
  }

  /** Prepares the agent's faults before the executor starts. */
  interface AgentSetup {
    void prepare(AgentFaults faults) throws Exception;
  }

  /** As {@link #start}, with {@code setup} run on the agent first. */
  static ExecutorRun startWithAgent(AgentSettings.Builder settings, AgentSetup setup) throws IOException {
    return startPrepared(settings, setup, sandbox -> { }, List.of(LAUNCHER.toString()));
  }

  /** As {@link #start}, with {@code setup} run on the sandbox first. */
  static ExecutorRun startPrepared(AgentSettings.Builder settings, SandboxSetup setup) throws IOException {
    return startPrepared(settings, agent -> { }, setup, List.of(LAUNCHER.toString()));
  }

  /**
   * As {@link #start}, with the executor started by {@code argv}, made from the running agent (for
   * example {@code env -i ... bin/cook-executor}, to give the executor exactly the environment a test names).
   */
  static ExecutorRun startWith(AgentSettings.Builder settings,
      java.util.function.Function<LocalAgent, List<String>> argv) throws IOException {
    return startPrepared(settings, agent -> { }, sandbox -> { }, argv);
  }

  /** The launcher the acceptance scenarios start the executor with. */
  static String launcher() {
    return LAUNCHER.toString();
  }

  /**
   * As {@link #start}, with the executor started by the test-only launcher {@code mainClass} of the test
   * sources, in a JVM with the test class path and the executor's heap bound ({@code -Xmx64m}).
   */
  static ExecutorRun startTestLauncher(AgentSettings.Builder settings, String mainClass, String... jvmFlags)
      throws IOException {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx64m"));
    argv.addAll(List.of(jvmFlags));
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    return startPrepared(settings, agent -> { }, sandbox -> { }, argv);
  }

  private static ExecutorRun startPrepared(AgentSettings.Builder settings, AgentSetup agentSetup,
      SandboxSetup setup, List<String> argv) throws IOException {
    return startPrepared(settings, agentSetup, setup, agent -> argv);
  }

  private static ExecutorRun startPrepared(AgentSettings.Builder settings, AgentSetup agentSetup,
      SandboxSetup setup, java.util.function.Function<LocalAgent, List<String>> argv) throws IOException {
    String marker = "it-" + UUID.randomUUID();
    LocalAgent agent = LocalAgent.start(settings.taskEnv("COOK_IT_MARKER", marker).build());
    ExecutorRun run = new ExecutorRun(agent, marker);
    try {
      agentSetup.prepare(run.faults);
      setup.prepare(agent.sandbox());
      run.process = agent.launchExecutor(argv.apply(agent));
    } catch (Exception e) {
      run.close();
      throw new IOException("cannot start the executor", e);
    }
    return run;
  }

  private ExecutorRun(LocalAgent agent, String marker) {
    this.agent = agent;
    this.faults = AgentFaults.install(agent);
    this.markerValue = marker;
  }

  /** The marker every process of this run's task has in its environment. */
  String marker() {
    return markerValue;
  }

  /** States of the delivered updates for the launched task, in order. */
  List<TaskState> states() {
    return agent.updates().stream()
        .filter(s -> s.getTaskId().equals(agent.taskId()))
        .map(TaskStatus::getState)
        .collect(Collectors.toList());
  }

  /** The delivered update for the launched task in {@code state}. */
  TaskStatus update(TaskState state) {
    return agent.updates().stream().filter(s -> s.getState() == state).findFirst().orElseThrow();
  }

  /** Waits until the launched task has a delivered update in {@code state}. */
  ExecutorRun awaitState(TaskState state) {
    await().atMost(WAIT).until(() -> states().contains(state));
    return this;
  }

  /** The calls of {@code type} the agent received. */
  List<io.cookexecutor.local.agent.ReceivedCall> calls(org.apache.mesos.v1.executor.Protos.Call.Type type) {
    return agent.calls().stream().filter(c -> c.is(type)).collect(Collectors.toList());
  }

  /** Framework messages decoded from JSON. */
  List<Struct> messages() {
    List<Struct> out = new ArrayList<>();
    for (byte[] m : agent.messages()) {
      Struct.Builder b = Struct.newBuilder();
      try {
        JsonFormat.parser().merge(new String(m, StandardCharsets.UTF_8), b);
      } catch (IOException e) {
        throw new AssertionError("framework message is not JSON", e);
      }
      out.add(b.build());
    }
    return out;
  }

  /** The messages that have {@code key}. */
  List<Struct> messagesWith(String key) {
    return messages().stream().filter(s -> s.containsFields(key)).collect(Collectors.toList());
  }

  static double number(Struct s, String key) {
    return s.getFieldsOrThrow(key).getNumberValue();
  }

  static String text(Struct s, String key) {
    Value v = s.getFieldsOrThrow(key);
    return v.getStringValue();
  }

  /** Waits for the executor process to exit and returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      String log;
      try {
        String all = sandboxFile("executor.log");
        log = all.substring(Math.max(0, all.length() - 3000));
      } catch (IOException e) {
        log = "(no executor.log: " + e.getMessage() + ")";
      }
      throw new AssertionError("executor did not exit within " + WAIT.toSeconds() + " s; sandbox "
          + sandbox() + "; end of executor.log:\n" + log);
    }
    return process.exitValue();
  }

  Path sandbox() {
    return agent.sandbox();
  }

  String sandboxFile(String name) throws IOException {
    Path p = sandbox().resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
  }

  /** Pids of processes anywhere on the machine that carry this run's marker. */
  List<Long> survivors() {
    return Survivors.withMarker(markerValue);
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      Survivors.kill(markerValue);
    } finally {
      faults.close();
      agent.close();
    }
  }
}
