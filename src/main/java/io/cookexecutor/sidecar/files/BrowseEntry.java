package io.cookexecutor.sidecar.files;

import io.cookexecutor.json.JsonWriter;

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

  void write(JsonWriter json) {
    json.beginObject()
        .field("gid", gid)
        .field("mode", mode)
        .field("mtime", mtime)
        .field("nlink", nlink)
        .field("path", path)
        .field("size", size)
        .field("uid", uid)
        .endObject();
  }
}
