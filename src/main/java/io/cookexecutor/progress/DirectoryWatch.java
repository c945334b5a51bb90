package io.cookexecutor.progress;

import io.cookexecutor.lifetime.Threads;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import io.cookexecutor.log.Log;

/**
 * Wakes the tracker when anything changes in the directories of its locations (inotify, through the JDK's
 * WatchService), so a silent task costs no polling and new output is noticed at once. Armed only while the
 * task is quiet: with output flowing, every write would be an event to read, costing more than it saves.
 * Only an optimisation; where watching is impossible the tracker polls on its usual schedule. Arming and disarming
 * happen on the tracker thread.
 */
final class DirectoryWatch implements AutoCloseable {
  private static final Log LOG = Log.of(DirectoryWatch.class);

  private final Set<Path> dirs;
  private final Runnable onChange;
  private final List<WatchKey> keys = new ArrayList<>();
  /** Made at the first arming: a chatty or short task never pays for the service and its threads. */
  private WatchService service;
  private boolean unavailable;

  private DirectoryWatch(Set<Path> dirs, Runnable onChange) {
    this.dirs = dirs;
    this.onChange = onChange;
  }

  /**
   * A watch over the parent directories of {@code locations} that runs {@code onChange} (which must be
   * cheap) for events while armed; null when a directory is missing.
   */
  static DirectoryWatch create(Collection<Path> locations, Runnable onChange) {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path p : locations) {
      Path parent = p.toAbsolutePath().normalize().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        return null;
      }
      dirs.add(parent);
    }
    return new DirectoryWatch(dirs, onChange);
  }

  /** Whether events currently wake the tracker. */
  boolean armed() {
    return !keys.isEmpty();
  }

  /** Starts watching; false (and polling goes on) when the directories cannot be watched. */
  boolean arm() {
    if (unavailable) {
      return false;
    }
    try {
      if (service == null) {
        service = FileSystems.getDefault().newWatchService();
        WatchService s = service;
        Threads.start("progress-watch", () -> loop(s));
      }
      for (Path d : dirs) {
        keys.add(d.register(service, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.info("Cannot watch {} for changes ({}); polling instead", dirs, e.getMessage());
      unavailable = true;
      disarm();
      return false;
    }
  }

  /** Stops watching while output flows. */
  void disarm() {
    for (WatchKey k : keys) {
      k.cancel();
    }
    keys.clear();
  }

  private void loop(WatchService s) {
    try {
      while (true) {
        WatchKey key = s.take();
        key.pollEvents();
        key.reset();
        onChange.run();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: the tracker is done
    }
  }

  @Override
  public void close() {
    if (service != null) {
      try {
        service.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
