package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import io.cookexecutor.text.Charsets;

/** The answers every route shares: plain-text errors and JSON bodies. */
final class Responses {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  /** {@code status} with a plain-text body; an empty text is an empty body. */
  static void text(HttpExchange exchange, int status, String body) throws IOException {
    if (body.isEmpty()) {
      exchange.sendResponseHeaders(status, -1); // Content-Length: 0
      return;
    }
    fixed(exchange, status, TEXT, body.getBytes(Charsets.UTF_8));
  }

  /** 200 with a JSON body of known bytes. */
  static void json(HttpExchange exchange, byte[] body) throws IOException {
    fixed(exchange, 200, JSON, body);
  }

  static void fixed(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
