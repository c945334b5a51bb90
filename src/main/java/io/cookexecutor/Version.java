package io.cookexecutor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, read from the resource Maven filters at build time. */
public final class Version {
  private Version() {}

  /** The version string, or {@code unknown} when run outside a build. */
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/cook-executor-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
