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
  private SidecarArgs() {}

  /** The options of a plain run, or empty when picocli must answer. */
  public static Optional<Sidecar.Options> parse(List<String> args) {
    Integer port = null;
    boolean noFileServer = false;
    boolean noProgressReporter = false;
    Path sentinel = null;
    int workers = 2;
    int threads = 2;
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
          case "--no-file-server" -> noFileServer = flag(value);
          case "--no-progress-reporter" -> noProgressReporter = flag(value);
          case "--file-server-port" -> port = number(value != null ? value : args.get(++i));
          case "--file-server-workers" -> workers = number(value != null ? value : args.get(++i));
          case "--file-server-threads" -> threads = number(value != null ? value : args.get(++i));
          case "--exit-sentinel-file-path" -> sentinel = Path.of(value != null ? value : args.get(++i));
          case "--bind" -> bind = value != null ? value : args.get(++i);
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
