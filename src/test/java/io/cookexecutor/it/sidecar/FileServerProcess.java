package io.cookexecutor.it.sidecar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The file server alone in a child JVM (io.cookexecutor.bench.FileServerMain), with the flags given. */
final class FileServerProcess implements AutoCloseable {
  final Process process;
  final int port;

  FileServerProcess(Path workdir, String... jvmFlags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cookexecutor.bench.FileServerMain",
        workdir.toString(), "0"));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // the child prints its port once it listens, or exits
    if (line == null || !line.startsWith("listening on ")) {
      process.destroyForcibly();
      throw new IOException("file server process did not start: " + line);
    }
    port = Integer.parseInt(line.substring("listening on ".length()).trim());
  }

  /** Peak resident memory (VmHWM) of the child, bytes. */
  long peakRssBytes() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
