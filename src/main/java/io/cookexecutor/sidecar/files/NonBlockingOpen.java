package io.cookexecutor.sidecar.files;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import io.cookexecutor.log.Log;

/**
 * {@code open(2)} with {@code O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC}, which the JDK cannot ask for: opening a FIFO
 * this way returns at once instead of waiting for a writer. Loaded on first use, so the server is ready
 * before JNA has loaded.
 */
final class NonBlockingOpen {
  private static final int O_RDONLY = 0;
  private static final int O_NOCTTY = 0x100;
  private static final int O_NONBLOCK = 0x800;
  private static final int O_NOFOLLOW = 0x20000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int FLAGS = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC;
  /** File names go to the kernel in the encoding the JDK uses for them. */
  private static final Charset PATH_ENCODING = pathEncoding();

  private NonBlockingOpen() {}

  private static final class Libc {
    static final boolean LOADED = load();

    static native int open(byte[] path, int flags);

    static native int close(int fd);

    private static boolean load() {
      try {
        Native.register(Libc.class, "c");
        return true;
      } catch (Throwable e) {
        Log.of(NonBlockingOpen.class)
            .warn("file server: native open unavailable ({}); files are opened by the JDK", e.toString());
        return false;
      }
    }
  }

  static boolean available() {
    return Libc.LOADED;
  }

  /** The new descriptor; an IOException when the file cannot be opened (gone, a symlink, no permission). */
  static int open(Path path) throws IOException {
    byte[] name = path.toString().getBytes(PATH_ENCODING);
    byte[] cString = new byte[name.length + 1];
    System.arraycopy(name, 0, cString, 0, name.length);
    int fd = Libc.open(cString, FLAGS);
    if (fd < 0) {
      throw new IOException("cannot open " + path + ": errno " + Native.getLastError());
    }
    return fd;
  }

  static void close(int fd) {
    Libc.close(fd);
  }

  private static Charset pathEncoding() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }
}
