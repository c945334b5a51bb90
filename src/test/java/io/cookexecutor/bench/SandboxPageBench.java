package io.cookexecutor.bench;

import io.cookexecutor.it.sidecar.SidecarProcess;
import io.cookexecutor.testing.HeadlessChromium;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The sandbox page in headless Chromium against the real sidecar (bench/sandbox-page.sh):
 * <ol>
 *   <li><b>first render</b> of a 100-file listing: the page's own {@code sandbox:first-listing} mark (set in
 *       the animation frame after the rows are in the DOM), in ms since the navigation began, read from the
 *       browser's performance timeline; the first load cold (empty cache), then warm loads;</li>
 *   <li><b>following a file that grows by 1 MB/s</b> (ten 100 KB writes of 100-byte lines a second): the CPU
 *       of all the browser's processes and of the sidecar, as a share of one core, the page's long tasks
 *       (main thread busy over 50 ms), and how far behind the file's end the view is at the end.</li>
 * </ol>
 * Usage: {@code SandboxPageBench [RUNS] [FOLLOW_SECONDS]} (defaults 10 and 20).
 */
public final class SandboxPageBench {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private SandboxPageBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int followSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    if (HeadlessChromium.missing().isPresent()) {
      System.err.println("SandboxPageBench: " + HeadlessChromium.missing().get());
      System.exit(2);
    }
    Path dir = Files.createTempDirectory("sandbox-page-bench-");
    Path w = Files.createDirectories(dir.resolve("sandbox"));
    for (int i = 0; i < 100; i++) {
      Files.write(w.resolve(String.format("file-%03d.log", i)), new byte[i * 997]);
    }
    Path logs = Files.createDirectories(dir.resolve("logs"));
    try (SidecarProcess sidecar = SidecarProcess.start(logs, Map.of("COOK_WORKDIR", w.toString(),
            "COOK_JOB_UUID", "bench-job", "COOK_INSTANCE_UUID", "bench-instance"),
            "--no-progress-reporter");
        HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromedriver"), 1100, 700)) {
      String base = "http://127.0.0.1:" + sidecar.awaitFileServerPort() + "/";
      ChromeDriver browser = chromium.driver();
      firstRender(browser, base, runs);
      follow(browser, chromium, sidecar, base, w.resolve("growing"), followSeconds);
    }
  }

  private static double mark(ChromeDriver browser) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Object t = browser.executeScript(
          "const m = performance.getEntriesByName('sandbox:first-listing'); return m.length ? m[0].startTime : null;");
      if (t != null) {
        return ((Number) t).doubleValue();
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the listing never rendered");
  }

  private static void firstRender(ChromeDriver browser, String base, int runs) throws InterruptedException {
    List<Double> warm = new ArrayList<>();
    double cold = Double.NaN;
    for (int i = 0; i <= runs; i++) {
      browser.get("about:blank");
      browser.get(base + "?run=" + i);
      double ms = mark(browser);
      long rows = (Long) browser.executeScript("return document.querySelectorAll('#entries tr').length;");
      if (rows != 100) {
        throw new IllegalStateException("the listing shows " + rows + " rows, not 100");
      }
      if (i == 0) {
        cold = ms;
      } else {
        warm.add(ms);
      }
    }
    System.out.printf("first render of a 100-file listing: cold %.0f ms; warm median %.0f ms, max %.0f ms"
        + " (%d runs)%n", cold, ProcStats.median(warm), warm.stream().mapToDouble(d -> d).max().orElse(0), runs);
  }

  private static long viewEnd(ChromeDriver browser) {
    return Long.parseLong(browser.findElement(org.openqa.selenium.By.id("viewer")).getAttribute("data-end"));
  }

  private static double browserCpu(HeadlessChromium chromium) {
    return chromium.browserProcesses().mapToDouble(p -> ProcStats.cpuSeconds(p.pid()))
        .filter(d -> !Double.isNaN(d)).sum();
  }

  private static void follow(ChromeDriver browser, HeadlessChromium chromium, SidecarProcess sidecar, String base,
      Path file, int seconds) throws Exception {
    Files.writeString(file, "the first line\n");
    browser.get("about:blank");
    browser.get(base + "#view=growing");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!"true".equals(browser.findElement(org.openqa.selenium.By.id("viewer")).getAttribute("data-following"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the view never opened");
      }
      Thread.sleep(20);
    }
    browser.executeScript("window.benchLong = []; new PerformanceObserver(l => l.getEntries()"
        + ".forEach(e => window.benchLong.push(e.duration))).observe({ type: 'longtask' });");
    byte[] line = (String.format("%099d", 0) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[100 * 1000];
    for (int i = 0; i < chunk.length; i += line.length) {
      System.arraycopy(line, 0, chunk, i, line.length);
    }
    double browser0 = browserCpu(chromium);
    double sidecar0 = ProcStats.cpuSeconds(sidecar.pid());
    long start = System.nanoTime();
    long written = 0;
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      for (int tick = 1; tick <= seconds * 10; tick++) {
        out.write(chunk);
        out.flush();
        written += chunk.length;
        long next = start + TimeUnit.MILLISECONDS.toNanos(100L * tick);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // the writer's pace, not a synchronisation
        }
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double browserCpu = browserCpu(chromium) - browser0;
    double sidecarCpu = ProcStats.cpuSeconds(sidecar.pid()) - sidecar0;
    long end = viewEnd(browser);
    long caughtUp = System.nanoTime();
    long size = Files.size(file);
    while (viewEnd(browser) < size && System.nanoTime() - caughtUp < WAIT.toNanos()) {
      Thread.sleep(20);
    }
    double catchUp = (System.nanoTime() - caughtUp) / 1e6;
    @SuppressWarnings("unchecked")
    List<Number> longTasks = (List<Number>) browser.executeScript("return window.benchLong;");
    double longest = longTasks.stream().mapToDouble(Number::doubleValue).max().orElse(0);
    long shown = (Long) browser.executeScript("return document.getElementById('content').textContent.length;");
    System.out.printf("following a file growing %.2f MB/s for %.0f s: browser CPU %.1f %% of a core, sidecar"
        + " CPU %.1f %%; %d long tasks (longest %.0f ms); at the last write the view was %,d bytes behind the"
        + " end and caught up %.0f ms later; %,d characters kept in the view%n", written / elapsed / 1e6, elapsed,
        100 * browserCpu / elapsed, 100 * sidecarCpu / elapsed, longTasks.size(), longest, size - end, catchUp,
        shown);
  }
}
