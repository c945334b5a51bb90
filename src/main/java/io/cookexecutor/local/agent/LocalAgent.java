package io.cookexecutor.local.agent;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.tls.ServerTls;
import io.cookexecutor.tls.AgentTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import io.cookexecutor.local.container.Container;
import io.cookexecutor.local.container.ContainerLimits;
import io.cookexecutor.local.container.ContainerUsage;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * An embedded Mesos 1.11 agent for one executor and one task: serves {@code /api/v1/executor} on 127.0.0.1
 * (over HTTPS when the settings carry {@link AgentTls}), launches the executor as an agent does, and lets
 * the caller drive and observe the protocol. Where cgroups are writable, each executor runs in its own
 * container ({@link Container}), as under the Mesos cgroups/mem and cgroups/cpu isolators.
 */
public final class LocalAgent implements AutoCloseable {
  /** The path of the executor API. */
  public static final String EXECUTOR_API = CallHandler.PATH;
  private static final long THREAD_CLOSE_MILLIS = 2000;

  private final AgentSettings settings;
  private final AgentEvents events;
  private final AgentState state;
  private final ExecutorService writes;
  private final ExecutorService notices;
  private final AgentServer server;
  private final ExecutorLauncher launcher;
  private final CallHandler handler;
  /** Set by the tests, read by the stream writes. */
  private volatile RecordChunking chunking = RecordChunking.RECORD_PER_CHUNK;

  private LocalAgent(AgentSettings settings, ContainerLimits limits, ServerSocket bound, ServerTls tls) {
    this.settings = settings;
    int port = bound.getLocalPort();
    this.events = new AgentEvents(settings, port);
    this.writes = oneThread("local-agent-" + port + "-writes");
    this.notices = oneThread("local-agent-" + port + "-listeners");
    this.state = new AgentState(events, writes, notices);
    this.handler = new CallHandler(settings, state);
    this.server = new AgentServer(bound, tls, handler::handle, state::streamClosed, () -> chunking);
    // As the agent does once the containerizer destroyed a container over its memory limit.
    this.launcher = new ExecutorLauncher(settings, endpoint(), limits, (message, usage) ->
        state.deliverAgentUpdate(events.memoryLimitation(message, usage)));
  }

  /** Starts listening; creates a temporary sandbox when the settings name none. */
  public static LocalAgent start(AgentSettings settings) throws IOException {
    return start(settings, ContainerLimits.NONE);
  }

  /**
   * Starts listening; executors get containers with {@code limits} where cgroups are writable (the
   * TaskInfo's resources are the settings' cpus and mem: keep them consistent with the limits).
   */
  public static LocalAgent start(AgentSettings settings, ContainerLimits limits) throws IOException {
    AgentSettings resolved = settings.sandbox().isPresent() ? settings
        : settings.withSandbox(Files.createTempDirectory("cook-sandbox-"));
    Files.createDirectories(resolved.sandbox().orElseThrow());
    ServerTls tls = resolved.tls().isPresent() ? ServerTls.from(resolved.tls().get()) : null;
    return new LocalAgent(resolved, limits, AgentServer.bind(0, tls), tls);
  }

  /** The settings in effect, with the sandbox filled in. */
  public AgentSettings settings() {
    return settings;
  }

  public int port() {
    return server.port();
  }

  /** {@code 127.0.0.1:<port>}, the value of {@code MESOS_AGENT_ENDPOINT}. */
  public String endpoint() {
    return "127.0.0.1:" + server.port();
  }

  public Path sandbox() {
    return settings.sandbox().orElseThrow();
  }

  /** The id of the task this agent launches. */
  public TaskID taskId() {
    return events.taskId();
  }

  // ---- controls; each send returns whether the event went out on an open stream (waiting up to 10 s)

  /** Sends KILL for this agent's task, with {@code kill_policy.grace_period} when a grace is given. */
  public boolean killTask(Optional<Duration> grace) {
    return sendEvent(AgentEvents.kill(taskId(), grace));
  }

  public boolean shutdown() {
    return sendEvent(AgentEvents.ofType(Event.Type.SHUTDOWN));
  }

  public boolean sendEvent(Event event) {
    return StreamHandle.await(state.send(List.of(event)));
  }

