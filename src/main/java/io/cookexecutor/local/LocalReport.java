package io.cookexecutor.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cookexecutor.local.container.ContainerUsage;
import io.cookexecutor.message.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What {@code local} prints: one line per status update or framework message, as text or as JSON lines,
 * and the task's exit code as the scheduler would learn it from the exit-code message.
 */
public final class LocalReport {
  private static final JsonFactory JSON = new JsonFactory();

  private final PrintWriter out;
  private final boolean json;
  /** On a terminal, progress goes to a live bar (on stderr) instead of lines. */
  private final boolean terminal;
  private ProgressDisplay bar;
  private final long start = System.nanoTime();
  private volatile Integer exitCode;
  private volatile boolean memoryLimited;

  public LocalReport(PrintWriter out, boolean json, boolean terminal) {
    this.out = out;
    this.json = json;
    this.terminal = terminal && !json;
  }

  public synchronized void note(String text) {
    if (json) {
      line(g -> {
        g.writeStringField("type", "note");
        g.writeStringField("message", text);
      });
    } else {
      out.println("cook-executor local: " + text);
      out.flush();
    }
  }

  public synchronized void status(TaskStatus s) {
    if (bar != null && io.cookexecutor.agent.Statuses.isTerminal(s.getState())) {
      bar.close();
      bar = null;
    }
    String reason = s.hasReason() ? s.getReason().name() : null;
    String message = s.hasMessage() ? s.getMessage() : null;
    if (json) {
      line(g -> {
        g.writeStringField("type", "status");
        g.writeNumberField("time", seconds());
        g.writeStringField("state", s.getState().name());
        g.writeStringField("reason", reason);
        g.writeStringField("message", message);
      });
    } else {
      out.printf("[%8.3fs] %s%s%s%n", seconds(), s.getState().name(),
          reason == null ? "" : " " + reason, message == null ? "" : " (" + message + ")");
      out.flush();
    }
  }

  /** The container's figures at its end: peak memory charged, CPU, whether the kernel limited its memory. */
  public synchronized void container(String name, ContainerUsage u) {
    if (json) {
      line(g -> {
        g.writeStringField("type", "container");
        g.writeStringField("name", name);
        g.writeNumberField("peak-memory-bytes", u.peakMemoryBytes());
        g.writeNumberField("cpu-ms", u.cpuNanos() / 1_000_000);
        g.writeBooleanField("memory-limited", u.memoryLimited());
        g.writeNumberField("leftover-processes", u.leftoverProcesses());
      });
    } else {
      note(String.format(java.util.Locale.ROOT, "container %s: peak memory %.1f MB, CPU %d ms%s%s", name,
          u.peakMemoryBytes() / 1048576.0, u.cpuNanos() / 1_000_000,
          u.memoryLimited() ? ", memory limit exceeded" : "",
          u.leftoverProcesses() > 0 ? ", " + u.leftoverProcesses() + " process(es) left behind, killed" : ""));
    }
    if (u.memoryLimited()) {
      memoryLimited = true;
    }
  }

  public synchronized void message(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Integer code = exitCodeIn(data);
    if (code != null) {
      exitCode = code;
    }
    if (json) {
      line(g -> {
        g.writeStringField("type", "framework-message");
        g.writeNumberField("time", seconds());
        g.writeNullField("state");
        g.writeNullField("reason");
        g.writeNullField("message");
        g.writeFieldName("data");
        if (code != null || isJsonObject(data)) {
          g.writeRawValue(text);
        } else {
          g.writeString(text);
        }
      });
    } else if (!progress(data)) {
      clearBarLine();
      out.printf("[%8.3fs] message %s%n", seconds(), text);
      out.flush();
    }
  }

  /** Starts a line where the bar is drawn: back to column 0, erased, so the line is not glued to it. */
  private void clearBarLine() {
    if (bar != null) {
      out.print("\r\033[K");
    }
  }

