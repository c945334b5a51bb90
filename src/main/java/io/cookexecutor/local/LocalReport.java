package io.cookexecutor.local;

import io.cookexecutor.json.JsonException;
import io.cookexecutor.json.JsonReader;
import io.cookexecutor.json.JsonReader.Token;
import io.cookexecutor.json.JsonWriter;
import io.cookexecutor.local.container.ContainerUsage;
import java.io.PrintWriter;
import io.cookexecutor.text.Charsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What {@code local} prints: one line per status update or framework message, as text or as JSON lines,
 * and the task's exit code as the scheduler would learn it from the exit-code message.
 */
public final class LocalReport {
  private final PrintWriter out;
  private final boolean json;
  /** On a terminal, progress goes to a live bar (on stderr) instead of lines. */
  private final boolean terminal;
  private ProgressBar bar;
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
      line(object("note").field("message", text));
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
      line(object("status").field("time", seconds()).field("state", s.getState().name())
          .field("reason", reason).field("message", message));
    } else {
      out.printf("[%8.3fs] %s%s%s%n", seconds(), s.getState().name(),
          reason == null ? "" : " " + reason, message == null ? "" : " (" + message + ")");
      out.flush();
    }
  }

  /** The container's figures at its end: peak memory charged, CPU, whether the kernel limited its memory. */
  public synchronized void container(String name, ContainerUsage u) {
    if (json) {
      line(object("container").field("name", name).field("peak-memory-bytes", u.peakMemoryBytes())
          .field("cpu-ms", u.cpuNanos() / 1_000_000).field("memory-limited", u.memoryLimited())
          .field("leftover-processes", u.leftoverProcesses()));
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
    String text = new String(data, Charsets.UTF_8);
    Map<String, Object> fields = scalarFields(data);
    if (fields != null && fields.get("exit-code") instanceof Integer code) {
      exitCode = code;
    }
    if (json) {
      JsonWriter json = object("framework-message").field("time", seconds())
          .field("state", null).field("reason", null).field("message", null);
      line(decoded(json.name("data"), data, text));
    } else if (!progress(data)) {
      if (bar != null) {
        out.print("\r\033[K"); // back to column 0, erased: the line is not glued to the bar
      }
      out.printf("[%8.3fs] message %s%n", seconds(), text);
      out.flush();
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
        bar = newBar();
      }
      bar.stepTo(p.percent);
      bar.setExtraMessage(p.message);
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
      if (f != null && f.get("progress-sequence") instanceof Integer sequence
          && f.get("progress-percent") instanceof Integer percent) {
        return new Progress(sequence, percent, f.get("progress-message") instanceof String m ? m : "");
      }
      return null;
    }
  }

  /**
   * A progress POST the scheduler stand-in received ({@code local --kubernetes}): text like a progress
   * message; as JSON, the body decoded (or as a string when it is not a JSON object).
   */
  synchronized void progressPost(String path, int status, byte[] body) {
    if (json) {
      String text = new String(body, Charsets.UTF_8);
      JsonWriter json = object("progress-post").field("time", seconds()).field("path", path)
          .field("status", status);
      line(decoded(json.name("data"), body, text));
    } else if (!progress(body)) {
      out.printf("[%8.3fs] POST %s: %s%n", seconds(), path, new String(body, Charsets.UTF_8));
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
    byte[] bytes = value.getBytes(Charsets.UTF_8);
    Progress p = Progress.of(bytes);
    if (json) {
      line(decoded(object(name).field("time", seconds()).name("value"), bytes, value));
    } else if (p != null) {
      out.printf("[%8.3fs] %s %d%% %s (sequence %d)%n", seconds(), name, p.percent, p.message, p.sequence);
      out.flush();
    } else {
      out.printf("[%8.3fs] %s %s%n", seconds(), name, value);
      out.flush();
    }
  }

  /** The exit code of the last exit-code message, as sent (a signal's is negative); empty before one came. */
  public Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
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

  /** A live progress bar on the terminal: the task's percent and latest message. */
  private static ProgressBar newBar() {
    return new ProgressBarBuilder()
        .setTaskName("task")
        .setInitialMax(100)
        .setUnit("%", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(100)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .hideEta()
        .build();
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** A line's object, begun with its type. */
  private static JsonWriter object(String type) {
    return JsonWriter.utf8().beginObject().field("type", type);
  }

  /** Writes {@code data} decoded when it is a JSON object, else as a string. */
  private static JsonWriter decoded(JsonWriter json, byte[] data, String text) {
    return scalarFields(data) != null ? json.rawValue(text) : json.value(text);
  }

  /** Ends the line's object and prints it. */
  private void line(JsonWriter json) {
    out.println(json.endObject().text());
    out.flush();
  }

  /**
   * The top-level string and integer fields of a JSON object (the last of duplicates), or null when
   * {@code data} is not one.
   */
  static Map<String, Object> scalarFields(byte[] data) {
    Map<String, Object> fields = new HashMap<>();
    JsonReader json = new JsonReader(data);
    try {
      if (json.next() != Token.BEGIN_OBJECT) {
        return null;
      }
      while (json.next() == Token.NAME) {
        String name = json.text();
        Token v = json.next();
        Object value = v == Token.STRING ? json.text() : v == Token.NUMBER ? integer(json.text()) : null;
        if (value != null) {
          fields.put(name, value);
        }
        json.skipChildren();
      }
      json.finish();
      return fields;
    } catch (JsonException e) {
      return null;
    }
  }

  /** An integer number within int's range, or null for any other number. */
  private static Integer integer(String number) {
    try {
      return Integer.valueOf(number);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
