package io.cookexecutor.progress;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where progress is looked for, in both modes (contract section 5): the progress file, then the sandbox's
 * {@code stdout} and {@code stderr}; each place once, however the progress file is named.
 */
public final class ProgressLocations {
  private ProgressLocations() {}

  public static List<Path> of(Path progressFile, Path sandbox) {
    Set<Path> locations = new LinkedHashSet<>();
    locations.add(progressFile.toAbsolutePath().normalize());
    locations.add(sandbox.resolve("stdout").toAbsolutePath().normalize());
    locations.add(sandbox.resolve("stderr").toAbsolutePath().normalize());
    return List.copyOf(locations);
  }
}
