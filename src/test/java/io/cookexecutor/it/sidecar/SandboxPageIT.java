package io.cookexecutor.it.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.testing.ScriptedScheduler;
import io.cookexecutor.testing.Closer;
import io.cookexecutor.testing.HeadlessChromium;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;

/**
 * The sandbox page (issue 15) in a real headless Chromium, against the real {@code cook-sidecar} process
 * on 127.0.0.1 with the pod's variables and a {@link ScriptedScheduler} to report progress to. Each test
 * leaves a screenshot in {@code target/sandbox-page/}. Skipped, with the reason, where no Chromium exists.
 */
class SandboxPageIT {
  private static final Path SHOTS = Path.of("target/sandbox-page").toAbsolutePath();
  /** What the issue allows for a new line or a progress state to show. */
  private static final Duration LIVE = Duration.ofSeconds(2);
  /** Start-up, first loads: bounded, never the measure. */
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String JOB = "0b6f3e1a-0000-4000-8000-0000000000a1";
  private static final String INSTANCE = "5f1d2a9c-0000-4000-8000-0000000000a2";
  private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
  private static final String HOSTILE_TEXT = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\n";

  private static HeadlessChromium chromium;
  private static ChromeDriver browser;

  @TempDir Path tmp;
  @RegisterExtension final Closer closing = new Closer();
  private Path w;
  private SidecarProcess sidecar;
  private String base;

  @BeforeAll
  static void startBrowser() throws IOException {
    if (HeadlessChromium.missing().isPresent()) {
      System.err.println("SandboxPageIT skipped: " + HeadlessChromium.missing().get());
      return;
    }
    chromium = HeadlessChromium.start(SHOTS, 1100, 700);
    browser = chromium.driver();
  }

  @AfterAll
  static void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void sandbox() throws IOException {
    Assumptions.assumeTrue(browser != null, () -> HeadlessChromium.missing().orElse("the browser did not start"));
    w = Files.createDirectories(tmp.resolve("sandbox"));
  }

