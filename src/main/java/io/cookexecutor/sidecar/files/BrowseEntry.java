package io.cookexecutor.sidecar.files;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** One entry of {@code /files/browse}, written with exactly the original's keys, in its (sorted) order. */
record BrowseEntry(String gid, String mode, long mtime, long nlink, String path, long size, String uid) {

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

  void write(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("gid", gid);
    json.writeStringField("mode", mode);
    json.writeNumberField("mtime", mtime);
    json.writeNumberField("nlink", nlink);
    json.writeStringField("path", path);
    json.writeNumberField("size", size);
    json.writeStringField("uid", uid);
    json.writeEndObject();
  }
}
