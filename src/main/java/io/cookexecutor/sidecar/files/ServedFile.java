package io.cookexecutor.sidecar.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a served path is, and for a regular file an open channel. A FIFO is never opened blocking: the type is
 * checked first, and the file is then opened with {@code O_NONBLOCK|O_NOFOLLOW} ({@link NonBlockingOpen}),
 * its type and real path checked again on the opened descriptor, so a job that swaps the file for a FIFO or
 * a symlink between the check and the open gets a 400 or a 404, never a stuck worker.
 */
final class ServedFile implements AutoCloseable {
  /** The kinds of path the routes tell apart. */
  enum Kind { REGULAR, DIRECTORY, SPECIAL }

  private final Kind kind;
  private final FileChannel channel;
  private final long size;

  private ServedFile(Kind kind, FileChannel channel, long size) {
    this.kind = kind;
    this.channel = channel;
    this.size = size;
  }

  Kind kind() {
    return kind;
  }

  /** The open file (REGULAR only). */
  FileChannel channel() {
    return channel;
  }

  /** The size in bytes when opened (REGULAR only). */
  long size() {
    return size;
  }

  /** What {@code asked} is, opening it when it is a regular file; 404 when it is not served. */
  static ServedFile open(Sandbox sandbox, String asked) throws BadRequest {
    Path real = sandbox.resolve(asked);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(real, BasicFileAttributes.class);
    } catch (IOException e) {
      throw BadRequest.notServed();
    }
    Kind kind = kindOf(attributes);
    if (kind != Kind.REGULAR) {
      return new ServedFile(kind, null, 0);
    }
    try {
      return NonBlockingOpen.available() ? openChecked(sandbox, real) : openPlain(real);
    } catch (IOException e) {
      throw BadRequest.notServed();
    }
  }

  private static ServedFile openChecked(Sandbox sandbox, Path real) throws IOException, BadRequest {
    int fd = NonBlockingOpen.open(real);
    try {
      Path link = Path.of("/proc/self/fd/" + fd);
      BasicFileAttributes opened = Files.readAttributes(link, BasicFileAttributes.class);
      Kind kind = kindOf(opened);
      if (kind != Kind.REGULAR) {
        return new ServedFile(kind, null, 0);
      }
      sandbox.checkOpened(Files.readSymbolicLink(link));
      // Opening the descriptor's /proc link opens the very inode checked above.
      FileChannel channel = FileChannel.open(link, StandardOpenOption.READ);
      return new ServedFile(Kind.REGULAR, channel, channel.size());
    } finally {
      NonBlockingOpen.close(fd);
    }
  }

  private static ServedFile openPlain(Path real) throws IOException {
    FileChannel channel = FileChannel.open(real, StandardOpenOption.READ);
    return new ServedFile(Kind.REGULAR, channel, channel.size());
  }

  static Kind kindOf(BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return Kind.DIRECTORY;
    }
    return attributes.isRegularFile() ? Kind.REGULAR : Kind.SPECIAL;
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // read-only: nothing is lost
      }
    }
  }
}
