package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.fail;

import com.subsidyevaluator.TestSupport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through WebDriver for the page tests: the Debian {@code chromium} and its
 * {@code chromium-driver} ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or the programs
 * {@code SUBSIDY_CHROMIUM} and {@code SUBSIDY_CHROMEDRIVER} name), both given by path, so that Selenium Manager never
 * looks for (or downloads) a browser or a driver.
 *
 * <p>Without them the tests fail — a build never passes without having looked at the pages — unless
 * {@code SUBSIDY_ALLOW_NO_BROWSER=1} (or {@code -Dsubsidy.allowNoBrowser=true}) says to skip them, the switch of
 * ReportRenderTest; {@code SUBSIDY_REQUIRE_CHROMIUM=1} ({@code .ci/run}) overrides it.
 */
final class Browser {

    static final Path CHROMIUM = find("SUBSIDY_CHROMIUM", "/usr/bin/chromium", "chromium", "chromium-browser");
    static final Path CHROMEDRIVER = find("SUBSIDY_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver");
    static final Duration WAIT = Duration.ofSeconds(60);

    private Browser() {
    }

    /** Whether a missing browser skips the tests instead of failing them (as in ReportRenderTest). */
    static boolean noBrowserAllowed() {
        if ("1".equals(System.getenv("SUBSIDY_REQUIRE_CHROMIUM"))) {
            return false;
        }
        return "1".equals(System.getenv("SUBSIDY_ALLOW_NO_BROWSER"))
                || Boolean.parseBoolean(System.getProperty("subsidy.allowNoBrowser", "false"));
    }

    static boolean present() {
        return CHROMIUM != null && CHROMEDRIVER != null;
    }

    static String missing() {
        return (CHROMIUM == null ? "chromium" : "") + (CHROMIUM == null && CHROMEDRIVER == null ? " and " : "")
                + (CHROMEDRIVER == null ? "chromedriver" : "") + " not found, so the pages were not tested in a browser"
                + " (install the Debian packages chromium and chromium-driver, or name them in SUBSIDY_CHROMIUM and"
                + " SUBSIDY_CHROMEDRIVER)";
    }

    /** Run first by every browser test: fails without a browser, or skips the test when that is allowed. */
    static void need() {
        if (present()) {
            return;
        }
        if (noBrowserAllowed()) {
            Assumptions.abort(missing() + "; skipped, as allowed (SUBSIDY_ALLOW_NO_BROWSER=1 or -Dsubsidy.allowNoBrowser=true)");
        }
        fail(missing() + ". To build without a browser, set SUBSIDY_ALLOW_NO_BROWSER=1: these tests are then skipped.");
    }

    /** A new headless Chromium with a profile of its own; with {@code javascript} false, scripts do not run. */
    static ChromeDriver open(boolean javascript, Path profile) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1800", "--lang=zh-CN", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--user-data-dir=" + profile);
        if (!javascript) {
            o.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return d;
    }

    /** Saves what the browser shows as target/screenshots/NAME.png (a test artefact to look at). */
    static Path screenshot(WebDriver d, String name) {
        Path dir = TestSupport.projectDir().resolve("target/screenshots");
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(name + ".png");
            Files.write(png, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find(String env, String standard, String... names) {
        String configured = System.getenv(env);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : onPath(List.of(configured));
        }
        if (Files.isExecutable(Path.of(standard))) {
            return Path.of(standard);
        }
        return onPath(List.of(names));
    }

    private static Path onPath(List<String> names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String n : names) {
                Path p = Path.of(dir, n);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
