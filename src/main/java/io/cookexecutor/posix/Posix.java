package io.cookexecutor.posix;

import io.cookexecutor.log.Log;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The POSIX calls the JDK lacks, as the JNI methods of the project's own small library
 * ({@code src/main/c/cook_posix.c}, built into {@code libcook-posix.so}). It replaced JNA, whose interface
 * proxies, generated classes, cleaner thread and unpacked library cost the executor ~200 classes and a
 * thread per task; this is one class and no thread.
 *
 * <p>Every call returns minus the errno when it fails, so no "last error" has to be fetched afterwards.
 * Strings go to C as byte arrays without a terminating NUL; the caller chooses their encoding
 * ({@link #fileName} for file names, as the JDK encodes them). The library is
 * {@code -Dcook.executor.native=FILE}, else {@code native/libcook-posix.so} beside the jar (or beside the
 * classes directory of a build). When it cannot load, {@link #available()} is false and every native
 * method throws {@link UnsatisfiedLinkError}.
 */
public final class Posix {
  /** The system property that names the library file; every launcher sets it. */
  public static final String LIBRARY_PROPERTY = "cook.executor.native";
  static final String LIBRARY_FILE = "libcook-posix.so";

  /** File names go to the kernel in the encoding the JDK uses for them. */
  private static final Charset PLATFORM = platformEncoding();
  /** Null once loaded, else why the library could not be loaded. */
  private static final String LOAD_ERROR = load();

  private Posix() {}

  /** Whether the library is loaded. */
  public static boolean available() {
    return LOAD_ERROR == null;
  }

  /** Why the library is not loaded (null when it is), for error messages. */
  public static String loadError() {
    return LOAD_ERROR;
  }

  /**
   * {@code posix_spawn(path, argv, envp)} with an empty signal mask, {@code defaultSignals} at their
   * default action, a new session when {@code newSession} (glibc >= 2.26, else -EINVAL), and
   * {@code directory} as the working directory when not null (only when {@link #canSpawnInDirectory()},
   * else -ENOSYS).
   *
   * @return the child's pid, or minus the errno
   */
  public static native int spawn(byte[] path, byte[][] argv, byte[][] envp, byte[] directory,
      int[] defaultSignals, boolean newSession);

  /** Whether the C library can set the child's working directory (glibc >= 2.29). */
  public static native boolean canSpawnInDirectory();

  /** The process's environment, {@code NAME=VALUE} entry by entry, as the bytes it was given. */
  public static native byte[][] environ();

  /**
   * The process's environment as names and values, decoded as the JDK decodes it ({@link #platformEncoding}),
   * read from {@link #environ()}; {@code System.getenv()} when the library is not loaded. The JDK's own map
   * costs start-up its process-environment classes (a dozen, with the unmodifiable views), for a map the
   * executor builds once.
   */
  public static java.util.Map<String, String> environment() {
    if (!available()) {
      return System.getenv();
    }
    java.util.Map<String, String> env = new java.util.HashMap<>();
    for (byte[] entry : environ()) {
      for (int i = 0; i < entry.length; i++) {
        if (entry[i] == '=') {
          env.put(new String(entry, 0, i, PLATFORM), new String(entry, i + 1, entry.length - i - 1, PLATFORM));
          break;
        }
      }
    }
    return env;
  }

  /** {@code waitpid}: the pid, or minus the errno; {@code status[0]} gets the raw wait status. */
  public static native int waitpid(int pid, int options, int[] status);

  /** {@code kill}: 0, or minus the errno. */
  public static native int kill(int pid, int signal);

  /** {@code killpg}: 0, or minus the errno. */
  public static native int killpg(int processGroup, int signal);

  /** {@code prctl(option, arg2, 0, 0, 0)}: 0, or minus the errno. */
  public static native int prctl(int option, long arg2);

  /** {@code open(path, flags)} of a file name from {@link #fileName}: the descriptor, or minus the errno. */
  public static native int open(byte[] path, int flags);

  /** {@code close}: 0, or minus the errno. */
  public static native int close(int fd);

  /** {@code eventfd}: the descriptor, or minus the errno. */
  public static native int eventfd(int initialValue, int flags);

  /** {@code read} into {@code buffer} (at most 8 KiB): the count, or minus the errno. */
  public static native int read(int fd, byte[] buffer);

  /** {@code poll} of one descriptor: its revents, 0 on time-out, or minus the errno. */
  public static native int poll(int fd, int events, int timeoutMillis);

  private static native byte[] strerrorBytes(int errno);

  /** The C library's text for {@code errno} (a positive number, or minus one as the calls return it). */
  public static String strerror(int errno) {
    if (!available()) {
      return "errno " + Math.abs(errno);
    }
    return new String(strerrorBytes(Math.abs(errno)), PLATFORM);
  }

  /** The bytes of a file name as the JDK gives them to the kernel (sun.jnu.encoding). */
  public static byte[] fileName(Path path) {
    return path.toString().getBytes(PLATFORM);
  }

  /** The charset the JDK decodes file names and the environment with. */
  public static Charset platformEncoding() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /** The library file: the property's, else the one beside the code. */
  static Path location() {
    String configured = System.getProperty(LIBRARY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return besideTheCode();
  }

  /** {@code native/} beside the jar (app/, lib/, target/), or beside {@code target/classes}. */
  static Path besideTheCode() {
    try {
      Path code = Path.of(Posix.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.toAbsolutePath().getParent().resolve("native").resolve(LIBRARY_FILE);
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of(LIBRARY_FILE).toAbsolutePath();
    }
  }

  private static String load() {
    Path file = location();
    try {
      System.load(file.toString());
      return null;
    } catch (LinkageError | RuntimeException e) {
      String error = "cannot load the native library " + file + ": " + e.getMessage();
      Log.of(Posix.class).error("{}; set -D{}=FILE", error, LIBRARY_PROPERTY);
      return error;
    }
  }
}
