package io.chorus.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the live view's tests, driven through the system's {@code chromedriver}
 * (Debian's {@code chromium} and {@code chromium-driver}; {@code CHROMIUM} and {@code CHROMEDRIVER}
 * name other files). Nothing is downloaded: Selenium Manager is never asked, since both paths are
 * given. Where the browser or its driver is missing or cannot start, {@link #start} aborts the test
 * with the reason, so it is reported skipped, never passed (or fails it, where {@value #REQUIRED} is
 * set). Registered as an extension, it saves a
 * screenshot and the page's HTML under {@code target/browser-failures/} when a test fails.
 */
final class HeadlessChromium implements AfterTestExecutionCallback, AutoCloseable {
    /** How long a test waits for what a person would see, polling the page: generous, not a target. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path FAILURES = Path.of("target", "browser-failures");
    /** Set (as .ci/run does) to fail instead of skip when the browser cannot start. */
    static final String REQUIRED = "CHORUS_REQUIRE_BROWSER";

    private WebDriver driver;

    /**
     * Starts the browser, or aborts the test naming what is missing.
     *
     * @return the driver
     */
    WebDriver start() {
        String browser = find("CHROMIUM", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        String chromedriver = find("CHROMEDRIVER", List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
        if (browser == null || chromedriver == null) {
            unavailable("headless Chromium is not installed (" + (browser == null ? "no chromium" : "no chromedriver")
                    + "; apt-get install -y chromium chromium-driver, as .ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (WebDriverException e) {
            unavailable("headless Chromium cannot start (" + browser + " through " + chromedriver + "): "
                    + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        return driver;
    }

    /** Skips the test with the reason; fails it where {@value #REQUIRED} is set (CI, which installs the browser). */
    private static void unavailable(String reason) {
        String required = System.getenv(REQUIRED);
        if (required != null && !required.isBlank() && !required.equals("0")) {
            throw new AssertionError(reason + " (" + REQUIRED + "=" + required + ": the browser tests must run here)");
        }
        Assumptions.abort(reason);
    }

    private static String find(String variable, List<String> candidates) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return Files.isExecutable(Path.of(given)) ? given : null;
        }
        return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst().orElse(null);
    }

    /** @return the driver; {@link #start} first */
    WebDriver driver() {
        return driver;
    }

    /** Waits, polling the page, until {@code condition} gives a non-null, non-false value; fails with {@code what} otherwise. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, DEADLINE, Duration.ofMillis(50)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    /** @return the result of a script run in the page */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** @return the text of the element {@code css} finds, if any */
    Optional<String> text(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).getText());
    }

    /** Saves a PNG of the page. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (driver == null || context.getExecutionException().isEmpty()) {
            return;
        }
        String method = context.getRequiredTestMethod().getName();
        String display = context.getDisplayName().startsWith(method + "(") ? "" : "-" + context.getDisplayName();
        String name = (context.getRequiredTestClass().getSimpleName() + "-" + method + display)
                .replaceAll("[^A-Za-z0-9_.-]+", "_");
        try {
            screenshot(FAILURES.resolve(name + ".png"));
            Files.writeString(FAILURES.resolve(name + ".html"), driver.getPageSource());
            System.err.println("browser test failed: screenshot and page saved as " + FAILURES.toAbsolutePath().resolve(name)
                    + ".{png,html}");
        } catch (IOException | WebDriverException e) {
            System.err.println("browser test failed, and its screenshot could not be saved: " + e);
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }
}
