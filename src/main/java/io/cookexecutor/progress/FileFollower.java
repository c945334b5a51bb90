package io.cookexecutor.progress;

import io.cookexecutor.lifetime.Closing;
import io.cookexecutor.log.Log;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows one location by name, like {@code tail -F}: waits for it to appear, reads it as it grows, reads
 * a truncated file from its new start, and, when the name comes to point at a new file (log rotation:
 * rename away and create anew), first finishes the old file, then reads the new one from its start.
 *
 * <p>A location that exists but is not a regular file (a directory, a FIFO, a socket, a device) is skipped
 * for good, with one log line: opening a FIFO would block until a writer appears. Type, identity (the file
 * key: device and inode) and size are taken with {@code stat}, which never blocks; they are looked at only
 * when the open file is read to its end, so an actively written file costs no extra system calls.
 *
 * <p>Truncation is recognised by the size falling below what was read; a file truncated and refilled
 * beyond that point between two looks is not noticed (as with {@code tail -F}). Not thread-safe.
 */
final class FileFollower implements Closeable {
  private static final Log LOG = Log.of(FileFollower.class);

  /** Where the follower is. */
  enum State {
    /** The location does not exist (yet). */
    WAITING,
    /** A regular file is open and being read. */
    OPEN,
    /** Not a regular file, or reading failed: ignored from now on. */
    SKIPPED
  }

  private final Path path;
  private final FragmentScanner scanner;
  private State state = State.WAITING;
  /** The open file; a RandomAccessFile, not a FileChannel, whose classes the executor would load for this. */
  private RandomAccessFile channel;
  private Object fileKey;
  private long position;
  private boolean atEnd;
  private boolean loggedWaiting;
  private String lastOpenProblem;
  private long bytesRead;
  private int files;

