package io.cookexecutor.sidecar.page;

import io.cookexecutor.text.Charsets;

/**
 * The page's three static files, read from the jar on the first request that needs one (the holder class
 * is initialised then, never at start-up), then kept: about 20 KB. The HTML names the script and the style
 * by their versions ({@code /page/sandbox.js?v=VERSION}), so those can be cached for a year; the HTML
 * itself is revalidated with its ETag.
 */
final class PageResources {
  static final String JS_PATH = "/page/sandbox.js";
  static final String CSS_PATH = "/page/sandbox.css";

  private PageResources() {}

  /** The resources, loaded once, thread-safely, by the JVM's class initialisation. */
  private static final class Loaded {
    static final PageResource JS = PageResource.load("sandbox.js", "text/javascript; charset=utf-8");
    static final PageResource CSS = PageResource.load("sandbox.css", "text/css; charset=utf-8");
    static final PageResource HTML = html();

    private static PageResource html() {
      String text = PageResource.utf8(PageResource.load("index.html", "").bytes());
      text = PageResource.fill(text, "@JS@", JS_PATH + "?v=" + JS.version());
      text = PageResource.fill(text, "@CSS@", CSS_PATH + "?v=" + CSS.version());
      return PageResource.of(text.getBytes(Charsets.UTF_8), "text/html; charset=utf-8");
    }
  }

  static PageResource html() {
    return Loaded.HTML;
  }

  static PageResource js() {
    return Loaded.JS;
  }

  static PageResource css() {
    return Loaded.CSS;
  }
}
