package io.cookexecutor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A temporary directory deleted with all it holds when closed: a bench's sandboxes hold what its tasks wrote
 * (200 MB of stdout per scan run), and a machine that runs the bench all day must not fill its disk.
 */
public final class TempTree implements AutoCloseable {
  private final Path path;

  private TempTree(Path path) {
    this.path = path;
  }

  /** A new directory under {@code java.io.tmpdir}. */
  public static TempTree create(String prefix) throws IOException {
    return new TempTree(Files.createTempDirectory(prefix));
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    delete(path);
  }

  /** Deletes {@code dir} and everything under it, without following links; absent is fine. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> walk = Files.walk(dir)) {
      deepestFirst = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
    for (Path p : deepestFirst) {
      p.toFile().setWritable(true); // a task may leave read-only directories
      Files.deleteIfExists(p);
    }
  }
}
