package io.cookexecutor.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its own chromedriver (never one Selenium Manager would
 * download: this machine has no internet), with a fresh profile and none of the background traffic a
 * closed network refuses. Paths: {@code -Dchromium.binary}, {@code -Dchromedriver.binary}, else Debian's.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  public static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  /** Every wait of the driver itself (page load, script, element lookup) is bounded. */
  private static final Duration DRIVER_WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
  }

  /** Why no browser can run here, or empty when both programs exist. */
  public static Optional<String> missing() {
    if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
      return Optional.of("no headless Chromium here (" + BINARY + ", " + DRIVER
          + "): apt-get install chromium chromium-driver, as .ci/run does");
    }
    return Optional.empty();
  }

  /** Starts a browser with a window of {@code width} x {@code height}; chromedriver logs to {@code logDir}. */
  public static HeadlessChromium start(Path logDir, int width, int height) throws IOException {
    Files.createDirectories(logDir);
    Path profile = Files.createTempDirectory("chromium-profile-");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(new File(logDir.toFile(), "chromedriver-" + System.nanoTime() + ".log"))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--disable-extensions", "--disable-default-apps", "--mute-audio",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(DRIVER_WAIT).scriptTimeout(DRIVER_WAIT)
          .implicitlyWait(Duration.ZERO);
      return new HeadlessChromium(driver, service, profile);
    } catch (RuntimeException e) {
      service.stop();
      delete(profile);
      throw e;
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** The window as a PNG at {@code file}, for a person to look at. */
  public void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** The browser's processes: chromedriver's descendants (for CPU figures). */
  public Stream<ProcessHandle> browserProcesses() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().command().map(c -> c.endsWith("chromedriver")).orElse(false))
        .flatMap(ProcessHandle::descendants);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
