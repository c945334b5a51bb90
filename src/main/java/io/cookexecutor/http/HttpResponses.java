package io.cookexecutor.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import io.cookexecutor.text.Charsets;
import java.util.List;

/** Writes HTTP/1.1 response heads and fixed-length responses. */
public final class HttpResponses {
  private HttpResponses() {}

  static String reason(int status) {
    switch (status) {
      case 100: return "Continue";
      case 200: return "OK";
      case 202: return "Accepted";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 406: return "Not Acceptable";
      case 413: return "Payload Too Large";
      case 415: return "Unsupported Media Type";
      case 431: return "Request Header Fields Too Large";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      default: return "Status " + status;
    }
  }

  /** A complete response with Content-Length; {@code Connection: close} when the connection ends after it. */
  public static void write(OutputStream out, int status, List<String[]> headers, byte[] body, boolean keepAlive)
      throws IOException {
    StringBuilder head = statusLine(status);
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n");
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream all = new ByteArrayOutputStream(head.length() + body.length);
    all.write(head.toString().getBytes(Charsets.ISO_8859_1));
    all.write(body);
    out.write(all.toByteArray());
    out.flush();
  }

  /** The head of a chunked streaming response: no Content-Length, the body follows as chunks. */
  public static byte[] chunkedHead(int status, String contentType) {
    StringBuilder head = statusLine(status);
    head.append("Content-Type: ").append(contentType).append("\r\n");
    head.append("Transfer-Encoding: chunked\r\n\r\n");
    return head.toString().getBytes(Charsets.ISO_8859_1);
  }

  /** One chunk of a chunked body; {@code data} must not be empty (an empty chunk ends the body). */
  public static byte[] chunk(byte[] data) {
    byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(Charsets.US_ASCII);
    byte[] out = new byte[size.length + data.length + 2];
    System.arraycopy(size, 0, out, 0, size.length);
    System.arraycopy(data, 0, out, size.length, data.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  /** The last chunk that ends a chunked body. */
  public static byte[] lastChunk() {
    return "0\r\n\r\n".getBytes(Charsets.US_ASCII);
  }

  private static StringBuilder statusLine(int status) {
    return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
  }
}
