package io.cookexecutor.sidecar.files;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Which asked paths are served: an absolute path whose real path (every symlink resolved) is the workdir or
 * inside it, component-wise, so {@code /mnt/sandbox2} is not inside {@code /mnt/sandbox} and a symlink
 * pointing out is not followed out. The workdir's own real path is taken at each check, so a workdir that
 * appears or moves after start is handled.
 */
final class Sandbox {
  /** Linux PATH_MAX: no longer path can name a file. */
  static final int MAX_PATH_LENGTH = 4096;

  private final Path workdir;
  /** The workdir's real path as last seen; re-taken whenever a check against it fails. */
  private volatile Path root;

  Sandbox(Path workdir) {
    this.workdir = workdir.toAbsolutePath();
  }

  Path workdir() {
    return workdir;
  }

  /** The real path to serve for {@code asked}; 404 when not served, 400 when it cannot be a path at all. */
  Path resolve(String asked) throws BadRequest {
    if (asked.indexOf('\0') >= 0) {
      throw new BadRequest(400, "Path contains a NUL character.\n");
    }
    if (!asked.startsWith("/") || asked.length() > MAX_PATH_LENGTH) {
      throw BadRequest.notServed();
    }
    Path real;
    try {
      real = Path.of(asked).toRealPath();
    } catch (IOException | InvalidPathException e) {
      throw BadRequest.notServed();
    }
    check(real);
    return real;
  }

  /**
   * 404 unless {@code real} is inside the workdir (its real path re-taken once when not); also run on the
   * path the kernel reports for an opened file, which closes the swap-a-symlink race.
   */
  void check(Path real) throws BadRequest {
    Path known = root;
    if (known != null && contains(known, real)) {
      return;
    }
    try {
      known = workdir.toRealPath();
    } catch (IOException e) {
      throw BadRequest.notServed();
    }
    root = known;
    if (!contains(known, real)) {
      throw BadRequest.notServed();
    }
  }

  /** Whether {@code real} is {@code root} or below it; component-wise, never a string prefix. */
  static boolean contains(Path root, Path real) {
    return real.startsWith(root);
  }
}
