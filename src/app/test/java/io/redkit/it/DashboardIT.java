package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Deployments;
import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, driven by Selenium):
 * the page loads, shows leaderboard scores the test inserted, and shows a notification published after it opened
 * (Server-Sent Events). Screenshot: {@code target/dashboard.png}. Without the two packages the class is skipped
 * before anything is deployed, with one line saying so; {@code .ci/run} installs them.
 */
@ExtendWith(ArquillianExtension.class)
@EnabledIf(value = "browserAvailable", disabledReason = DashboardIT.NO_BROWSER)
class DashboardIT {

    static final String NO_BROWSER = "DashboardIT skipped: no headless browser here (needs /usr/bin/chromium and"
            + " /usr/bin/chromedriver: apt-get install chromium chromium-driver; .ci/run does this)";

    private static final String CHROMIUM = System.getProperty("redkit.test.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("redkit.test.chromedriver", "/usr/bin/chromedriver");

    static boolean browserAvailable() {
        boolean available = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!available) {
            System.out.println(NO_BROWSER);
        }
        return available;
    }

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.redkitWar();
    }

    @ArquillianResource
    URL base;

    private ChromeDriver browser;
    private Http http;

    @BeforeEach
    void open() throws Exception {
        http = new Http(base.toURI());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void dashboardShowsTheLeaderboardAndLiveNotifications() throws IOException {
        String board = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        score(board, "carol", 50);
        score(board, "alice", 90);
        score(board, "bob", 70);

        // the dashboard asks for the operator login: the browser sends it on every request of the page
        String login = java.util.Base64.getEncoder()
                .encodeToString(
                        (OpsLogin.USER + ":" + OpsLogin.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        browser.executeCdpCommand("Network.enable", java.util.Map.of());
        browser.executeCdpCommand(
                "Network.setExtraHTTPHeaders",
                java.util.Map.of("headers", java.util.Map.of("Authorization", "Basic " + login)));
        browser.get(base + "?board=" + board);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // the page re-renders the table at every poll: an element read between two renders is stale, so each check
        // reads the rows afresh inside the wait
        wait.ignoring(StaleElementReferenceException.class);

        wait.until(ExpectedConditions.textToBe(By.id("health"), "UP"));
        wait.withMessage("the leaderboard lists alice, bob, carol, best first, ranked from 1")
                .until(d -> List.of("alice", "bob", "carol").equals(texts(d, "#leaderboard tbody tr td.name"))
                        && texts(d, "#leaderboard tbody tr td.num").stream()
                                .findFirst()
                                .filter("1"::equals)
                                .isPresent());

        // a new score shows up at the next poll, without reloading the page
        score(board, "dave", 95);
        wait.withMessage("dave, the new best, tops the leaderboard without a reload")
                .until(d -> texts(d, "#leaderboard tbody tr td.name").stream()
                        .findFirst()
                        .filter("dave"::equals)
                        .isPresent());

        // notifications: the page's SSE stream is subscribed, then something is published
        wait.until(ExpectedConditions.textToBe(By.id("sse-state"), "live (all channels)"));
        String text = "order " + UUID.randomUUID() + " shipped";
        Http.Reply published = http.postJson("api/notifications/user:alice:notifications", "\"" + text + "\"");
        assertEquals(200, published.status(), published.toString());
        assertTrue(published.json().getInt("receivers") >= 1, "the page is a subscriber: " + published);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notifications"), text));
        assertTrue(browser.findElement(By.id("notifications")).getText().contains("user:alice:notifications"));

        // the other panels render from their endpoints
        wait.until(d -> !d.findElements(By.cssSelector("#strategies .stat")).isEmpty()
                && !d.findElements(By.cssSelector("#queue-stats .stat")).isEmpty()
                && !d.findElements(By.cssSelector("#redis .stat")).isEmpty());
        assertEquals("", browser.findElement(By.id("queue-error")).getText());

        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(screenshot) > 10_000, "a real screenshot");
    }

    private void score(String board, String player, double score) {
        Http.Reply reply = http.postJson(
                "api/leaderboards/" + board + "/scores", "{\"player\":\"" + player + "\",\"score\":" + score + "}");
        assertTrue(reply.status() == 200 || reply.status() == 201, reply.toString());
    }

    private static List<String> texts(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .toList();
    }
}