  /** Closes the listening socket and every connection: connecting is refused until {@link #resumeListening}. */
  public void stopListening() {
    server.stopListening();
  }

  /** Listens again on the same port. */
  public void resumeListening() throws IOException {
    server.resumeListening();
  }

  public boolean listening() {
    return server.listening();
  }

  // ---- seams: what the agent does by default, which the tests replace to play a broken agent

  /** Asks {@code interceptor} about every request from now on ({@link CallInterceptor#NONE} by default). */
  public void interceptCalls(CallInterceptor interceptor) {
    handler.intercept(interceptor);
  }

  /**
   * Acknowledges a new update only when {@code policy} accepts it (every one by default); an update left
   * unacknowledged is acknowledged when it comes again (re-sent, or in a SUBSCRIBE) and is then accepted.
   * The policy is asked under the agent's lock: it must only look at its own flags.
   */
  public void acknowledgeWhen(Predicate<TaskStatus> policy) {
    state.acknowledgeWhen(policy);
  }

  /** Cuts the records of the event stream into chunks with {@code chunking} from the next write on. */
  public void chunkRecords(RecordChunking chunking) {
    this.chunking = chunking == null ? RecordChunking.RECORD_PER_CHUNK : chunking;
  }

  /** The current event stream, if there is one. */
  public Optional<StreamHandle> stream() {
    EventWriter current = state.currentWriter();
    return current == null ? Optional.empty() : Optional.of(new StreamHandle(state, current));
  }

  // ---- observation (snapshots, safe from any thread)

  /** Every request to the executor endpoint, in the order answered. */
  public List<ReceivedCall> calls() {
    return state.calls();
  }

  /** The updates delivered to the scheduler, each uuid once, in order. */
  public List<TaskStatus> updates() {
    return state.delivered();
  }

  /** How many updates repeated a uuid already received. */
  public int duplicateUpdates() {
    return state.duplicates();
  }

  /** The data of every MESSAGE call, in order. */
  public List<byte[]> messages() {
    return state.messages();
  }

  public int subscribeCount() {
    return state.subscribeCount();
  }

  public boolean streamOpen() {
    return state.streamOpen();
  }

  public void addListener(AgentListener listener) {
    state.addListener(listener);
  }

  // ---- launching

  /** Starts {@code argv} as the agent starts an executor (sandbox, appended stdout/stderr, environment). */
  public Process launchExecutor(List<String> argv) throws IOException {
    return launcher.launch(argv);
  }

  /** Starts {@code /bin/sh -c command}, as for an operator's executor command. */
  public Process launchExecutorShell(String command) throws IOException {
    return launchExecutor(List.of("/bin/sh", "-c", command));
  }

  // ---- containers (whether executors get them here: CgroupSupport.detect())

  /** The cgroup name of the last executor's container; empty without cgroup support. */
  public Optional<String> containerName() {
    return launcher.lastContainer().map(Container::name);
  }

  /** The CPU charged so far to the last executor's container, in nanoseconds; empty without one or after. */
  public OptionalLong containerCpuNanosSoFar() {
    long n = launcher.lastContainer().map(Container::cpuNanosSoFar).orElse(-1L);
    return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
  }

  /** What the last executor's container was charged, once it is gone (waits up to {@code wait}). */
  public Optional<ContainerUsage> awaitContainerEnd(Duration wait) {
    return launcher.lastContainer().flatMap(c -> c.awaitEnd(wait));
  }

  /**
   * SIGKILLs every executor still running and its descendants, now; each container's watch then kills
   * what is left in it (double forks included) and removes it, so {@link #awaitContainerEnd} returns soon.
   */
  public void killExecutors() {
    launcher.killAll();
  }

  /** Stops serving, kills executor process trees still running, and joins the agent's threads (bounded). */
  @Override
  public void close() {
    server.close();
    launcher.close();
    closeBounded(writes);
    closeBounded(notices);
  }

  /**
   * One named thread that runs what it is given one at a time, in the order given; once shut down it
   * refuses more (RejectedExecutionException), which tells the agent state that the agent is closing.
   */
  private static ExecutorService oneThread(String name) {
    return Executors.newSingleThreadExecutor(r -> Threads.daemon(name, r));
  }

  /** Lets the work already given finish (bounded), then stops the thread. */
  private static void closeBounded(ExecutorService thread) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(THREAD_CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
