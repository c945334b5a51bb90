package io.cookexecutor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProgressCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(ProgressCommand command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private int run(String... args) {
    return run(new ProgressCommand(), args);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void printsEachMatchWithSourceLineSequenceAndWhatWouldBeSent() throws IOException {
    Path stdout = file("stdout", "start\nprogress: 10, copying\nnoise\nprogress: 20.5, more  \n");
    Path stderr = file("stderr", "progress: 150, too much\nprogress: 99, done");
    int code = run(stdout.toString(), stderr.toString());
    assertThat(code).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            stdout + ":2\tseq 1\t10%\t\"copying\"\tsent",
            stdout + ":4\tseq 2\t20%\t\"more\"\theld back (interval)",
            stderr + ":1\t-\trefused: percent \"150\" is not a number in [0, 100]",
            stderr + ":2\tseq 3\t99%\t\"done\"\theld back (interval)",
            "at exit: seq 3\t99%\t\"done\"\tsent by the final flush",
            "3 progress line(s) accepted, 1 refused, 2 progress message(s) would be sent");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void readsStandardInputForDashAndAppliesTheExecutorFloors() {
    ProgressCommand c = new ProgressCommand();
    c.stdin = new ByteArrayInputStream(
        ("progress: 1, " + "x".repeat(100) + "\n").getBytes(StandardCharsets.US_ASCII));
    int code = run(c, "--max-message-length", "10", "--interval-ms", "0", "-");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("-:1\tseq 1\t1%\t\"" + "x".repeat(61) + "...\"\tsent");
    assertThat(err.toString())
        .contains("--max-message-length 10 raised to 64")
        .contains("--interval-ms 0 raised to 100");
  }

  @Test
  void customRegexWithoutMessageGroup() throws IOException {
    Path f = file("log", "[ 42%] Building\n[100%] Built\n");
    int code = run("--regex", "\\[ *(\\d+)%\\]", f.toString());
    assertThat(code).isZero();
    assertThat(out.toString()).contains(f + ":1\tseq 1\t42%\t\"\"\tsent", "at exit: seq 2\t100%");
  }

  @Test
  void regexThatDoesNotCompileIsExit2WithAClearMessage() throws IOException {
    Path f = file("stdout", "progress: 1, a\n");
    assertThat(run("--regex", "progress: ([0-9]", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not a valid regular expression");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void regexWithoutGroup1IsExit2WithAClearMessage() throws IOException {
    Path f = file("stdout", "progress: 1, a\n");
    assertThat(run("--regex", "progress: [0-9]+", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("has no capturing group for the percent");
  }

  @Test
  void missingFileIsReportedAndTheOthersAreStillRead() throws IOException {
    Path f = file("stdout", "progress: 5, a\n");
    int code = run(dir.resolve("absent").toString(), f.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("absent").contains("cannot read");
    assertThat(out.toString()).contains(f + ":1\tseq 1\t5%");
  }

  @Test
  void helpDescribesTheTimeModel() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage:", "--regex", "arrive all at once");
  }

  @Test
  void versionNamesTheProgram() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("cook-executor ");
  }

  @Test
  void noFileIsAUsageError() {
    assertThat(run()).isEqualTo(2);
  }
}
