package io.cookexecutor.sidecar.files;

import io.cookexecutor.posix.Posix;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A served regular file, open. A FIFO is never opened blocking: the type is checked first, and the file is
 * then opened with {@code O_NONBLOCK|O_NOFOLLOW} ({@link NonBlockingOpen}), its type and real path checked
 * again on the opened descriptor, so a job that swaps the file for a FIFO or a symlink between the check and
 * the open gets a 400 or a 404, never a stuck worker.
 *
 * @param channel the open file
 * @param size its size in bytes when opened
 */
record ServedFile(FileChannel channel, long size) implements AutoCloseable {
  /**
   * Opens {@code asked} to {@code verb} it ("read", "download"): 404 when it is not served, 400 with the
   * texts of section 3 when it is a directory or a special file.
   */
  static ServedFile open(Sandbox sandbox, String asked, String verb) throws BadRequest {
    Path real = sandbox.resolve(asked);
    try {
      requireRegular(Files.readAttributes(real, BasicFileAttributes.class), verb);
      return NonBlockingOpen.available() ? openChecked(sandbox, real, verb)
          : of(FileChannel.open(real, StandardOpenOption.READ));
    } catch (IOException e) {
      throw BadRequest.notServed();
    }
  }

  private static ServedFile openChecked(Sandbox sandbox, Path real, String verb) throws IOException, BadRequest {
    int fd = NonBlockingOpen.open(real);
    try {
      Path link = Path.of("/proc/self/fd/" + fd);
      requireRegular(Files.readAttributes(link, BasicFileAttributes.class), verb);
      sandbox.check(Files.readSymbolicLink(link));
      // Opening the descriptor's /proc link opens the very inode checked above.
      return of(FileChannel.open(link, StandardOpenOption.READ));
    } finally {
      Posix.close(fd);
    }
  }

  private static ServedFile of(FileChannel channel) throws IOException {
    return new ServedFile(channel, channel.size());
  }

  private static void requireRegular(BasicFileAttributes attributes, String verb) throws BadRequest {
    if (attributes.isDirectory()) {
      throw new BadRequest(400, "Cannot " + verb + " a directory.\n");
    }
    if (!attributes.isRegularFile()) {
      throw new BadRequest(400, "Cannot " + verb + " a special file (FIFO, socket or device).\n");
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // read-only: nothing is lost
    }
  }
}