  /** Shows a progress message as text or on the bar; false when {@code data} is not one. */
  private boolean progress(byte[] data) {
    Progress p = Progress.of(data);
    if (p == null) {
      return false;
    }
    if (terminal) {
      if (bar == null) {
        bar = new ProgressDisplay("task", System.err);
      }
      bar.show(p.percent, p.message);
    } else {
      out.printf("[%8.3fs] progress %d%% %s (sequence %d)%n", seconds(), p.percent, p.message, p.sequence);
      out.flush();
    }
    return true;
  }

  /** The fields of a progress message. */
  private record Progress(int sequence, int percent, String message) {
    static Progress of(byte[] data) {
      Map<String, Object> f = scalarFields(data);
      if (f == null || !(f.get("progress-sequence") instanceof Integer)
          || !(f.get("progress-percent") instanceof Integer)) {
        return null;
      }
      Object message = f.get("progress-message");
      return new Progress((Integer) f.get("progress-sequence"), (Integer) f.get("progress-percent"),
          message instanceof String ? (String) message : "");
    }

  }

  /**
   * A progress POST the scheduler stand-in received ({@code local --kubernetes}): text like a progress
   * message; as JSON, the body decoded (or as a string when it is not a JSON object).
   */
  synchronized void progressPost(String path, int status, byte[] body) {
    if (json) {
      String text = new String(body, StandardCharsets.UTF_8);
      line(g -> {
        g.writeStringField("type", "progress-post");
        g.writeNumberField("time", seconds());
        g.writeStringField("path", path);
        g.writeNumberField("status", status);
        g.writeFieldName("data");
        if (isJsonObject(body)) {
          g.writeRawValue(text);
        } else {
          g.writeString(text);
        }
      });
    } else if (!progress(body)) {
      out.printf("[%8.3fs] POST %s: %s%n", seconds(), path, new String(body, StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /**
   * A named value ({@code output_url}, the job's exit code, the final progress state) as one line; a value
   * that is a JSON object is written decoded.
   */
  synchronized void fact(String name, String value) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Progress p = Progress.of(bytes);
    if (json) {
      line(g -> {
        g.writeStringField("type", name);
        g.writeNumberField("time", seconds());
        g.writeFieldName("value");
        if (isJsonObject(bytes)) {
          g.writeRawValue(value);
        } else {
          g.writeString(value);
        }
      });
    } else if (p != null) {
      out.printf("[%8.3fs] %s %d%% %s (sequence %d)%n", seconds(), name, p.percent, p.message, p.sequence);
      out.flush();
    } else {
      out.printf("[%8.3fs] %s %s%n", seconds(), name, value);
      out.flush();
    }
  }

  public boolean exitCodeSeen() {
    return exitCode != null;
  }

  public int exitCodeRaw() {
    return exitCode;
  }

  /** The shell's convention: the exit status, 128+N for signal N, 1 when the task never ran. */
  public int taskExitCode() {
    Integer c = exitCode;
    if (c == null) {
      // Killed with its container by the kernel for memory before any exit code was sent: SIGKILL.
      return memoryLimited ? 128 + 9 : 1;
    }
    return c < 0 ? 128 - c : c;
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  private void line(JsonObject.Fields fields) {
    out.println(JsonObject.text(fields));
    out.flush();
  }

  private static boolean isJsonObject(byte[] data) {
    try (JsonParser p = JSON.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** The exit code of an exit-code message, or null for any other message. */
  private static Integer exitCodeIn(byte[] data) {
    Map<String, Object> f = scalarFields(data);
    return f != null && f.get("exit-code") instanceof Integer ? (Integer) f.get("exit-code") : null;
  }

  /** The top-level string and integer fields of a JSON object, or null when {@code data} is not one. */
  static Map<String, Object> scalarFields(byte[] data) {
    Map<String, Object> fields = new HashMap<>();
    try (JsonParser p = JSON.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NUMBER_INT) {
          fields.put(name, p.getIntValue());
        } else if (v == JsonToken.VALUE_STRING) {
          fields.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
      return fields;
    } catch (IOException e) {
      return null;
    }
  }

}
