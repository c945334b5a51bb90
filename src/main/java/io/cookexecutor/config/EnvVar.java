package io.cookexecutor.config;

/** Names of the environment variables the executor and the sidecar read. */
public final class EnvVar {
  public static final String FRAMEWORK_ID = "MESOS_FRAMEWORK_ID";
  public static final String EXECUTOR_ID = "MESOS_EXECUTOR_ID";
  public static final String AGENT_ENDPOINT = "MESOS_AGENT_ENDPOINT";
  public static final String SANDBOX = "MESOS_SANDBOX";
  public static final String HOST_SANDBOX_DIRECTORY = "MESOS_DIRECTORY";
  public static final String CHECKPOINT = "MESOS_CHECKPOINT";
  public static final String RECOVERY_TIMEOUT = "MESOS_RECOVERY_TIMEOUT";
  public static final String SUBSCRIPTION_BACKOFF_MAX = "MESOS_SUBSCRIPTION_BACKOFF_MAX";
  public static final String SHUTDOWN_GRACE_PERIOD = "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD";
  public static final String AUTHENTICATION_TOKEN = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";
  public static final String ENCODING = "EXECUTOR_ENCODING";
  public static final String LOG_LEVEL = "EXECUTOR_LOG_LEVEL";
  public static final String MAX_MESSAGE_LENGTH = "EXECUTOR_MAX_MESSAGE_LENGTH";
  public static final String MAX_BYTES_READ_PER_LINE = "EXECUTOR_MAX_BYTES_READ_PER_LINE";
  public static final String MEMORY_USAGE_INTERVAL_SECS = "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS";
  public static final String PROGRESS_REGEX_STRING = "PROGRESS_REGEX_STRING";
  public static final String PROGRESS_SAMPLE_INTERVAL_MS = "PROGRESS_SAMPLE_INTERVAL_MS";
  public static final String PROGRESS_OUTPUT_FILE = "PROGRESS_OUTPUT_FILE";
  public static final String DEFAULT_PROGRESS_OUTPUT_NAME = "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME";
  public static final String PROGRESS_OUTPUT_FILE_ENV = "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV";
  public static final String RESET_VARS = "EXECUTOR_RESET_VARS";
  public static final String TEST_EXIT = "EXECUTOR_TEST_EXIT";
  public static final String SSL_ENABLED = "LIBPROCESS_SSL_ENABLED";
  public static final String SSL_CA_FILE = "LIBPROCESS_SSL_CA_FILE";
  public static final String SSL_CA_DIR = "LIBPROCESS_SSL_CA_DIR";
  public static final String SSL_VERIFY_CERT = "LIBPROCESS_SSL_VERIFY_CERT";
  public static final String SSL_CERT_FILE = "LIBPROCESS_SSL_CERT_FILE";
  public static final String SSL_KEY_FILE = "LIBPROCESS_SSL_KEY_FILE";

  // Kubernetes sidecar mode (kubernetes-sidecar.md, sections 1 and 2).
  public static final String COOK_WORKDIR = "COOK_WORKDIR";
  public static final String COOK_SANDBOX = "COOK_SANDBOX";
  public static final String SCHEDULER_REST_URL = "COOK_SCHEDULER_REST_URL";
  public static final String INSTANCE_UUID = "COOK_INSTANCE_UUID";
  public static final String JOB_UUID = "COOK_JOB_UUID";
  /** The job's name, when Cook sets it; shown on the sandbox page only. */
  public static final String JOB_NAME = "COOK_JOB_NAME";
  public static final String FILE_SERVER_MAX_READ_LENGTH = "COOK_FILE_SERVER_MAX_READ_LENGTH";
  public static final String PROGRESS_MAX_POST_ATTEMPTS = "PROGRESS_MAX_POST_ATTEMPTS";
  public static final String PROGRESS_MAX_POST_TIME_SECS = "PROGRESS_MAX_POST_TIME_SECS";
  public static final String SIDECAR_BIND = "COOK_SIDECAR_BIND";

  private EnvVar() {}
}
