package io.cookexecutor.local.container;

import io.cookexecutor.posix.Posix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's OOM notification of a cgroup v1 memory group: an eventfd registered with
 * {@code cgroup.event_control} against {@code memory.oom_control}, as the Mesos memory isolator listens.
 * The kernel signals it on an OOM in the group and when the group is removed.
 */
final class OomEvents implements AutoCloseable {
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EFD_CLOEXEC = 0x80000;
  private static final int POLLIN = 1;

  private final int eventFd;
  private final int controlFd;

  private OomEvents(int eventFd, int controlFd) {
    this.eventFd = eventFd;
    this.controlFd = controlFd;
  }

  /** Registers for the OOM events of the v1 memory group {@code dir}; empty when that cannot be done. */
  static Optional<OomEvents> register(Path dir) {
    if (!Posix.available()) {
      return Optional.empty();
    }
    int efd = Posix.eventfd(0, EFD_CLOEXEC);
    int cfd = Posix.open(Posix.fileName(dir.resolve("memory.oom_control")), O_RDONLY | O_CLOEXEC);
    try {
      if (efd >= 0 && cfd >= 0) {
        Cgroup.write(dir.resolve("cgroup.event_control"), efd + " " + cfd);
        return Optional.of(new OomEvents(efd, cfd));
      }
    } catch (IOException e) {
      // not registered: closed below
    }
    if (efd >= 0) {
      Posix.close(efd);
    }
    if (cfd >= 0) {
      Posix.close(cfd);
    }
    return Optional.empty();
  }

  /** Waits up to {@code millis} for a notification; true when one came (and was consumed). */
  boolean await(int millis) {
    int revents = Posix.poll(eventFd, POLLIN, millis);
    if (revents <= 0 || (revents & POLLIN) == 0) {
      return false;
    }
    return Posix.read(eventFd, new byte[8]) == 8;
  }

  @Override
  public void close() {
    Posix.close(eventFd);
    Posix.close(controlFd);
  }
}
