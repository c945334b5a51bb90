package io.cookexecutor.cli;

import io.cookexecutor.Version;
import io.cookexecutor.json.JsonString;
import io.cookexecutor.progress.ProgressDryRun;
import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cook-executor progress}: shows what the executor would make of a job's progress output. */
@Command(
    name = "progress",
    mixinStandardHelpOptions = true,
    versionProvider = ProgressCommand.VersionProvider.class,
    sortOptions = false,
    description = {
      "Dry run of progress tracking for job authors: reads the given files (or standard input for -) to"
          + " their end, as the executor reads the progress file, stdout and stderr, and prints every line"
          + " the progress regex matches: source:line, sequence, percent, message, and what the executor"
          + " would do with it.",
      "",
      "Time: the input is taken to arrive all at once, as fast as it is read. With a sample interval (the"
          + " executor's minimum is 100 ms) the first accepted line is 'sent', later ones are 'held back',"
          + " and the last one is sent by the final flush when the task exits. Files share one sequence,"
          + " in the order given. Values below the executor's floors are raised as the executor does.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every input was read",
      "1:an input could not be read",
      "2:bad usage, or the regex does not compile or has no group 1"
    })
public final class ProgressCommand implements Callable<Integer> {
  @Option(
      names = "--regex",
      paramLabel = "R",
      defaultValue = ProgressSettings.DEFAULT_REGEX,
      description = "Progress regex (PROGRESS_REGEX_STRING): group 1 the percent, optional group 2 the"
          + " message. Default: ${DEFAULT-VALUE}")
  String regex;

  @Option(
      names = "--max-message-length",
      paramLabel = "N",
      defaultValue = "512",
      description = "EXECUTOR_MAX_MESSAGE_LENGTH (at least 64). Default: ${DEFAULT-VALUE}")
  int maxMessageLength;

  @Option(
      names = "--max-bytes-per-line",
      paramLabel = "N",
      defaultValue = "4096",
      description = "EXECUTOR_MAX_BYTES_READ_PER_LINE (at least 128). Default: ${DEFAULT-VALUE}")
  int maxBytesPerLine;

  @Option(
      names = "--interval-ms",
      paramLabel = "N",
      defaultValue = "1000",
      description = "PROGRESS_SAMPLE_INTERVAL_MS (at least 100). Default: ${DEFAULT-VALUE}")
  long intervalMs;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read; - reads standard input.")
  List<String> files;

  @Spec CommandSpec spec;

  /** Prints the build's version for {@code --version}. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cook-executor " + Version.get()};
    }
  }

  /** Standard input; replaceable in tests. */
  InputStream stdin = System.in;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Clamped to what the settings accept at all; the executor's floors then raise them further.
    ProgressSettings settings = new ProgressSettings(
        regex, Math.max(4, maxMessageLength), Math.max(1, maxBytesPerLine),
        Duration.ofMillis(Math.max(0, intervalMs))).withExecutorFloors();
    noteRaised(err, "--max-message-length", maxMessageLength, settings.maxMessageLength());
    noteRaised(err, "--max-bytes-per-line", maxBytesPerLine, settings.maxBytesReadPerLine());
    noteRaised(err, "--interval-ms", intervalMs, settings.sampleInterval().toMillis());

    ProgressDryRun run;
    try {
      run = new ProgressDryRun(settings, m -> out.println(format(m)));
    } catch (IllegalArgumentException e) {
      err.println("cook-executor progress: " + e.getMessage());
      return 2;
    }
    if (run.usesFallbackEngine()) {
      err.println("cook-executor progress: note: RE2/J cannot compile this regex; the executor would use"
          + " java.util.regex with a time limit per line, which is slower");
    }
    int status = 0;
    for (String f : files) {
      try {
        if (f.equals("-")) {
          run.scan("-", stdin);
        } else {
          Path p = Path.of(f);
          if (Files.isDirectory(p)) {
            err.println("cook-executor progress: " + f + ": is a directory (the executor would skip it)");
            status = 1;
            continue;
          }
          try (InputStream in = Files.newInputStream(p)) {
            run.scan(f, in);
          }
        }
      } catch (IOException e) {
        err.println("cook-executor progress: " + f + ": cannot read: " + e);
        status = 1;
      }
      out.flush();
    }
    Optional<ProgressUpdate> last = run.finalFlush();
    last.ifPresent(u -> out.println(
        "at exit: seq " + u.sequence() + "\t" + u.percent() + "%\t" + JsonString.quote(u.message())
            + "\tsent by the final flush"));
    out.println(run.accepted() + " progress line(s) accepted, " + run.refused() + " refused, "
        + run.sent() + " progress message(s) would be sent");
    out.flush();
    return status;
  }

  private static void noteRaised(PrintWriter err, String option, long asked, long used) {
    if (used != asked) {
      err.println("cook-executor progress: note: " + option + " " + asked + " raised to " + used
          + " as the executor would");
    }
  }

  static String format(ProgressDryRun.Match m) {
    String where = m.source() + ":" + m.line();
    return switch (m.verdict()) {
      case SENT, HELD_BACK -> where + "\tseq " + m.sequence() + "\t" + m.percent() + "%\t"
          + JsonString.quote(m.message()) + "\t"
          + (m.verdict() == ProgressDryRun.Verdict.SENT ? "sent" : "held back (interval)");
      case REFUSED -> where + "\t-\trefused: percent " + JsonString.quote(m.rawPercent())
          + " is not a number in [0, 100]";
      default -> where + "\t-\tskipped: the regex ran out of time on this line";
    };
  }
}
