package org.vmpooler.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/**
 * The dashboard page in Debian's headless Chromium (installed by {@code bin/ensure-chromium}): it loads without a
 * console error, shows every pool with its counts, and follows a checkout without a reload.
 */
class DashboardBrowserTest extends ApiTestBase {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    private ChromeDriver browser;
    private Path profile;

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @BeforeEach
    void startServerAndBrowser() throws IOException {
        assertThat(CHROMIUM).as("Chromium is missing: run bin/ensure-chromium").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver is missing: run bin/ensure-chromium").isExecutable();
        TestConfig pools = new TestConfig().siteName("Pool <Lab> & Co")
                .pool("centos-7-x86_64", 3).pool("centos-8-x86_64", 2).pool("debian-12-x86_64", 1)
                .pool("win-2022", 4);
        start(pools, RandomGenerator.of("L64X128MixRandom"), store -> {
            ready("centos-7-x86_64", "c7a");
            ready("centos-7-x86_64", "c7b");
            ready("centos-8-x86_64", "c8a");
            ready("win-2022", "w1");
            ready("win-2022", "w2");
            ready("win-2022", "w3");
            return store;
        });
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1366,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server().port() + path;
    }

    private WebElement card(String pool) {
        return browser.findElement(By.cssSelector("article.pool[data-pool='" + pool + "']"));
    }

    private static String text(WebElement card, String selector) {
        return card.findElement(By.cssSelector(selector)).getText();
    }

    private void waitFor(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(what).until(condition);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void thePageShowsEveryPoolAndFollowsACheckoutLive() throws IOException {
        browser.get(url("/dashboard/"));
        waitFor("every pool card", b -> b.findElements(By.cssSelector("article.pool")).size() == 4);
        waitFor("the history graphs", b -> !b.findElements(By.cssSelector("#chart-ready path.series")).isEmpty());

        assertThat(browser.findElement(By.id("site")).getText()).isEqualTo("Pool <Lab> & Co");
        assertThat(browser.getTitle()).isEqualTo("Pool <Lab> & Co · dashboard");
        assertThat(text(card("centos-7-x86_64"), ".ready")).isEqualTo("2");
        assertThat(text(card("centos-7-x86_64"), ".size")).isEqualTo("3");
        assertThat(text(card("centos-8-x86_64"), ".ready")).isEqualTo("1");
        assertThat(text(card("win-2022"), ".ready")).isEqualTo("3");
        assertThat(card("debian-12-x86_64").getAttribute("class")).contains("empty");
        assertThat(text(card("debian-12-x86_64"), ".badge")).isEqualTo("EMPTY");
        assertThat(browser.findElement(By.cssSelector("#total-ready .value")).getText()).isEqualTo("6 / 10");
        screenshot("dashboard-wide.png");

        assertThat(post("/api/v3/vm/centos-8-x86_64").status()).isEqualTo(200);

        waitFor("the checkout on the centos-8 card", b -> {
            WebElement centos8 = card("centos-8-x86_64");
            return text(centos8, ".ready").equals("0") && text(centos8, "dd.running").equals("1")
                    && centos8.getAttribute("class").contains("empty");
        });
        assertThat(browser.findElement(By.cssSelector("#total-running .value")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#total-empty-pools .value")).getText()).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#chart-running .legend span"))).extracting(WebElement::getText)
                .containsExactly("centos", "debian", "win");

        browser.manage().window().setSize(new Dimension(2560, 1440));
        waitFor("the wide layout", b -> card("win-2022").getLocation().getY() == card("centos-7-x86_64").getLocation().getY());
        screenshot("dashboard-wall.png");
        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    void poolsCanBeFilteredAndSortedOnAPhone() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(url("/dashboard/"));
        waitFor("every pool card", b -> b.findElements(By.cssSelector("article.pool")).size() == 4);

        new Select(browser.findElement(By.id("sort"))).selectByValue("capacity");
        assertThat(poolOrder()).containsExactly("debian-12-x86_64", "centos-8-x86_64", "centos-7-x86_64", "win-2022");
        browser.findElement(By.id("filter")).sendKeys("centos");
        waitFor("only the centos pools", b -> poolOrder().size() == 2);
        assertThat(poolOrder()).containsExactly("centos-8-x86_64", "centos-7-x86_64");
        assertThat(browser.getCurrentUrl()).contains("#filter=centos&sort=capacity");
        screenshot("dashboard-phone.png");

        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("only-empty")).click();
        waitFor("only the empty pool", b -> poolOrder().equals(List.of("debian-12-x86_64")));
        assertThat(severeConsoleEntries()).isEmpty();
    }

    private List<String> poolOrder() {
        return browser.findElements(By.cssSelector("article.pool")).stream()
                .map(card -> card.getAttribute("data-pool")).toList();
    }

    private List<String> severeConsoleEntries() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
    }
}
