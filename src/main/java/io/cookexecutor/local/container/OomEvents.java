package io.cookexecutor.local.container;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
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
  private static final short POLLIN = 1;

  /** The calls this needs, through JNA. */
  interface Libc extends Library {
    int eventfd(int initval, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd);

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    int poll(PollFd fds, long nfds, int timeoutMillis) throws LastErrorException;
  }

  /** struct pollfd. */
  @Structure.FieldOrder({"fd", "events", "revents"})
  public static final class PollFd extends Structure {
    public int fd;
    public short events;
    public short revents;
  }

  private final Libc libc;
  private final int eventFd;
  private final int controlFd;
  private final PollFd poll = new PollFd();

  private OomEvents(Libc libc, int eventFd, int controlFd) {
    this.libc = libc;
    this.eventFd = eventFd;
    this.controlFd = controlFd;
    poll.fd = eventFd;
    poll.events = POLLIN;
  }

  /** Registers for the OOM events of the v1 memory group {@code dir}; empty when that cannot be done. */
  static Optional<OomEvents> register(Path dir) {
    Libc libc;
    try {
      libc = Native.load("c", Libc.class);
    } catch (LinkageError | RuntimeException e) {
      return Optional.empty();
    }
    int efd = -1;
    int cfd = -1;
    try {
      efd = libc.eventfd(0, EFD_CLOEXEC);
      cfd = libc.open(dir.resolve("memory.oom_control").toString(), O_RDONLY | O_CLOEXEC);
      Cgroup.write(dir.resolve("cgroup.event_control"), efd + " " + cfd);
      return Optional.of(new OomEvents(libc, efd, cfd));
    } catch (LastErrorException | java.io.IOException | LinkageError e) {
      if (efd >= 0) {
        libc.close(efd);
      }
      if (cfd >= 0) {
        libc.close(cfd);
      }
      return Optional.empty();
    }
  }

  /** Waits up to {@code millis} for a notification; true when one came (and was consumed). */
  boolean await(int millis) {
    try {
      poll.revents = 0;
      if (libc.poll(poll, 1, millis) <= 0 || (poll.revents & POLLIN) == 0) {
        return false;
      }
      libc.read(eventFd, new byte[8], 8);
      return true;
    } catch (LastErrorException interrupted) {
      return false;
    }
  }

  @Override
  public void close() {
    libc.close(eventFd);
    libc.close(controlFd);
  }
}
