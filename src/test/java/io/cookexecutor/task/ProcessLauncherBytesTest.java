package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The task gets the executor's environment byte for byte, as the Python executor gave it, though the JDK
 * turned bytes that are not text in the locale's encoding into U+FFFD; the command and the variables the
 * task sets are UTF-8. A JVM of its own is started with such an environment (a Java process cannot make
 * one), in the C locale and in a UTF-8 one, and launches the task as the executor does.
 */
class ProcessLauncherBytesTest {
  private static final byte[] NOT_UTF8 = {'a', (byte) 0xff, (byte) 0xfe, 'b', (byte) 0xc3, '(', '='};

  @TempDir Path dir;

  private record Run(int exit, String stderr) {}

  private Run runChild(String locale, String... jvmFlags) throws Exception {
    Path stderr = dir.resolve("child.err");
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    java.addAll(List.of(jvmFlags));
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), LaunchFromOwnEnvironment.class.getName(),
        dir.toString()));
    // printf makes the bytes; exec keeps them: the JVM starts with RAW exactly as the shell made it.
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
        "RAW=$(printf 'a\\377\\376b\\303(='); export RAW; LC_ALL=" + locale + "; export LC_ALL; exec \"$@\"", "sh"));
    command.addAll(java);
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the child JVM did not finish in 60 s");
    }
    return new Run(p.exitValue(), Files.readString(stderr, StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"C", "C.UTF-8"})
  void theInheritedEnvironmentIsByteExactAndTheTasksOwnTextIsUtf8(String locale) throws Exception {
    Run run = runChild(locale);
    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("raw.bin"))).isEqualTo(NOT_UTF8);
    byte[] text = "é😀".getBytes(StandardCharsets.UTF_8);
    assertThat(Files.readAllBytes(dir.resolve("task.bin"))).isEqualTo(text);
    assertThat(Files.readAllBytes(dir.resolve("command.bin"))).isEqualTo(text);
  }

  @Test
  void withoutTheNativeLibraryTheLaunchFailsAndSaysWhy() throws Exception {
    Run run = runChild("C.UTF-8", "-Dcook.executor.native=/nonexistent/libcook-posix.so");
    assertThat(run.exit()).as(run.stderr()).isEqualTo(100);
    assertThat(run.stderr()).contains("ERROR Posix - cannot load the native library /nonexistent/libcook-posix.so")
        .contains("launch failed: cannot load the native library /nonexistent/libcook-posix.so");
    assertThat(Files.exists(dir.resolve("raw.bin"))).isFalse();
  }
}
