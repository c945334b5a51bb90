package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One GET route of the file server: answers from the parsed query, or throws the refusal. */
interface Route {
  void answer(HttpExchange exchange, Query query) throws IOException, BadRequest;

  /** The one message of a request without {@code path}, on every files route. */
  static String requirePath(Query query) throws BadRequest {
    String path = query.get("path");
    if (path == null) {
      throw new BadRequest(400, "Expecting 'path=value' in query.\n");
    }
    return path;
  }
}
