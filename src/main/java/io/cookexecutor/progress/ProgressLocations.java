package io.cookexecutor.progress;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where progress is looked for, in both modes (contract section 5): the sandbox's {@code stdout} and
 * {@code stderr}, then the progress file; each place once, however the progress file is named. The order
 * is the order of reading in each round, so when one round finds progress in the output and in the
 * progress file, the progress file's, the job's own statement, is the latest (README, Progress).
 */
public final class ProgressLocations {
  private ProgressLocations() {}

  public static List<Path> of(Path progressFile, Path sandbox) {
    Set<Path> locations = new LinkedHashSet<>();
    locations.add(sandbox.resolve("stdout").toAbsolutePath().normalize());
    locations.add(sandbox.resolve("stderr").toAbsolutePath().normalize());
    locations.add(progressFile.toAbsolutePath().normalize());
    return List.copyOf(locations);
  }
}
