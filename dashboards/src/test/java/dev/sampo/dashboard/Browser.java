package dev.sampo.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.apache.commons.io.file.PathUtils;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages (.ci/run
 * installs them), driven through Selenium. Both paths are given, so Selenium never tries to fetch a
 * browser or a driver; the profile is a fresh directory, and the browser is told not to call home.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getProperty("sampo.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("sampo.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    public Browser() throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "the browser tests need " + CHROMIUM
                + " and " + DRIVER + ": apt-get install chromium chromium-driver (as .ci/run does)");
        profile = Files.createTempDirectory("sampo-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Polls every 200 ms until {@code condition} gives a value that is neither null nor false (a
     * script error counts as not yet); fails naming {@code what} and the last error after {@code timeout}.
     */
    public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = condition.apply(driver);
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        return fail("waited " + timeout.toSeconds() + " s for " + what + (last == null ? "" : "; last: " + last));
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Saves a PNG of the page under the module's target/, the build's artefacts. */
    public Path screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path to = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(to.getParent());
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        PathUtils.deleteDirectory(profile);
    }
}
