package io.cookexecutor.dist;

import static org.awaitility.Awaitility.await;

import io.cookexecutor.local.agent.AgentSettings;
import io.cookexecutor.local.agent.LocalAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The single-file build started as Cook starts it on an agent: the fetcher copies it into the sandbox
 * ({@code --executor-uri}), then the agent runs {@code /bin/sh -c 'mkdir .cook-executor && ./cook-executor'}
 * there ({@code --executor-command}), under a real {@link LocalAgent} on 127.0.0.1.
 */
final class DistRun implements AutoCloseable {
  static final String COMMAND = "mkdir .cook-executor && ./cook-executor";

  final LocalAgent agent;
  final Process process;

  private DistRun(LocalAgent agent, Process process) {
    this.agent = agent;
    this.process = process;
  }

  /** Copies {@code artifact} into {@code sandbox} and starts it there with {@link #COMMAND}. */
  static DistRun start(Path artifact, Path sandbox, AgentSettings.Builder settings) throws IOException {
    Files.createDirectories(sandbox);
    Path copy = sandbox.resolve("cook-executor");
    Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
    copy.toFile().setExecutable(true);
    LocalAgent agent = LocalAgent.start(settings.sandbox(sandbox).executorCommand(COMMAND).build());
    try {
      return new DistRun(agent, agent.launchExecutorShell(COMMAND));
    } catch (IOException | RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  List<TaskState> states() {
    return agent.updates().stream().filter(s -> s.getTaskId().equals(agent.taskId()))
        .map(TaskStatus::getState).collect(Collectors.toList());
  }

  DistRun awaitState(TaskState state) {
    await().atMost(Dist.WAIT).until(() -> states().contains(state));
    return this;
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(Dist.WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("executor did not exit within " + Dist.WAIT.toSeconds() + " s");
    }
    return process.exitValue();
  }

  String sandboxFile(String name) throws IOException {
    Path p = agent.sandbox().resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        Dist.kill(process);
      }
    } finally {
      agent.close();
    }
  }
}
