package io.cookexecutor.message;


/**
 * The JSON framework messages the Cook scheduler dispatches on. The keys are a wire contract: keep them
 * exactly as they are.
 */
public final class FrameworkMessages {
  private FrameworkMessages() {}

  /** {@code {"sandbox-directory": dir, "task-id": id, "type": "directory"}}. */
  public static byte[] sandboxDirectory(String taskId, String directory) {
    return write(g -> {
      g.writeStringField("sandbox-directory", directory);
      g.writeStringField("task-id", taskId);
      g.writeStringField("type", "directory");
    });
  }

  /** {@code {"exit-code": code, "task-id": id}}. */
  public static byte[] exitCode(String taskId, int code) {
    return write(g -> {
      g.writeNumberField("exit-code", code);
      g.writeStringField("task-id", taskId);
    });
  }

  /** {@code {"progress-message": m, "progress-percent": p, "progress-sequence": s, "task-id": id}}. */
  public static byte[] progress(String taskId, int sequence, int percent, String message) {
    return write(g -> {
      g.writeStringField("progress-message", message);
      g.writeNumberField("progress-percent", percent);
      g.writeNumberField("progress-sequence", sequence);
      g.writeStringField("task-id", taskId);
    });
  }

  /**
   * The body of a progress POST to the scheduler's REST API (Kubernetes mode):
   * {@code {"progress-message": m, "progress-percent": p, "progress-sequence": s}}.
   */
  public static byte[] progressUpdate(int sequence, int percent, String message) {
    return write(g -> {
      g.writeStringField("progress-message", message);
      g.writeNumberField("progress-percent", percent);
      g.writeNumberField("progress-sequence", sequence);
    });
  }

  private static byte[] write(JsonObject.Fields fields) {
    return JsonObject.bytes(fields);
  }
}
