package io.cookexecutor.sidecar.files;

import io.cookexecutor.log.Log;
import io.cookexecutor.posix.Posix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code open(2)} with {@code O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC}, which the JDK cannot ask for: opening a FIFO
 * this way returns at once instead of waiting for a writer. Loaded on first use, so the server is ready
 * before the native library has loaded.
 */
final class NonBlockingOpen {
  private static final int O_RDONLY = 0;
  private static final int O_NOCTTY = 0x100;
  private static final int O_NONBLOCK = 0x800;
  private static final int O_NOFOLLOW = 0x20000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int FLAGS = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC;

  private NonBlockingOpen() {}

  private static final class Native {
    static final boolean LOADED = load();

    private static boolean load() {
      if (Posix.available()) {
        return true;
      }
      Log.of(NonBlockingOpen.class)
          .warn("file server: native open unavailable ({}); files are opened by the JDK", Posix.loadError());
      return false;
    }
  }

  static boolean available() {
    return Native.LOADED;
  }

  /** The new descriptor; an IOException when the file cannot be opened (gone, a symlink, no permission). */
  static int open(Path path) throws IOException {
    int fd = Posix.open(Posix.fileName(path), FLAGS);
    if (fd < 0) {
      throw new IOException("cannot open " + path + ": " + Posix.strerror(-fd));
    }
    return fd;
  }
}
