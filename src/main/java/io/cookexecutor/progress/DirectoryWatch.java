package io.cookexecutor.progress;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the tracker when anything changes in the directories of its locations (inotify, through the JDK's
 * WatchService), so a silent task costs no polling and new output is noticed at once. Only an optimisation:
 * the tracker still looks on its own now and then, and polls as before where watching is impossible.
 */
final class DirectoryWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);

  private final WatchService service;

  private DirectoryWatch(WatchService service) {
    this.service = service;
  }

  /**
   * Watches the parent directories of {@code locations} and runs {@code onChange} (which must be cheap) for
   * every batch of events; null when some directory cannot be watched, so the caller keeps polling briskly.
   */
  static DirectoryWatch start(Collection<Path> locations, Runnable onChange) {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path p : locations) {
      Path parent = p.toAbsolutePath().normalize().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        return null;
      }
      dirs.add(parent);
    }
    WatchService service = null;
    try {
      service = FileSystems.getDefault().newWatchService();
      for (Path d : dirs) {
        d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("Cannot watch {} for changes ({}); polling instead", dirs, e.getMessage());
      closeQuietly(service);
      return null;
    }
    DirectoryWatch watch = new DirectoryWatch(service);
    Thread t = new Thread(() -> watch.loop(onChange), "progress-watch");
    t.setDaemon(true);
    t.start();
    return watch;
  }

  private void loop(Runnable onChange) {
    try {
      while (true) {
        WatchKey key = service.take();
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
    closeQuietly(service);
  }

  private static void closeQuietly(WatchService s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
