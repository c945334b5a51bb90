package io.cookexecutor.progress;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import io.cookexecutor.log.Log;

/**
 * The last read after the task exited: every location to its end, round by round so that one large file
 * does not starve the others, until all are read or the deadline passes; an unfinished last line of a
 * location read to its end is complete (the task is over).
 */
final class FinalRead {
  private static final Log LOG = Log.of(FinalRead.class);

  private FinalRead() {}

  /**
   * Reads {@code followers} with {@code round} (one bounded read of one location) until each is at its end
   * ({@code endOfData} is then told), or until {@code deadline} on {@code nanoTime}.
   *
   * @return false when {@code stopped} became true meanwhile
   */
  static boolean readToEnd(List<FileFollower> followers, Consumer<FileFollower> round,
      Consumer<FileFollower> endOfData, long deadline, LongSupplier nanoTime, BooleanSupplier stopped) {
    boolean[] done = new boolean[followers.size()];
    int remaining = followers.size();
    while (remaining > 0) {
      for (int k = 0; k < done.length; k++) {
        if (done[k]) {
          continue;
        }
        FileFollower f = followers.get(k);
        round.accept(f);
        if (f.atEnd()) {
          endOfData.accept(f);
          done[k] = true;
          remaining--;
        }
        if (stopped.getAsBoolean()) {
          return false;
        }
      }
      if (remaining > 0 && nanoTime.getAsLong() - deadline >= 0) {
        LOG.warn("Final progress read ran out of its time budget; {} location(s) not read to the end", remaining);
        break;
      }
    }
    return true;
  }
}
