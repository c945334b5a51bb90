package io.cookexecutor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.sidecar.SidecarArgs;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The sidecar's two readers of one command line, the start-up path's ({@link SidecarArgs}) and picocli's
 * ({@link SidecarCommand}, for usage and errors), give the same run for every plain command line, and
 * what the start-up path leaves to picocli is an error or a help request there.
 */
class SidecarCommandLinesAgreeTest {
  private static final List<List<String>> PLAIN = List.of(
      List.of(),
      List.of("--file-server-port", "23906"),
      List.of("--file-server-port=1", "--bind", "127.0.0.1"),
      List.of("--no-file-server", "--no-progress-reporter"),
      List.of("--exit-sentinel-file-path", "/mnt/sidecar/exit", "--file-server-workers", "4",
          "--file-server-threads=3"),
      List.of("--file-server-workers=1", "--file-server-threads", "8", "--file-server-port", "80"));

  private static SidecarCommand picocli(List<String> args) {
    SidecarCommand command = new SidecarCommand();
    new CommandLine(command).parseArgs(args.toArray(new String[0]));
    return command;
  }

  @Test
  void everyPlainCommandLineGivesTheSameRunBothWays() {
    for (List<String> args : PLAIN) {
      assertThat(SidecarArgs.parse(args)).as(args.toString()).contains(picocli(args).options());
    }
  }

  @Test
  void whatTheStartUpPathLeavesToPicocliIsAnErrorOrAHelpRequestThere() {
    for (List<String> args : List.of(List.of("--file-server-port"), List.of("--file-server-port", "x"),
        List.of("--no-file-server=yes"), List.of("--port", "1"), List.of("extra"))) {
      assertThat(SidecarArgs.parse(args)).as(args.toString()).isEmpty();
      assertThatThrownBy(() -> picocli(args)).as(args.toString()).isInstanceOf(CommandLine.ParameterException.class);
    }
    for (List<String> args : List.of(List.of("--help"), List.of("-V"))) {
      assertThat(SidecarArgs.parse(args)).isEmpty();
      CommandLine line = new CommandLine(new SidecarCommand());
      line.parseArgs(args.toArray(new String[0]));
      assertThat(line.isUsageHelpRequested() || line.isVersionHelpRequested()).as(args.toString()).isTrue();
    }
  }
}
