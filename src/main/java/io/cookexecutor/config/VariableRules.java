package io.cookexecutor.config;

import io.cookexecutor.progress.ProgressSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** How each variable with its own rules is read; the plain numbers and durations are in EnvReader. */
final class VariableRules {
  private VariableRules() {}

  /** MESOS_SANDBOX under the working directory, or the working directory itself. */
  static Path sandbox(EnvReader env, Path workingDirectory) {
    return optionalPath(env, EnvVar.SANDBOX, workingDirectory, "the working directory").orElse(workingDirectory);
  }

  /** MESOS_CHECKPOINT is 1; anything but 1 or 0 is also reported. */
  static boolean checkpoint(EnvReader env) {
    String value = env.raw(EnvVar.CHECKPOINT);
    if (value == null || value.strip().equals("0")) {
      return false;
    }
    if (value.strip().equals("1")) {
      return true;
    }
    env.warn(EnvVar.CHECKPOINT + " is " + EnvReader.quote(value)
        + ", which is neither 1 nor 0; treating checkpointing as off.");
    return false;
  }

  /** Whether EXECUTOR_ENCODING is json (any case); protobuf, the default, otherwise. */
  static boolean jsonEncoding(EnvReader env) {
    String value = env.raw(EnvVar.ENCODING);
    String name = value == null ? "protobuf" : value.trim().toLowerCase(Locale.ROOT);
    if (!name.equals("json") && !name.equals("protobuf")) {
      env.warn(EnvVar.ENCODING + " is " + EnvReader.quote(value)
          + ", which is neither protobuf nor json; using the default protobuf.");
    }
    return name.equals("json");
  }

  /** EXECUTOR_LOG_LEVEL in any case as one of the five SLF4J levels (Python's names included), or INFO. */
  static String logLevel(EnvReader env) {
    String value = env.raw(EnvVar.LOG_LEVEL);
    String level = value == null ? ExecutorConfig.DEFAULT_LOG_LEVEL : value.strip().toUpperCase(Locale.ROOT);
    switch (level) {
      case "TRACE", "DEBUG", "INFO", "WARN", "ERROR":
        return level;
      case "WARNING":
        return "WARN";
      case "CRITICAL", "FATAL":
        return "ERROR";
      default:
        env.warn(EnvVar.LOG_LEVEL + " is " + EnvReader.quote(value)
            + ", which is not one of TRACE, DEBUG, INFO, WARN (WARNING), ERROR (CRITICAL, FATAL);"
            + " using the default " + ExecutorConfig.DEFAULT_LOG_LEVEL + ".");
        return ExecutorConfig.DEFAULT_LOG_LEVEL;
    }
  }

  /** PROGRESS_REGEX_STRING when it compiles and has a group, else the default. */
  static String progressRegex(EnvReader env) {
    String value = env.raw(EnvVar.PROGRESS_REGEX_STRING);
    if (value == null) {
      return ProgressSettings.DEFAULT_REGEX;
    }
    String problem = ProgressSettings.regexProblem(value);
    if (problem == null) {
      return value;
    }
    env.warn(EnvVar.PROGRESS_REGEX_STRING + " is " + EnvReader.quote(value) + ", which " + problem
        + "; using the default " + EnvReader.quote(ProgressSettings.DEFAULT_REGEX) + ".");
    return ProgressSettings.DEFAULT_REGEX;
  }

  /** EXECUTOR_PROGRESS_OUTPUT_FILE_ENV when it can name a variable, else the default. */
  static String progressOutputFileEnvName(EnvReader env) {
    Optional<String> value = env.nonEmpty(EnvVar.PROGRESS_OUTPUT_FILE_ENV);
    if (value.isEmpty()) {
      return ExecutorConfig.DEFAULT_PROGRESS_OUTPUT_FILE_ENV_NAME;
    }
    // The task's environment gets this variable, and no environment can hold such a name.
    if (value.get().indexOf('=') >= 0 || value.get().indexOf('\0') >= 0) {
      env.warn(EnvVar.PROGRESS_OUTPUT_FILE_ENV + " is " + EnvReader.quote(value.get())
          + ", which cannot be a variable name; using the default "
          + ExecutorConfig.DEFAULT_PROGRESS_OUTPUT_FILE_ENV_NAME + ".");
      return ExecutorConfig.DEFAULT_PROGRESS_OUTPUT_FILE_ENV_NAME;
    }
    return value.get();
  }

  /**
   * The first non-empty, usable path of: the variable named {@code jobVariable}, PROGRESS_OUTPUT_FILE,
   * EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME, {@code <stem>.progress} ({@code stem} is the value of {@code stemVariable}:
   * the executor id, or the job's uuid in sidecar mode); relative ones under the sandbox.
   */
  static Path progressOutputFile(
      EnvReader env, String jobVariable, Path sandbox, String stemVariable, String stem) {
    for (String name :
        List.of(jobVariable, EnvVar.PROGRESS_OUTPUT_FILE, EnvVar.DEFAULT_PROGRESS_OUTPUT_NAME)) {
      Optional<Path> path = optionalPath(env, name, sandbox, "the next choice");
      if (path.isPresent()) {
        return path.get();
      }
    }
    String fallback = ExecutorConfig.FALLBACK_EXECUTOR_ID + ".progress";
    return resolve(env, stemVariable, stem + ".progress", sandbox, fallback)
        .orElse(sandbox.resolve(fallback));
  }

