package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cookexecutor.sidecar.page.PageHeader;
import io.cookexecutor.sidecar.page.SandboxPage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import io.cookexecutor.log.Log;

/**
 * Sends each request to its route by exact path (each files route also under {@code .json}); anything else
 * is 404 with an empty body, any method but GET 405. No failure of one request reaches the server.
 */
final class Router implements HttpHandler {
  private static final Log LOG = Log.of(Router.class);

  private final Map<String, Route> routes;
  private final Runnable afterAnswer;
  private final StallWatch stalls;
  private final Runnable requestRead;

  Router(Map<String, Route> routes, Runnable afterAnswer, StallWatch stalls, Runnable requestRead) {
    this.routes = Map.copyOf(routes);
    this.afterAnswer = afterAnswer;
    this.stalls = stalls;
    this.requestRead = requestRead;
  }

  /**
   * The routes of section 3 over {@code sandbox}, and the sandbox page's ({@code page} its header: the page
   * serves only its own files, and reads the sandbox through these); {@code afterAnswer} runs after each
   * answered request; answers whose client reads nothing are abandoned by {@code stalls};
   * {@code requestRead} runs as each answer begins.
   */
  static Router files(Sandbox sandbox, long maxReadLength, Runnable afterAnswer, StallWatch stalls,
      PageHeader page, Runnable requestRead) {
    Route read = new ReadRoute(sandbox, maxReadLength);
    Route download = new DownloadRoute(sandbox);
    Route browse = new BrowseRoute(sandbox);
    Map<String, Route> routes = new HashMap<>(Map.of(
        "/files/read", read, "/files/read.json", read,
        "/files/download", download, "/files/download.json", download,
        "/files/browse", browse, "/files/browse.json", browse,
        "/readiness-probe", (exchange, query) -> exchange.sendResponseHeaders(200, -1)));
    SandboxPage sandboxPage = new SandboxPage(sandbox.workdir(), maxReadLength, page);
    for (String path : SandboxPage.PATHS) {
      routes.put(path, (exchange, query) -> sandboxPage.answer(exchange));
    }
    return new Router(routes, afterAnswer, stalls, requestRead);
  }

  /**
   * Answers one request. A client gone mid-answer (or a stalled answer abandoned) is rethrown after the
   * exchange is closed: only an exception out of the handler makes the JDK server drop the connection from
   * its own sets; swallowed, the closed connection would stay counted there (against
   * {@code jdk.httpserver.maxConnections}) with its buffers, for as long as the server runs.
   */
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    requestRead.run();
    IOException gone = null;
    // Abandoning the answer interrupts this thread, which closes the connection.
    StallWatch.Watched watch = stalls.start(Thread.currentThread()::interrupt,
        SendQueues.keys(exchange.getLocalAddress().getPort(), exchange.getRemoteAddress()));
    exchange.setStreams(null, new WatchedBody(exchange.getResponseBody(), watch));
    try {
      String path = exchange.getRequestURI().getRawPath();
      Route route = routes.get(path);
      try {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (route == null) {
          throw BadRequest.notServed();
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "GET");
          throw new BadRequest(405, "Method " + exchange.getRequestMethod() + " not allowed: only GET.\n");
        }
        route.answer(exchange, Query.parse(exchange.getRequestURI().getRawQuery()));
      } catch (BadRequest refused) {
        LOG.debug("file server: {} {} -> {}", exchange.getRequestMethod(), path, refused.status());
        if (exchange.getResponseCode() < 0) {
          Responses.text(exchange, refused.status(), refused.body());
        }
      }
    } catch (IOException e) {
      LOG.debug("file server: client gone: {}", e.toString());
      gone = e;
    } catch (RuntimeException | Error e) {
      LOG.warn("file server: request {} failed", exchange.getRequestURI().getRawPath(), e);
      try {
        if (exchange.getResponseCode() < 0) {
          Responses.text(exchange, 500, "Internal error.\n");
        }
      } catch (IOException | RuntimeException unanswered) {
        gone = unanswered instanceof IOException io ? io : new IOException(unanswered);
      }
    } finally {
      exchange.close();
      watch.close();
      afterAnswer.run();
    }
    if (gone != null) {
      throw gone;
    }
  }
}
