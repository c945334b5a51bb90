package io.cookexecutor.progress;

import java.util.Objects;

/**
 * One progress state to send to the scheduler.
 *
 * @param sequence position in the one sequence shared by all watched locations, starting at 1
 * @param percent 0 to 100
 * @param message ASCII, trimmed, never null (empty when the job gave none)
 */
public record ProgressUpdate(int sequence, int percent, String message) {
  /** Checks that the message is present. */
  public ProgressUpdate {
    Objects.requireNonNull(message, "message");
  }
}
