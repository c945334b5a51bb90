package io.cookexecutor.message;

import io.cookexecutor.json.JsonWriter;

/**
 * The JSON framework messages the Cook scheduler dispatches on. The keys are a wire contract: keep them
 * exactly as they are.
 */
public final class FrameworkMessages {
  private FrameworkMessages() {}

  /** {@code {"sandbox-directory": dir, "task-id": id, "type": "directory"}}. */
  public static byte[] sandboxDirectory(String taskId, String directory) {
    return JsonWriter.utf8().beginObject()
        .field("sandbox-directory", directory)
        .field("task-id", taskId)
        .field("type", "directory")
        .endObject().bytes();
  }

  /** {@code {"exit-code": code, "task-id": id}}. */
  public static byte[] exitCode(String taskId, int code) {
    return JsonWriter.utf8().beginObject()
        .field("exit-code", code)
        .field("task-id", taskId)
        .endObject().bytes();
  }

  /** {@code {"progress-message": m, "progress-percent": p, "progress-sequence": s, "task-id": id}}. */
  public static byte[] progress(String taskId, int sequence, int percent, String message) {
    return progressFields(JsonWriter.utf8().beginObject(), sequence, percent, message)
        .field("task-id", taskId)
        .endObject().bytes();
  }

  /**
   * The body of a progress POST to the scheduler's REST API (Kubernetes mode):
   * {@code {"progress-message": m, "progress-percent": p, "progress-sequence": s}}.
   */
  public static byte[] progressUpdate(int sequence, int percent, String message) {
    return progressFields(JsonWriter.utf8().beginObject(), sequence, percent, message).endObject().bytes();
  }

  private static JsonWriter progressFields(JsonWriter json, int sequence, int percent, String message) {
    return json.field("progress-message", message)
        .field("progress-percent", percent)
        .field("progress-sequence", sequence);
  }
}
