package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.FileNameMap;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import io.cookexecutor.text.Charsets;
import java.util.HexFormat;
import java.util.Set;

/**
 * {@code /files/download}: the file's bytes as an attachment, streamed through one small buffer. The length
 * is the size when opened: bytes appended during the download are not sent, and a file that shrinks aborts
 * the answer (the client sees a short body, never a wrong one).
 */
final class DownloadRoute implements Route {
  /**
   * Written and flushed this many bytes at a time. Small on purpose: a slow download holds its connection for
   * hours, and the JDK server keeps, for each connection's life, a socket write buffer of 4 KiB that it
   * replaces by one twice the size of any larger write it is handed (its 8 KiB stream buffer hands it 8 KiB
   * unless flushed sooner): 4 KiB writes keep the connection at its smallest. Progress is also seen per write.
   */
  static final int CHUNK = 4 * 1024;
  private static final FileNameMap TYPES = URLConnection.getFileNameMap();
  private static final Set<String> ACTIVE =
      Set.of("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
          "text/javascript", "application/javascript", "text/css");

  private final Sandbox sandbox;

  DownloadRoute(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void answer(HttpExchange exchange, Query query) throws IOException, BadRequest {
    String path = Route.requirePath(query);
    try (ServedFile file = ServedFile.open(sandbox, path, "download")) {
      String name = fileName(path);
      exchange.getResponseHeaders().set("Content-Type", contentType(name));
      exchange.getResponseHeaders().set("Content-Disposition", disposition(name));
      long size = file.size();
      exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
      if (size == 0) {
        return;
      }
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      try (OutputStream out = exchange.getResponseBody()) {
        long position = 0;
        while (position < size) {
          buffer.clear().limit((int) Math.min(CHUNK, size - position));
          int n = file.channel().read(buffer, position);
          if (n < 0) {
            throw new EOFException(path + " shrank during its download");
          }
          out.write(buffer.array(), 0, n);
          out.flush();
          position += n;
        }
      }
    }
  }

  static String fileName(String path) {
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /**
   * The type guessed from the name (the JDK's table), text with its charset; else octet-stream. Types a
   * browser would run (HTML, XHTML, SVG, XML as documents; script and style, which nosniff refuses under any
   * other type) are octet-stream too: the job's files must never become active content of the sidecar's
   * origin, where the sandbox page runs.
   */
  static String contentType(String name) {
    String type = TYPES.getContentTypeFor(name);
    if (type == null || ACTIVE.contains(type)) {
      return "application/octet-stream";
    }
    return type.startsWith("text/") ? type + "; charset=utf-8" : type;
  }

  /**
   * {@code attachment; filename=NAME}, quoted when NAME is not a token, with an RFC 6266
   * {@code filename*} for a non-ASCII name (its plain {@code filename} then has {@code _} for those).
   */
  static String disposition(String name) {
    StringBuilder ascii = new StringBuilder();
    boolean token = !name.isEmpty();
    boolean nonAscii = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      token &= isTokenChar(c);
      nonAscii |= c >= 0x80;
      if (c >= 0x80 || c < 0x20 || c == 0x7f) {
        ascii.append('_');
      } else if (c == '"' || c == '\\') {
        ascii.append('\\').append(c);
      } else {
        ascii.append(c);
      }
    }
    String header = "attachment; filename=" + (token ? ascii.toString() : "\"" + ascii + "\"");
    return nonAscii ? header + "; filename*=UTF-8''" + percentEncode(name) : header;
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0;
  }

  private static String percentEncode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(Charsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }
}
