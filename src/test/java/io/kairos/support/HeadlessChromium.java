package io.kairos.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) for the page tests, with a
 * profile of its own and screenshots under {@code target/screenshots/}.
 *
 * <p>A missing browser fails the run; only {@code -Dkairos.browser.skip=true} (for a machine without Chromium) skips.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int MIN_WINDOW_WIDTH = 500;

    private final WebDriver driver;
    private final Path profile;

    private HeadlessChromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium with a window of {@code width} x {@code height}, or skips/fails the class as above. */
    public static HeadlessChromium start(int width, int height) throws IOException {
        Path chromium = Path.of(System.getProperty("kairos.browser.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("kairos.browser.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            if (Boolean.getBoolean("kairos.browser.skip")) {
                Assumptions.abort("kairos.browser.skip is set and Chromium is not installed");
            }
            fail("Browser tests need " + chromium + " and " + driver + ": apt-get install -y chromium "
                    + "chromium-driver (.ci/run does), or run with -Dkairos.browser.skip=true on a machine without them");
        }
        Path profile = Files.createTempDirectory("kairos-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        // Without the background-networking flags Chromium keeps calling out, which a closed network refuses.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        Files.createDirectories(SCREENSHOTS);
        ChromeDriver browser = new ChromeDriver(service, options);
        if (width < MIN_WINDOW_WIDTH) {
            // Chromium keeps a window at least 500px wide; a sidebar page is laid out at its own width.
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        }
        return new HeadlessChromium(browser, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png}. */
    public void screenshot(String name) {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