  @AfterEach
  void screenshot(TestInfo test) throws IOException {
    if (browser != null) {
      chromium.screenshot(SHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
      browser.get("about:blank"); // the next test's page starts from nothing
    }
  }

  /** The sidecar as the scheduler starts it, reporting to a local scheduler; returns the page's URL. */
  private String startSidecar() throws IOException {
    ScriptedScheduler scheduler = closing.add(ScriptedScheduler.start());
    Map<String, String> env = new HashMap<>();
    env.put("COOK_WORKDIR", w.toString());
    env.put("COOK_SANDBOX", w.toString());
    env.put("COOK_JOB_UUID", JOB);
    env.put("COOK_INSTANCE_UUID", INSTANCE);
    env.put("COOK_JOB_NAME", "page-it");
    env.put("COOK_SCHEDULER_REST_URL", scheduler.baseUrl().toString());
    env.put("PROGRESS_REGEX_STRING", "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)");
    env.put("PROGRESS_SAMPLE_INTERVAL_MS", "300000"); // the scheduler's default: the page shows what was found
    Files.createDirectories(tmp.resolve("logs"));
    sidecar = closing.add(SidecarProcess.start(tmp.resolve("logs"), env));
    base = "http://127.0.0.1:" + sidecar.awaitFileServerPort() + "/";
    return base;
  }

  /** Loads the page afresh at {@code hash} (through about:blank: a changed hash alone would not reload it). */
  private void open(String hash) {
    browser.get("about:blank");
    browser.get(base + hash);
  }

  /** The breadcrumbs' names, root first. */
  private List<String> crumbs() {
    return browser.findElements(By.cssSelector("#crumbs > :not(.sep)")).stream().map(WebElement::getText).toList();
  }

  private WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private String text(String id) {
    return byId(id).getText();
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(w.resolve(name), text, StandardCharsets.UTF_8);
  }

  private void append(String name, String text) throws IOException {
    Files.writeString(w.resolve(name), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The rows of the listing once it shows {@code count} of them. */
  private List<WebElement> rows(int count) {
    await().atMost(WAIT).ignoreExceptions().until(
        () -> byId("listing").isDisplayed() && browser.findElements(By.cssSelector("#entries tr")).size() == count);
    return browser.findElements(By.cssSelector("#entries tr"));
  }

  private static String cell(WebElement row, int column) {
    return row.findElements(By.tagName("td")).get(column).getText();
  }

  private String content() {
    return (String) browser.executeScript("return document.getElementById('content').textContent;");
  }

  private void assertNoDialog() {
    try {
      String text = browser.switchTo().alert().getText();
      throw new AssertionError("a dialog opened: " + text);
    } catch (NoAlertPresentException expected) {
      // no alert fired
    }
  }

  private static String lines(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      b.append("line ").append(i).append(" of the job's output\n");
    }
    return b.toString();
  }

  @Test
  void theListingShowsEachFileWithItsModeSizeAndTime() throws IOException {
    write("empty", "");
    write("stdout", "x".repeat(1000));
    write("two-k", "y".repeat(2048));
    Files.write(w.resolve("big"), new byte[5 * 1024 * 1024 + 123]);
    Files.createDirectories(w.resolve("sub"));
    Files.setPosixFilePermissions(w.resolve("stdout"), PosixFilePermissions.fromString("rwxr-x--x"));
    Files.setLastModifiedTime(w.resolve("two-k"), FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
    startSidecar();
    open("");

    List<WebElement> rows = rows(5);
    assertThat(rows.stream().map(r -> cell(r, 5)).toList())
        .containsExactly("big", "empty", "stdout", "sub/", "two-k"); // as /files/browse sorts
    Map<String, String> human = Map.of("big", "5.0 MiB", "empty", "0 B", "stdout", "1000 B", "two-k", "2.0 KiB");
    for (WebElement r : rows) {
      String name = cell(r, 5);
      WebElement size = r.findElement(By.cssSelector("td.size"));
      long bytes = Files.size(w.resolve(name.replace("/", "")));
      assertThat(size.getAttribute("data-bytes")).as(name).isEqualTo(Long.toString(bytes));
      assertThat(size.getAttribute("title")).as(name).isEqualTo(String.format("%,d bytes", bytes));
      if (human.containsKey(name)) {
        assertThat(size.getText()).as(name).isEqualTo(human.get(name));
        assertThat(r.findElements(By.cssSelector("a.view, a.download"))).as(name).hasSize(2);
      }
    }
    WebElement stdout = rows.get(2);
    assertThat(cell(stdout, 0)).isEqualTo("-rwxr-x--x");
    assertThat(cell(rows.get(3), 0)).startsWith("d");
    assertThat(rows.get(4).findElements(By.tagName("td")).get(4).getAttribute("title"))
        .isEqualTo("2026-01-02T03:04:05.000Z");
    assertThat(stdout.findElement(By.cssSelector("a.download")).getAttribute("href"))
        .isEqualTo(base + "files/download?path=" + w.toString().replace("/", "%2F") + "%2Fstdout");
    assertThat(text("job")).isEqualTo(JOB);
    assertThat(text("instance")).isEqualTo(INSTANCE);
    assertThat(text("job-name")).isEqualTo("page-it");
  }

  @Test
  void aDirectoryOpensFromTheListingAndTheBreadcrumbLeadsBack() throws IOException {
    Files.createDirectories(w.resolve("sub/deeper"));
    write("sub/inner.txt", "inner\n");
    write("top.txt", "top\n");
    startSidecar();
    open("");
    rows(2).get(0).findElement(By.cssSelector("a.dir")).click();

    List<WebElement> inner = rows(2);
    assertThat(inner.stream().map(r -> cell(r, 5)).toList()).containsExactly("deeper/", "inner.txt");
    assertThat(crumbs()).containsExactly(w.toString(), "sub");
    inner.get(0).findElement(By.cssSelector("a.dir")).click();
    await().atMost(WAIT).until(() -> crumbs().equals(List.of(w.toString(), "sub", "deeper"))
        && byId("empty").isDisplayed());

    browser.findElement(By.linkText("sub")).click();
    assertThat(rows(2).stream().map(r -> cell(r, 5)).toList()).containsExactly("deeper/", "inner.txt");
    browser.findElement(By.linkText(w.toString())).click();
    assertThat(rows(2).stream().map(r -> cell(r, 5)).toList()).containsExactly("sub/", "top.txt");
    browser.navigate().back(); // the browser's own history works too
    assertThat(rows(2).stream().map(r -> cell(r, 5)).toList()).containsExactly("deeper/", "inner.txt");
  }

  @Test
  void aLineAppendedToStdoutAppearsInTheOpenViewWithinTwoSeconds() throws IOException {
    write("stdout", lines(50));
    startSidecar();
    open("");
    rows(1).get(0).findElement(By.cssSelector("a.view")).click();
    await().atMost(WAIT).until(() -> content().endsWith("line 50 of the job's output\n"));
    assertThat(byId("viewer").getAttribute("data-following")).isEqualTo("true");

    String line = "appended " + UUID.randomUUID() + "\n";
    append("stdout", line);
    await().atMost(LIVE).pollInterval(Duration.ofMillis(50)).until(() -> content().endsWith(line));
    assertThat(content()).isEqualTo(lines(50) + line); // nothing repeated, nothing skipped
  }

  @Test
  void scrollingUpStopsFollowingAndScrollingToTheEndResumesIt() throws IOException {
    write("stdout", lines(2000));
    startSidecar();
    open("#view=stdout");
    await().atMost(WAIT).until(() -> content().endsWith("line 2000 of the job's output\n"));
    WebElement scroller = byId("scroller");
    await().atMost(WAIT).until(() -> atEnd(scroller));

    new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(scroller), 0, -3000).perform();
    await().atMost(WAIT).until(() -> "false".equals(byId("viewer").getAttribute("data-following")));
    long top = scrollTop(scroller);
    String line = "while scrolled up " + UUID.randomUUID() + "\n";
    append("stdout", line);
    // The page has seen the new bytes (it says how many) and still did not add them or move.
    await().atMost(WAIT).until(() -> text("follow").contains(utf8(line) + " new bytes"));
    assertThat(content()).doesNotContain(line.strip());
    assertThat(scrollTop(scroller)).isEqualTo(top);

    browser.executeScript("arguments[0].scrollTop = arguments[0].scrollHeight;", scroller);
    await().atMost(LIVE).pollInterval(Duration.ofMillis(50)).until(() -> content().endsWith(line));
    assertThat(byId("viewer").getAttribute("data-following")).isEqualTo("true");
  }

  private boolean atEnd(WebElement scroller) {
    return (Boolean) browser.executeScript(
        "const s = arguments[0]; return s.scrollHeight - s.scrollTop - s.clientHeight < 8;", scroller);
  }

  private long scrollTop(WebElement scroller) {
    return ((Number) browser.executeScript("return Math.round(arguments[0].scrollTop);", scroller)).longValue();
  }

  private static String utf8(String s) {
    return String.valueOf(s.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void earlierPartsLoadOnDemandUntilTheWholeFileIsShownExactly() throws IOException {
    String all = lines(6000) + "caf\u00e9 \u2603 the end\n"; // about 200 KB: the view opens on its last 64 KiB
    write("stdout", all);
    long size = all.getBytes(StandardCharsets.UTF_8).length;
    startSidecar();
    open("#view=stdout");
    await().atMost(WAIT).until(() -> content().endsWith("the end\n"));
    long start = Long.parseLong(byId("viewer").getAttribute("data-start"));
    assertThat(start).isPositive().isGreaterThanOrEqualTo(size - 64 * 1024);
    assertThat(content()).startsWith("line ").isEqualTo(tail(all, start)); // from a line's start

    for (int clicks = 0; start > 0; clicks++) {
      assertThat(clicks).as("clicks to reach the start").isLessThan(10);
      long before = start;
      byId("earlier").click();
      await().atMost(WAIT).until(() -> Long.parseLong(byId("viewer").getAttribute("data-start")) < before);
      start = Long.parseLong(byId("viewer").getAttribute("data-start"));
      assertThat(before - start).isLessThanOrEqualTo(64 * 1024);
      assertThat(content()).isEqualTo(tail(all, start));
    }
    assertThat(content()).isEqualTo(all);
    assertThat(byId("earlier").isEnabled()).isFalse();
  }

  /** {@code text} from byte {@code offset} on. */
  private static String tail(String text, long offset) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return new String(b, (int) offset, b.length - (int) offset, StandardCharsets.UTF_8);
  }

  @Test
  void aProgressLineShowsAsABarWithItsMessageWithinTwoSeconds() throws IOException {
    write("stdout", lines(120));
    write("stderr", "");
    Files.createDirectories(w.resolve("output"));
    write("output/result.csv", "a,b\n1,2\n");
    startSidecar();
    open("");
    await().atMost(WAIT).until(() -> text("progress-message").equals("no progress reported yet"));
    sidecar.awaitLog("Progress: following"); // the reporter is up: what follows is the page's own delay

    append(JOB + ".progress", "progress: 42 half way\n");
    await().atMost(LIVE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> "42".equals(byId("bar").getAttribute("value")) && text("progress-message").equals("half way"));
    assertThat(text("percent")).isEqualTo("42 %");
    // The open listing is read again now and then: the progress file, new since it was shown, appears.
    assertThat(rows(4).stream().map(r -> cell(r, 5))).contains(JOB + ".progress");
    chromium.screenshot(SHOTS.resolve("progress-42.png")); // docs/sandbox-page.png is this one
  }

  @Test
  void aHostileNameAndHostileContentRenderAsTextAndNoDialogOpens() throws IOException {
    write(HOSTILE_NAME, HOSTILE_TEXT);
    startSidecar();
    open("");

    WebElement row = rows(1).get(0);
    assertThat(cell(row, 5)).isEqualTo(HOSTILE_NAME);
    row.findElement(By.cssSelector("a.view")).click();
    await().atMost(WAIT).until(() -> content().equals(HOSTILE_TEXT));
    assertThat(crumbs()).containsExactly(w.toString(), HOSTILE_NAME);
    assertThat(browser.findElements(By.tagName("img"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#content script, #entries script"))).isEmpty();
    assertThat((Long) browser.executeScript("return document.scripts.length;")).isEqualTo(1L);
    assertNoDialog();
  }

  @Test
  void pathsOutOfTheSandboxShowNotFoundAndNoContent() throws IOException {
    Files.createSymbolicLink(w.resolve("etc-link"), Path.of("/etc"));
    Files.createSymbolicLink(w.resolve("passwd-link"), Path.of("/etc/passwd"));
    startSidecar();
    for (String hash : List.of("#browse=..", "#view=" + "..%2F".repeat(12) + "etc%2Fpasswd", "#browse=etc-link",
        "#view=passwd-link", "#view=etc-link%2Fpasswd", "#browse=no-such-dir")) {
      open(hash);
      await(hash).atMost(WAIT).until(() -> byId("notice").isDisplayed());
      assertThat(text("notice")).as(hash).startsWith("Not found: ");
      assertThat(byId("listing").isDisplayed()).as(hash).isFalse();
      assertThat(content()).as(hash).isEmpty();
      assertThat(browser.getPageSource()).as(hash).doesNotContain("root:x:0:0");
    }
  }

  @Test
  void aOneGibFileOpensAtItsEndAndOnlyItsEndIsRead() throws IOException {
    String last = "the last line " + UUID.randomUUID() + "\n";
    byte[] lastBytes = last.getBytes(StandardCharsets.UTF_8);
    long size = 1L << 30;
    try (RandomAccessFile file = new RandomAccessFile(w.resolve("huge").toFile(), "rw")) {
      file.setLength(size); // sparse: no disk, and every byte but the last line a NUL
      file.seek(size - lastBytes.length);
      file.write(lastBytes);
    }
    startSidecar();
    open("#view=huge");

    await().atMost(WAIT).until(() -> content().endsWith(last));
    long start = Long.parseLong(byId("viewer").getAttribute("data-start"));
    assertThat(start).isGreaterThanOrEqualTo(size - 64 * 1024);
    assertThat(byId("viewer").getAttribute("data-end")).isEqualTo(Long.toString(size));
    assertThat(text("range")).isEqualTo(String.format("bytes %,d\u2013%,d of %,d", start, size, size));
    // NULs show as U+FFFD; the bytes read through /files/read.json are the end's (each NUL is 6 JSON bytes).
    assertThat(content()).startsWith("\ufffd\ufffd\ufffd");
    long transferred = ((Number) browser.executeScript("return performance.getEntriesByType('resource')"
        + ".filter(e => e.name.includes('/files/read.json'))"
        + ".reduce((sum, e) => sum + e.encodedBodySize, 0);")).longValue();
    assertThat(transferred).isPositive().isLessThan(1L << 20);
  }
}
