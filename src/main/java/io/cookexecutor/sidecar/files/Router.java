package io.cookexecutor.sidecar.files;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cookexecutor.sidecar.page.PageHeader;
import io.cookexecutor.sidecar.page.SandboxPage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to its route by exact path (each files route also under {@code .json}); anything else
 * is 404 with an empty body, any method but GET 405. No failure of one request reaches the server.
 */
final class Router implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final Map<String, Route> routes;
  private final Runnable afterAnswer;

  Router(Map<String, Route> routes) {
    this(routes, () -> { });
  }

  Router(Map<String, Route> routes, Runnable afterAnswer) {
    this.routes = Map.copyOf(routes);
    this.afterAnswer = afterAnswer;
  }

  /**
   * The routes of section 3 over {@code sandbox}, and the sandbox page's ({@code page} its header);
   * {@code afterAnswer} runs after each answered request.
   */
  static Router files(Sandbox sandbox, long maxReadLength, Runnable afterAnswer, PageHeader page) {
    Route read = new ReadRoute(sandbox, maxReadLength);
    Route download = new DownloadRoute(sandbox);
    Route browse = new BrowseRoute(sandbox);
    Route ready = (exchange, query) -> Responses.empty(exchange, 200);
    return new Router(withPage(Map.of(
        "/files/read", read, "/files/read.json", read,
        "/files/download", download, "/files/download.json", download,
        "/files/browse", browse, "/files/browse.json", browse,
        "/readiness-probe", ready), new SandboxPage(sandbox.workdir(), maxReadLength, page)), afterAnswer);
  }

  /** {@code routes} and the page's: it serves only its own files, and reads the sandbox through these. */
  private static Map<String, Route> withPage(Map<String, Route> routes, SandboxPage page) {
    Map<String, Route> all = new HashMap<>(routes);
    Route answer = (exchange, query) -> page.answer(exchange);
    for (String path : SandboxPage.PATHS) {
      all.put(path, answer);
    }
    return all;
  }

  @Override
  public void handle(HttpExchange exchange) {
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
    } catch (RuntimeException | Error e) {
      LOG.warn("file server: request {} failed", exchange.getRequestURI().getRawPath(), e);
      try {
        if (exchange.getResponseCode() < 0) {
          Responses.text(exchange, 500, "Internal error.\n");
        }
      } catch (IOException | RuntimeException ignored) {
        // the connection is closed with the exchange
      }
    } finally {
      exchange.close();
      afterAnswer.run();
    }
  }
}
