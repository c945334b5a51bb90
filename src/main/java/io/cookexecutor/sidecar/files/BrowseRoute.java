package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import io.cookexecutor.json.JsonWriter;
import io.cookexecutor.text.Charsets;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /files/browse}: a directory's immediate entries, sorted by path; a file gives {@code []}. Each
 * entry is stat'ed following symlinks (a dangling symlink is shown as itself); an entry gone between the
 * listing and its stat is left out. Owner and group are names, or the number when there is no entry. Each
 * entry has exactly the original's keys, in its (sorted) order.
 */
final class BrowseRoute implements Route {
  private static final String STAT = "unix:mode,uid,gid,nlink,size,lastModifiedTime";

  private final Sandbox sandbox;

  BrowseRoute(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void answer(HttpExchange exchange, Query query) throws IOException, BadRequest {
    String asked = Route.requirePath(query);
    Path real = sandbox.resolve(asked);
    if (!Files.isDirectory(real)) {
      Responses.json(exchange, "[]\n".getBytes(Charsets.US_ASCII));
      return;
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(real)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      throw BadRequest.notServed();
    }
    // The paths differ only in their names.
    entries.sort((a, b) -> compareCodePoints(a.getFileName().toString(), b.getFileName().toString()));
    JsonWriter json = JsonWriter.ascii().beginArray();
    Map<String, String> owners = new HashMap<>();
    for (Path entry : entries) {
      describe(json, entry, join(asked, entry.getFileName().toString()), owners);
    }
    Responses.json(exchange, (json.endArray().text() + "\n").getBytes(Charsets.US_ASCII));
  }

  private static void describe(JsonWriter json, Path entry, String path, Map<String, String> owners) {
    Map<String, Object> stat;
    LinkOption[] follow = {};
    try {
      stat = Files.readAttributes(entry, STAT);
    } catch (IOException e) {
      try {
        follow = new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        stat = Files.readAttributes(entry, STAT, follow);
      } catch (IOException gone) {
        return;
      }
    }
    int mode = (Integer) stat.get("mode");
    json.beginObject()
        .field("gid", owner(owners, "posix:group", (Integer) stat.get("gid"), entry, follow))
        .field("mode", modeString((mode & 0170000) == 0040000, mode))
        .field("mtime", ((FileTime) stat.get("lastModifiedTime")).toMillis() / 1000)
        .field("nlink", ((Number) stat.get("nlink")).longValue())
        .field("path", path)
        .field("size", (Long) stat.get("size"))
        .field("uid", owner(owners, "posix:owner", (Integer) stat.get("uid"), entry, follow))
        .endObject();
  }

  /** {@code d} or {@code -}, then the nine rwx bits of {@code mode} (set-id and sticky bits not shown). */
  static String modeString(boolean directory, int mode) {
    StringBuilder out = new StringBuilder(10).append(directory ? 'd' : '-');
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      out.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
    }
    return out.toString();
  }

  /** {@code os.path.join(directory, name)}, as the original builds each entry's path. */
  static String join(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  /**
   * The name of the user ({@code posix:owner}) or group ({@code posix:group}) {@code id}, looked up once per
   * listing in {@code known}; the number when there is no such entry.
   */
  private static String owner(Map<String, String> known, String attribute, int id, Path entry,
      LinkOption[] follow) {
    return known.computeIfAbsent(attribute + id, key -> {
      try {
        return ((Principal) Files.getAttribute(entry, attribute, follow)).getName();
      } catch (IOException | RuntimeException e) {
        return Integer.toString(id);
      }
    });
  }

  /** Python's string order (by code point), which differs from Java's UTF-16 order above U+FFFF. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
