package io.cookexecutor.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's calls, made for real: children of /bin/sh spawned, waited for and signalled. Each test
 * waits for exactly its own pids, so it never reaps another test's child. Children write into files,
 * never to stdout (the test JVM's channel to Maven).
 */
class PosixTest {
  private static final int[] DEFAULT_SIGNALS = {1, 2, 3, 10, 12, 13, 14, 15, 17, 20, 21, 22};
  private static final int SIGKILL = 9;
  private static final int ESRCH = 3;
  private static final int ENOENT = 2;
  private static final int EBADF = 9;
  private static final int ECHILD = 10;
  private static final int POLLIN = 1;
  private static final int EFD_CLOEXEC = 0x80000;
  private static final int O_RDONLY_CLOEXEC = 0x80000;

  @TempDir Path dir;

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** {@code /bin/sh -c SCRIPT ARGS...} with {@code env}, in this JVM's directory; its pid. */
  private static int sh(String script, byte[][] env, boolean newSession, byte[]... args) {
    byte[][] argv = new byte[3 + args.length][];
    argv[0] = ascii("/bin/sh");
    argv[1] = ascii("-c");
    argv[2] = script.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(args, 0, argv, 3, args.length);
    int pid = Posix.spawn(ascii("/bin/sh"), argv, env, null, DEFAULT_SIGNALS, newSession);
    assertThat(pid).as("spawn: %s", pid < 0 ? Posix.strerror(pid) : "").isPositive();
    return pid;
  }

  private static int waitStatus(int pid) {
    int[] status = {-1};
    assertThat(Posix.waitpid(pid, 0, status)).isEqualTo(pid);
    return status[0];
  }

  @Test
  void theLibraryLoadsFromBesideTheClassesOfThisBuild() {
    assertThat(Posix.available()).as(String.valueOf(Posix.loadError())).isTrue();
    assertThat(Posix.loadError()).isNull();
    Path beside = Posix.besideTheCode();
    assertThat(beside.getFileName().toString()).isEqualTo("libcook-posix.so");
    assertThat(beside.getParent().getFileName().toString()).isEqualTo("native");
    assertThat(Files.isRegularFile(beside)).isTrue();
  }

  @Test
  void theRawWaitStatusOfAnExitAndOfASignal() {
    assertThat(waitStatus(sh("exit 3", new byte[0][], true))).isEqualTo(3 << 8);
    int sleeper = sh("exec sleep 30", new byte[0][], true);
    assertThat(Posix.kill(sleeper, SIGKILL)).isZero();
    assertThat(waitStatus(sleeper)).isEqualTo(SIGKILL);
  }

  @Test
  void theEnvironmentAndTheArgumentsReachTheChildByteExact() throws Exception {
    byte[] notUtf8 = {'a', (byte) 0xff, (byte) 0xfe, 'b', (byte) 0xc3, '(', (byte) 0x80};
    byte[] utf8 = "é😀".getBytes(StandardCharsets.UTF_8);
    Path env = dir.resolve("env.bin");
    Path arg = dir.resolve("arg.bin");
    Path text = dir.resolve("text.bin");
    int pid = sh("printf %s \"$RAW\" > " + env + "; printf %s \"$0\" > " + arg + "; printf %s \"$TEXT\" > " + text,
        new byte[][] {concat(ascii("RAW="), notUtf8), concat(ascii("TEXT="), utf8)}, true, notUtf8);
    assertThat(waitStatus(pid)).isZero();
    assertThat(Files.readAllBytes(env)).isEqualTo(notUtf8);
    assertThat(Files.readAllBytes(arg)).isEqualTo(notUtf8);
    assertThat(Files.readAllBytes(text)).isEqualTo(utf8);
  }

  @Test
  void theChildGetsExactlyTheGivenEnvironment() throws Exception {
    Path out = dir.resolve("env.txt");
    int pid = sh("/usr/bin/env > " + out, new byte[][] {ascii("ONLY=this")}, true);
    assertThat(waitStatus(pid)).isZero();
    // dash adds PWD to what it exports; nothing of this JVM's environment is there
    assertThat(Files.readAllLines(out)).contains("ONLY=this").allMatch(l -> l.startsWith("ONLY=") || l.startsWith("PWD="));
  }

  @Test
  void theChildStartsInTheGivenDirectory() throws Exception {
    assumeTrue(Posix.canSpawnInDirectory(), "glibc < 2.29 has no posix_spawn_file_actions_addchdir_np");
    Path sub = Files.createDirectory(dir.resolve("dé"));
    int pid = Posix.spawn(ascii("/bin/sh"), new byte[][] {ascii("sh"), ascii("-c"), ascii("pwd -P > here.txt")},
        new byte[0][], Posix.fileName(sub), DEFAULT_SIGNALS, true);
    assertThat(pid).isPositive();
    assertThat(waitStatus(pid)).isZero();
    assertThat(Files.readString(sub.resolve("here.txt")).trim()).isEqualTo(sub.toRealPath().toString());
  }

  @Test
  void aMissingDirectoryOrProgramIsAnErrnoNotAChild() {
    assumeTrue(Posix.canSpawnInDirectory());
    int pid = Posix.spawn(ascii("/bin/sh"), new byte[][] {ascii("sh"), ascii("-c"), ascii("exit 0")}, new byte[0][],
        Posix.fileName(dir.resolve("missing")), DEFAULT_SIGNALS, true);
    assertThat(pid).isEqualTo(-ENOENT);
    int none = Posix.spawn(ascii("/nonexistent/program"), new byte[][] {ascii("program")}, new byte[0][], null,
        DEFAULT_SIGNALS, true);
    assertThat(none).isEqualTo(-ENOENT);
  }

  @Test
  void aNewSessionOrThisOne() throws Exception {
    Path ids = dir.resolve("ids.txt");
    int leader = sh("cut -d' ' -f5,6 /proc/$$/stat > " + ids, new byte[0][], true);
    assertThat(waitStatus(leader)).isZero();
    assertThat(Files.readString(ids).trim()).isEqualTo(leader + " " + leader);
    int member = sh("cut -d' ' -f6 /proc/$$/stat > " + ids, new byte[0][], false);
    assertThat(waitStatus(member)).isZero();
    String ownSession = state(Path.of("/proc/self/stat")).split(" ")[3];
    assertThat(Files.readString(ids).trim()).isEqualTo(ownSession);
  }

  @Test
  void noSignalIsBlockedInTheChild() throws Exception {
    Path status = dir.resolve("status.txt");
    int pid = sh("exec grep '^SigBlk' /proc/self/status > " + status, new byte[0][], true);
    assertThat(waitStatus(pid)).isZero();
    assertThat(Files.readString(status).trim()).matches("SigBlk:\\s+0+");
  }

  @Test
  void killpgSignalsTheWholeGroup() throws Exception {
    Path started = dir.resolve("sleeper.pid");
    int leader = sh("sleep 30 & echo $! > " + started + ".tmp; mv " + started + ".tmp " + started + "; wait",
        new byte[0][], true);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(started));
    int sleeper = Integer.parseInt(Files.readString(started).trim());
    assertThat(Posix.killpg(leader, SIGKILL)).isZero();
    assertThat(waitStatus(leader)).isEqualTo(SIGKILL);
    // The orphaned sleep is dead: gone, or a zombie of whoever adopted it (this JVM when a subreaper).
    Path stat = Path.of("/proc/" + sleeper + "/stat");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(stat) || state(stat).startsWith("Z"));
    if (Files.exists(stat) && state(stat).split(" ")[1].equals(String.valueOf(ProcessHandle.current().pid()))) {
      waitStatus(sleeper);
    }
  }

  /** The fields of /proc/PID/stat after the command's name: state, ppid, ...; "" once it is gone. */
  private static String state(Path stat) {
    try {
      return Files.readString(stat).replaceFirst("^.*\\) ", "");
    } catch (java.io.IOException gone) {
      return "";
    }
  }

  @Test
  void failuresAreMinusTheErrnoWithItsText() {
    assertThat(Posix.kill(Integer.MAX_VALUE, 0)).isEqualTo(-ESRCH);
    assertThat(Posix.strerror(-ESRCH)).isEqualTo("No such process");
    assertThat(Posix.strerror(ENOENT)).isEqualTo("No such file or directory");
    assertThat(Posix.strerror(99999)).isEqualTo("Unknown error 99999");
    assertThat(Posix.waitpid(1, 0, new int[1])).isEqualTo(-ECHILD);
    assertThat(Posix.close(-1)).isEqualTo(-EBADF);
    assertThat(Posix.open(Posix.fileName(dir.resolve("missing")), O_RDONLY_CLOEXEC)).isEqualTo(-ENOENT);
  }

  @Test
  void openReadsAFileWhoseNameIsNotAscii() throws Exception {
    Path file = Files.writeString(dir.resolve("naïve 😀.txt"), "content");
    int fd = Posix.open(Posix.fileName(file), O_RDONLY_CLOEXEC);
    assertThat(fd).isNotNegative();
    try {
      byte[] buffer = new byte[64];
      int n = Posix.read(fd, buffer);
      assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("content");
    } finally {
      assertThat(Posix.close(fd)).isZero();
    }
  }

  @Test
  void anEventfdPollsReadyAndReadsItsCounter() {
    int fd = Posix.eventfd(5, EFD_CLOEXEC);
    assertThat(fd).isNotNegative();
    try {
      assertThat(Posix.poll(fd, POLLIN, 0) & POLLIN).isEqualTo(POLLIN);
      byte[] counter = new byte[8];
      assertThat(Posix.read(fd, counter)).isEqualTo(8);
      assertThat(counter[0]).isEqualTo((byte) 5);
      assertThat(Arrays.copyOfRange(counter, 1, 8)).containsOnly(0);
      assertThat(Posix.poll(fd, POLLIN, 0)).as("consumed: not ready, a time-out").isZero();
    } finally {
      Posix.close(fd);
    }
  }

  @Test
  void theEnvironmentAsBytesIsTheOneTheJdkDecoded() {
    byte[] path = ("PATH=" + System.getenv("PATH")).getBytes(Posix.platformEncoding());
    assertThat(Arrays.stream(Posix.environ()).anyMatch(entry -> Arrays.equals(entry, path))).isTrue();
  }

  @Test
  void badArgumentsAreRefusedNotCrashed() {
    assertThat(Posix.spawn(null, new byte[0][], new byte[0][], null, DEFAULT_SIGNALS, true)).isEqualTo(-22);
    assertThat(Posix.spawn(ascii("/bin/sh"), new byte[][] {null}, new byte[0][], null, DEFAULT_SIGNALS, true))
        .isEqualTo(-22);
    assertThat(Posix.open(null, 0)).isEqualTo(-22);
    assertThat(Posix.read(-1, new byte[0])).isEqualTo(-EBADF);
  }
}