  /**
   * A follower for each of {@code locations}, each path once (a duplicate is said in the log), scanning
   * lines of at most {@code maxBytesReadPerLine} for {@code literal} (null: every line).
   */
  static List<FileFollower> forEach(List<Path> locations, int maxBytesReadPerLine, byte[] literal) {
    List<FileFollower> followers = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path p : locations) {
      if (seen.add(p.toAbsolutePath().normalize())) {
        followers.add(new FileFollower(p,
            new FragmentScanner(maxBytesReadPerLine, literal, false, FragmentScanner.DEFAULT_CHUNK)));
      } else {
        LOG.info("{} is listed twice as a progress location; following it once", p);
      }
    }
    return followers;
  }

  FileFollower(Path path, FragmentScanner scanner) {
    this.path = Objects.requireNonNull(path, "path");
    this.scanner = Objects.requireNonNull(scanner, "scanner");
  }

  Path path() {
    return path;
  }

  State state() {
    return state;
  }

  /** True when the last {@link #poll} stopped because there was nothing more to read for now. */
  boolean atEnd() {
    return atEnd;
  }

  /** Bytes read from all files that were at this location. */
  long bytesRead() {
    return bytesRead;
  }

  /** How many different files were opened at this location (1 + rotations). */
  int filesOpened() {
    return files;
  }

  /** The scanner's buffer size (constant; exposed to check that memory stays bounded). */
  int bufferCapacity() {
    return scanner.bufferCapacity();
  }

  /** As {@link #poll(long, FragmentScanner.FragmentSink, boolean)}, looking at the name. */
  long poll(long maxBytes, FragmentScanner.FragmentSink sink) {
    return poll(maxBytes, sink, true);
  }

  /**
   * Reads what is there, up to about {@code maxBytes}, handing fragments to {@code sink}. Only when
   * {@code lookAtName} does it look at the path itself: whether a file waited for has appeared, or the one
   * read was truncated or replaced. That costs a stat (an exception, when the file is not there), so a
   * quiet task's tracker does it about once a second, and reads of the open file in between. Afterwards
   * {@link #atEnd()} tells whether everything available was read.
   *
   * @return bytes read
   */
  long poll(long maxBytes, FragmentScanner.FragmentSink sink, boolean lookAtName) {
    atEnd = false;
    if (state == State.WAITING && (!lookAtName || !tryOpen())) {
      atEnd = true;
      return 0;
    }
    if (state == State.SKIPPED) {
      atEnd = true;
      return 0;
    }
    long total = 0;
    try {
      while (total < maxBytes) {
        int n = scanner.readFrom(channel, sink);
        if (n > 0) {
          position += n;
          total += n;
          continue;
        }
        if (!lookAtName || !followName(sink)) {
          atEnd = true;
          break;
        }
      }
    } catch (IOException e) {
      LOG.warn("Stopped following {} after {} bytes: {}", path, bytesRead + total, e.toString());
      closeChannel();
      state = State.SKIPPED;
      atEnd = true;
    }
    bytesRead += total;
    return total;
  }

  /**
   * Ends the fragment in progress at the end of the data read so far (the task has ended): hands it to
   * {@code sink} if it may match.
   */
  void endOfData(FragmentScanner.FragmentSink sink) {
    scanner.endOfData(sink);
  }

  /**
   * At the end of the open file: looks at what the name points to now.
   *
   * @return true when there is something new to read (truncated, or a new file was opened)
   */
  private boolean followName(FragmentScanner.FragmentSink sink) throws IOException {
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return false; // renamed away or deleted, not yet recreated: the open file may still grow
    }
    if (!now.isRegularFile()) {
      scanner.endOfData(sink);
      closeChannel();
      skip(now);
      return false;
    }
    if (!Objects.equals(now.fileKey(), fileKey)) {
      LOG.info("{} is a new file (rotated) after {} bytes of the old one; reading it from its start",
          path, position);
      scanner.endOfData(sink);
      closeChannel();
      state = State.WAITING;
      return tryOpen();
    }
    if (now.size() < position) {
      LOG.info("{} was truncated from {} to {} bytes; reading it from its start", path, position, now.size());
      scanner.endOfData(sink);
      channel.seek(0);
      position = 0;
      return true;
    }
    return false;
  }

  /** Opens the location if it is a regular file; false when it is not there (yet) or was skipped. */
  private boolean tryOpen() {
    if (!path.toFile().exists()) { // a stat without the exception of Files.readAttributes
      logWaiting();
      return false;
    }
    BasicFileAttributes before;
    try {
      before = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      logWaiting();
      return false;
    } catch (IOException e) {
      openProblem(e);
      return false;
    }
    if (!before.isRegularFile()) {
      skip(before);
      return false;
    }
    RandomAccessFile ch;
    BasicFileAttributes after;
    try {
      ch = new RandomAccessFile(path.toFile(), "r");
    } catch (java.io.FileNotFoundException e) {
      if (!path.toFile().exists()) {
        return false; // gone again
      }
      openProblem(e);
      return false;
    } catch (IOException e) {
      openProblem(e);
      return false;
    }
    try {
      after = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      after = null;
    }
    if (after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
      Closing.quietly(ch); // replaced while we opened it: unsure which file we hold, try again next time
      return false;
    }
    channel = ch;
    fileKey = before.fileKey();
    position = 0;
    state = State.OPEN;
    files++;
    lastOpenProblem = null;
    LOG.info("Following {}", path);
    return true;
  }

  private void logWaiting() {
    if (!loggedWaiting) {
      loggedWaiting = true;
      LOG.info("Waiting for {} to appear", path);
    }
  }

  private void skip(BasicFileAttributes a) {
    state = State.SKIPPED;
    String kind = a.isDirectory() ? "a directory" : "not a regular file (a FIFO, socket or device)";
    LOG.warn("Not following {}: it is {}", path, kind);
  }

  private void openProblem(IOException e) {
    String problem = e.toString();
    if (!problem.equals(lastOpenProblem)) {
      lastOpenProblem = problem;
      LOG.warn("Cannot open {} yet (will retry): {}", path, problem);
    }
  }

  private void closeChannel() {
    if (channel != null) {
      Closing.quietly(channel);
      channel = null;
    }
  }

  @Override
  public void close() {
    closeChannel();
  }
}
