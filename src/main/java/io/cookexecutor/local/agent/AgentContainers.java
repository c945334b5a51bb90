package io.cookexecutor.local.agent;

import io.cookexecutor.local.container.CgroupSupport;
import io.cookexecutor.local.container.Container;
import io.cookexecutor.local.container.ContainerLimits;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import io.cookexecutor.log.Log;

/** The containers of one {@link LocalAgent}'s executors, and what the agent does when one hits its limit. */
final class AgentContainers {
  private static final Log LOG = Log.of(AgentContainers.class);

  private final ContainerLimits limits;
  /** What the agent says to the scheduler about a container the kernel killed for memory. */
  private final Container.Events report;
  private final List<Container> containers = new CopyOnWriteArrayList<>();

  AgentContainers(ContainerLimits limits, Container.Events report) {
    this.limits = limits;
    this.report = report;
  }

  /** A new container for the next executor; empty without cgroup support or when creating it failed. */
  Optional<Container> create() {
    CgroupSupport support = CgroupSupport.detect();
    if (!support.available()) {
      return Optional.empty();
    }
    String name = "cook-executor-local-" + UUID.randomUUID();
    try {
      Container c = Container.create(support, name, limits);
      containers.add(c);
      return Optional.of(c);
    } catch (IOException e) {
      LOG.warn("Cannot create the container {}; running the executor without one: {}", name, e.toString());
      return Optional.empty();
    }
  }

  /** Watches {@code container} of {@code executor} until its end. */
  void watch(Container container, Process executor) {
    container.watch(executor, report);
  }

  Optional<Container> last() {
    return containers.isEmpty() ? Optional.empty() : Optional.of(containers.get(containers.size() - 1));
  }

  /** Destroys every container (idempotent) and joins their watch threads, bounded. */
  void closeAll() {
    containers.forEach(Container::close);
  }
}
