package io.cookexecutor.sidecar;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar's start-up path reads its command line here, without picocli: building picocli's model of
 * the command costs about 200 ms of CPU, two seconds under the pod's 0.1-CPU quota. Anything this does not
 * take as a plain, valid run ({@code --help}, {@code --version}, an unknown option, a bad number) is left to
 * the picocli command ({@code cli/SidecarCommand}), which prints usage, version or the error.
 */
public final class SidecarArgs {
  // The one list of the sidecar's options and defaults; the picocli command names the same constants.
  public static final String PORT = "--file-server-port";
  public static final String NO_FILE_SERVER = "--no-file-server";
  public static final String NO_PROGRESS_REPORTER = "--no-progress-reporter";
  public static final String EXIT_SENTINEL = "--exit-sentinel-file-path";
  public static final String WORKERS = "--file-server-workers";
  public static final String THREADS = "--file-server-threads";
  public static final String BIND = "--bind";
  /** Cook's sidecar serves with 2 gunicorn workers of 2 threads each. */
  public static final int DEFAULT_WORKERS = 2;
  public static final int DEFAULT_THREADS = 2;

  private SidecarArgs() {}

  /** The options of a plain run, or empty when picocli must answer. */
  public static Optional<Sidecar.Options> parse(List<String> args) {
    Integer port = null;
    boolean noFileServer = false;
    boolean noProgressReporter = false;
    Path sentinel = null;
    int workers = DEFAULT_WORKERS;
    int threads = DEFAULT_THREADS;
    String bind = null;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        switch (name) {
          case NO_FILE_SERVER -> noFileServer = flag(value);
          case NO_PROGRESS_REPORTER -> noProgressReporter = flag(value);
          case PORT -> port = number(value != null ? value : args.get(++i));
          case WORKERS -> workers = number(value != null ? value : args.get(++i));
          case THREADS -> threads = number(value != null ? value : args.get(++i));
          case EXIT_SENTINEL -> sentinel = Path.of(value != null ? value : args.get(++i));
          case BIND -> bind = value != null ? value : args.get(++i);
          default -> {
            return Optional.empty();
          }
        }
      }
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) { // also InvalidPathException
      return Optional.empty(); // a missing or bad value: picocli says what is wrong
    }
    return Optional.of(new Sidecar.Options(port, noFileServer, noProgressReporter, sentinel, workers, threads,
        bind));
  }

  private static boolean flag(String value) {
    if (value != null) {
      throw new IllegalArgumentException("a flag takes no value");
    }
    return true;
  }

  private static int number(String value) {
    return Integer.parseInt(value.strip());
  }
}
