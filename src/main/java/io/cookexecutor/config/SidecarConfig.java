package io.cookexecutor.config;

import io.cookexecutor.progress.ProgressLocations;
import io.cookexecutor.text.Charsets;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes sidecar's configuration (kubernetes-sidecar.md, section 2), read once from the pod's
 * environment. Bad values become warnings and defaults, never failures; the progress variables are read by
 * the same rules as in executor mode ({@link ProgressVariables}), with the workdir as the base of relative
 * paths and {@code <COOK_JOB_UUID>.progress} as the default file name.
 *
 * @param workdir the sandbox served and watched (COOK_WORKDIR, else COOK_SANDBOX), absolute; empty when
 *     neither is set
 * @param schedulerRestUrl COOK_SCHEDULER_REST_URL without a trailing slash; empty (the reporter is
 *     disabled) when unset or bad
 * @param instanceUuid COOK_INSTANCE_UUID, which progress is reported for
 * @param jobUuid COOK_JOB_UUID
 * @param jobName COOK_JOB_NAME, as Cook sets it (the job's own text: shown, never interpreted)
 * @param maxReadLength the largest {@code length} of one {@code /files/read}
 * @param maxPostAttempts attempts per progress POST, at least 1
 * @param postTimeout the deadline of one progress POST: connecting and receiving the answer
 * @param progressVariables what the progress variables said
 * @param logLevel one of TRACE, DEBUG, INFO, WARN, ERROR
 * @param bindHost the host or address the file server binds (--bind, else COOK_SIDECAR_BIND, else all
 *     interfaces)
 * @param warnings one sentence per bad value: the variable, what was wrong and what is used instead
 */
public record SidecarConfig(Optional<Path> workdir, Optional<URI> schedulerRestUrl, Optional<String> instanceUuid,
    Optional<String> jobUuid, Optional<String> jobName, long maxReadLength, int maxPostAttempts,
    Duration postTimeout, ProgressVariables progressVariables, String logLevel, String bindHost,
    List<String> warnings) implements ProgressConfig {
  /** Default of COOK_FILE_SERVER_MAX_READ_LENGTH, as Cook's sidecar. */
  public static final int DEFAULT_MAX_READ_LENGTH = 25_000_000;
  /** Default of PROGRESS_MAX_POST_ATTEMPTS, as Cook's sidecar. */
  public static final int DEFAULT_MAX_POST_ATTEMPTS = 5;
  /** Floor of PROGRESS_MAX_POST_ATTEMPTS. */
  public static final int MIN_MAX_POST_ATTEMPTS = 1;
  /** Default of PROGRESS_MAX_POST_TIME_SECS, the deadline of one POST (connect and answer), as Cook's. */
  public static final Duration DEFAULT_POST_TIMEOUT = Duration.ofSeconds(10);
  /** Floor of PROGRESS_MAX_POST_TIME_SECS: shorter deadlines fail on any busy scheduler. */
  public static final Duration MIN_POST_TIMEOUT = Duration.ofMillis(100);
  /** All interfaces: the scheduler and Cook's clients reach the sidecar on the pod's IP. */
  public static final String DEFAULT_BIND = "0.0.0.0";
  /** Names the default progress file when COOK_JOB_UUID is unset. */
  public static final String FALLBACK_JOB_UUID = "job";

  /**
   * The configuration in {@code env}; relative paths are taken from {@code workingDirectory}, and the
   * {@code --bind} option, when not null, wins over COOK_SIDECAR_BIND.
   */
  public static SidecarConfig from(Map<String, String> variables, Path workingDirectory, String bindOption) {
    EnvReader env = new EnvReader(variables);
    Path cwd = workingDirectory.toAbsolutePath().normalize();
    Optional<Path> workdir = workdir(env, cwd);
    Optional<String> jobUuid = env.nonEmpty(EnvVar.JOB_UUID).map(String::strip);
    // Arguments are evaluated in order: the warnings, last, hold what every read before them found.
    return new SidecarConfig(workdir, restUrl(env), env.nonEmpty(EnvVar.INSTANCE_UUID).map(String::strip),
        jobUuid, env.nonEmpty(EnvVar.JOB_NAME),
        env.integer(EnvVar.FILE_SERVER_MAX_READ_LENGTH, DEFAULT_MAX_READ_LENGTH, 1),
        env.integer(EnvVar.PROGRESS_MAX_POST_ATTEMPTS, DEFAULT_MAX_POST_ATTEMPTS, MIN_MAX_POST_ATTEMPTS),
        postTimeout(env),
        ProgressVariables.read(env, workdir.orElse(cwd), EnvVar.JOB_UUID, jobUuid.orElse(FALLBACK_JOB_UUID)),
        VariableRules.logLevel(env), bindOption != null ? bindOption.strip()
            : env.nonEmpty(EnvVar.SIDECAR_BIND).map(String::strip).orElse(DEFAULT_BIND),
        env.warnings());
  }

  /** The configuration in effect, as logged: a record's own would show the URL's user information. */
  @Override
  public String toString() {
    return "SidecarConfig" + describe();
  }

  /** EXECUTOR_LOG_LEVEL by the rule of {@link #logLevel()}, read alone to set up logging first. */
  public static String logLevelOf(Map<String, String> env) {
    return VariableRules.logLevel(new EnvReader(env));
  }

  /** {@code NAME=value} lines of the configuration in effect; a URL's user information is never shown. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(EnvVar.COOK_WORKDIR + "=" + workdir.map(Path::toString).orElse("<unset>"));
    lines.add(EnvVar.SCHEDULER_REST_URL + "=" + schedulerRestUrlShown());
    lines.add(EnvVar.INSTANCE_UUID + "=" + instanceUuid.orElse("<unset>"));
    lines.add(EnvVar.JOB_UUID + "=" + jobUuid.orElse("<unset>"));
    lines.add(EnvVar.FILE_SERVER_MAX_READ_LENGTH + "=" + maxReadLength);
    lines.add(EnvVar.PROGRESS_MAX_POST_ATTEMPTS + "=" + maxPostAttempts);
    lines.add(EnvVar.PROGRESS_MAX_POST_TIME_SECS + "=" + postTimeout.toMillis() / 1000.0);
    describeProgress(lines);
    lines.add(EnvVar.LOG_LEVEL + "=" + logLevel);
    lines.add(EnvVar.SIDECAR_BIND + "=" + bindHost);
    return List.copyOf(lines);
  }

  /**
   * {@code <COOK_SCHEDULER_REST_URL>/progress/<COOK_INSTANCE_UUID>}, where progress is POSTed; empty when
   * either is missing.
   */
  public Optional<URI> progressUrl() {
    if (schedulerRestUrl.isEmpty() || instanceUuid.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI base = schedulerRestUrl.get();
      String path = (base.getRawPath() == null ? "" : base.getRawPath()) + "/progress/"
          + pathSegment(instanceUuid.get());
      return Optional.of(new URI(base.getScheme() + "://" + base.getRawAuthority() + path));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** COOK_SCHEDULER_REST_URL as it may be logged (without user information), or {@code <unset>}. */
  public String schedulerRestUrlShown() {
    return schedulerRestUrl.map(SidecarConfig::shown).orElse("<unset>");
  }

  /** Where progress is looked for: {@code stdout} and {@code stderr} of the workdir, then the progress file. */
  public List<Path> progressLocations() {
    return ProgressLocations.of(progressOutputFile(), workdir.orElse(progressOutputFile().getParent()));
  }

  /** {@link #bindHost()} with {@code port}; unresolved when the host is not a known address or name. */
  public InetSocketAddress bindAddress(int port) {
    return new InetSocketAddress(bindHost, port);
  }

  private static Optional<Path> workdir(EnvReader env, Path cwd) {
    Optional<Path> workdir =
        VariableRules.optionalPath(env, EnvVar.COOK_WORKDIR, cwd, EnvVar.COOK_SANDBOX + ", if set");
    return workdir.isPresent() ? workdir : VariableRules.optionalPath(env, EnvVar.COOK_SANDBOX, cwd, "no workdir");
  }

  private static Optional<URI> restUrl(EnvReader env) {
    Optional<String> value = env.nonEmpty(EnvVar.SCHEDULER_REST_URL);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().strip();
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    // The value may carry credentials: only its length is shown.
    env.warn(EnvVar.SCHEDULER_REST_URL + " (" + v.length() + " characters) is not an http or https URL with"
        + " a host; progress is not reported.");
    return Optional.empty();
  }

  private static Duration postTimeout(EnvReader env) {
    String value = env.raw(EnvVar.PROGRESS_MAX_POST_TIME_SECS);
    if (value == null) {
      return DEFAULT_POST_TIMEOUT;
    }
    try {
      BigDecimal secs = new BigDecimal(value.strip());
      if (secs.compareTo(BigDecimal.valueOf(86_400)) > 0) {
        secs = BigDecimal.valueOf(86_400);
      }
      Duration d = Duration.ofMillis(secs.movePointRight(3).longValue());
      if (d.compareTo(MIN_POST_TIMEOUT) < 0) {
        env.warn(EnvVar.PROGRESS_MAX_POST_TIME_SECS + " is " + EnvReader.quote(value) + ", below the minimum"
            + " of 0.1 s; raised to 0.1 s.");
        return MIN_POST_TIMEOUT;
      }
      return d;
    } catch (NumberFormatException e) {
      env.warn(EnvVar.PROGRESS_MAX_POST_TIME_SECS + " is " + EnvReader.quote(value) + ", which is not a"
          + " number of seconds; using the default " + DEFAULT_POST_TIMEOUT.toSeconds() + ".");
      return DEFAULT_POST_TIMEOUT;
    }
  }

  /** The URL as logged: without user information, which may be a credential. */
  private static String shown(URI uri) {
    return uri.getRawUserInfo() == null ? uri.toString()
        : uri.getScheme() + "://<user>@" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /** Percent-encoding of one path segment (the instance uuid is plain, but nothing else may break the URL). */
  private static String pathSegment(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(Charsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }
}