  /**
   * What the task finds in {@code jobVariable}, as the Python executor gives it: the job's own value exactly
   * as set (relative, unnormalised, even empty); when the job set none, the first non-empty of
   * PROGRESS_OUTPUT_FILE (which the original never reads: this project keeps it as the operator's default,
   * README "Progress"), EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME and {@code <stem>.progress}, joined to
   * MESOS_SANDBOX as Python's {@code os.path.join} joins (an absolute name stands alone) when that is set.
   * The executor watches its own resolved copy ({@link #progressOutputFile}); the task never sees that one.
   */
  static String progressOutputFileForTask(EnvReader env, String jobVariable, String stem) {
    String job = env.raw(jobVariable);
    if (job != null) {
      return job;
    }
    Optional<String> operators = env.nonEmpty(EnvVar.PROGRESS_OUTPUT_FILE);
    String name = operators.isPresent() ? operators.get()
        : env.nonEmpty(EnvVar.DEFAULT_PROGRESS_OUTPUT_NAME).orElse(stem + ".progress");
    String sandbox = env.nonEmpty(EnvVar.SANDBOX).orElse("");
    if (sandbox.isEmpty() || name.startsWith("/")) {
      return name;
    }
    return sandbox.endsWith("/") ? sandbox + name : sandbox + "/" + name;
  }

  /** EXECUTOR_RESET_VARS as distinct trimmed names in their order. */
  static List<String> resetVars(EnvReader env) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : env.nonEmpty(EnvVar.RESET_VARS).orElse("").split(",")) {
      if (!part.isBlank()) {
        names.add(part.strip());
      }
    }
    return List.copyOf(names);
  }

  /** LIBPROCESS_SSL_ENABLED is 1 or true in any case. */
  static boolean sslEnabled(EnvReader env) {
    String value = env.nonEmpty(EnvVar.SSL_ENABLED).orElse("").strip();
    return value.equals("1") || value.equalsIgnoreCase("true");
  }

  /** LIBPROCESS_SSL_VERIFY_CERT: 1/true or 0/false in any case; unset means verify (docs/decisions.md). */
  private static boolean sslVerifyCert(EnvReader env) {
    String value = env.raw(EnvVar.SSL_VERIFY_CERT);
    if (value == null) {
      return ExecutorConfig.DEFAULT_SSL_VERIFY_CERT;
    }
    String v = value.strip();
    if (v.equals("1") || v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equals("0") || v.equalsIgnoreCase("false")) {
      return false;
    }
    // An unreadable answer to "may anyone pose as the agent?" must not turn verification off.
    env.warn(EnvVar.SSL_VERIFY_CERT + " is " + EnvReader.quote(value)
        + ", which is none of 1, true, 0, false; using the default "
        + ExecutorConfig.DEFAULT_SSL_VERIFY_CERT + " (the agent's certificate is verified).");
    return ExecutorConfig.DEFAULT_SSL_VERIFY_CERT;
  }

  /** An optional path variable: empty or unusable (with a warning) is unset, relative ones under {@code base}. */
  static Optional<Path> optionalPath(EnvReader env, String name, Path base, String whatInstead) {
    Optional<String> value = env.nonEmpty(name);
    return value.isEmpty() ? Optional.empty() : resolve(env, name, value.get(), base, whatInstead);
  }

  /**
   * The other LIBPROCESS_SSL_ variables, relative paths under {@code base}. LIBPROCESS_SSL_CERT_FILE and
   * LIBPROCESS_SSL_KEY_FILE only make sense together: when one is missing, neither is used.
   */
  static TlsOptions tlsOptions(EnvReader env, Path base) {
    Optional<Path> caFile = optionalPath(env, EnvVar.SSL_CA_FILE, base, "no CA file");
    Optional<Path> caDir = optionalPath(env, EnvVar.SSL_CA_DIR, base, "no CA directory");
    boolean verify = sslVerifyCert(env);
    String noCertificate = "no client certificate";
    Optional<Path> cert = optionalPath(env, EnvVar.SSL_CERT_FILE, base, noCertificate);
    Optional<Path> key = optionalPath(env, EnvVar.SSL_KEY_FILE, base, noCertificate);
    if (cert.isPresent() != key.isPresent()) {
      String set = cert.isPresent() ? EnvVar.SSL_CERT_FILE : EnvVar.SSL_KEY_FILE;
      String unset = cert.isPresent() ? EnvVar.SSL_KEY_FILE : EnvVar.SSL_CERT_FILE;
      env.warn(set + " is set but " + unset + " is not (or is unusable); a client certificate needs both, "
          + "so none is sent.");
      return new TlsOptions(caFile, caDir, verify, Optional.empty(), Optional.empty());
    }
    return new TlsOptions(caFile, caDir, verify, cert, key);
  }

  /** {@code value} as an absolute normalised path, relative ones taken from {@code base}. */
  private static Optional<Path> resolve(
      EnvReader env, String name, String value, Path base, String whatInstead) {
    try {
      return Optional.of(base.resolve(value).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      env.warn(name + " is " + EnvReader.quote(value) + ", which is not a valid path ("
          + e.getReason() + "); using " + whatInstead + ".");
      return Optional.empty();
    }
  }
}
