package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  @TempDir Path tmp;
  Path workdir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    workdir = Files.createDirectory(tmp.resolve("sandbox"));
    Files.writeString(workdir.resolve("stdout"), "out");
    Files.createDirectory(workdir.resolve("sub"));
    sandbox = new Sandbox(workdir);
  }

  @Test
  void servesTheWorkdirAndWhatIsInside() throws Exception {
    Path real = workdir.toRealPath();
    assertThat(sandbox.resolve(workdir.toString())).isEqualTo(real);
    assertThat(sandbox.resolve(workdir + "/")).isEqualTo(real);
    assertThat(sandbox.resolve(workdir + "/stdout")).isEqualTo(real.resolve("stdout"));
    assertThat(sandbox.resolve(workdir + "/sub/../stdout")).isEqualTo(real.resolve("stdout"));
    assertThat(sandbox.resolve(workdir + "//sub/./")).isEqualTo(real.resolve("sub"));
  }

  @Test
  void aSymlinkInsideToInsideIsServedAsItsTarget() throws Exception {
    Files.createSymbolicLink(workdir.resolve("link"), Path.of("stdout"));
    assertThat(sandbox.resolve(workdir + "/link")).isEqualTo(workdir.toRealPath().resolve("stdout"));
  }

  @Test
  void theWorkdirReachedThroughASymlinkIsServed() throws Exception {
    Path alias = Files.createSymbolicLink(tmp.resolve("alias"), workdir);
    assertThat(new Sandbox(alias).resolve(workdir + "/stdout")).isEqualTo(workdir.toRealPath().resolve("stdout"));
  }

  @Test
  void nothingOutsideIsServed() throws Exception {
    Path sibling = Files.createDirectory(tmp.resolve("sandbox2"));
    Files.writeString(sibling.resolve("x"), "x");
    Files.createSymbolicLink(workdir.resolve("out"), Path.of("/etc"));
    Files.createSymbolicLink(workdir.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(workdir.resolve("proc"), Path.of("/proc/self/status"));
    for (String asked : new String[] {
        "/etc/passwd", workdir + "/../sandbox2/x", sibling + "/x", sibling.toString(), workdir + "/..",
        workdir + "/out", workdir + "/out/passwd", workdir + "/passwd", workdir + "/proc",
        workdir + "/missing", "stdout", "", "sandbox/stdout", workdir + "/" + "a".repeat(5000)}) {
      assertThatThrownBy(() -> sandbox.resolve(asked)).as(asked).isInstanceOf(BadRequest.class)
          .satisfies(e -> {
            assertThat(((BadRequest) e).status()).isEqualTo(404);
            assertThat(((BadRequest) e).body()).isEmpty();
          });
    }
  }

  @Test
  void aNulCharacterIsABadRequest() {
    assertThatThrownBy(() -> sandbox.resolve(workdir + "/stdout\0"))
        .isInstanceOf(BadRequest.class)
        .satisfies(e -> assertThat(((BadRequest) e).status()).isEqualTo(400));
  }

  @Test
  void containmentIsComponentWise() {
    assertThat(Sandbox.contains(Path.of("/mnt/sandbox"), Path.of("/mnt/sandbox"))).isTrue();
    assertThat(Sandbox.contains(Path.of("/mnt/sandbox"), Path.of("/mnt/sandbox/a/b"))).isTrue();
    assertThat(Sandbox.contains(Path.of("/mnt/sandbox"), Path.of("/mnt/sandbox2/a"))).isFalse();
    assertThat(Sandbox.contains(Path.of("/mnt/sandbox"), Path.of("/mnt"))).isFalse();
  }

  @Test
  void aMissingWorkdirServesNothing() {
    Sandbox gone = new Sandbox(tmp.resolve("not-yet"));
    assertThatThrownBy(() -> gone.resolve(tmp.resolve("not-yet").toString())).isInstanceOf(BadRequest.class);
  }
}
