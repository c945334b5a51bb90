package io.cookexecutor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build's version: the jar manifest's Implementation-Version, which the class loader has read anyway;
 * else (classes run from a build directory) the resource Maven filters at build time. Opening a resource
 * of the jar by URL costs start-up the jar URL handler's classes.
 */
public final class Version {
  private Version() {}

  /** The version string, or {@code unknown} when run outside a build. */
  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : fromResource();
  }

  private static String fromResource() {
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
