package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The live view of a real cluster, in headless Chromium, checked as a person sees it: three agents
 * (each a JVM of its own) shown ALIVE; one killed, and its row turns DEAD without a reload; a key
 * looked up shows the owners {@code /ring} gives; a hostile tag shows as text. Waits poll the page
 * up to a generous deadline. A failure leaves a screenshot under {@code target/browser-failures/}.
 */
class LiveViewBrowserTest {
    private static final String HOSTILE = "<img src=x onerror=window.pwned=1>";
    @RegisterExtension
    final HeadlessChromium browser = new HeadlessChromium();
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        browser.close();
        for (AgentProcess a : agents) {
            a.process.destroyForcibly();
        }
        for (AgentProcess a : agents) {
            a.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String row(String name) {
        return "#members tbody tr[data-id^='" + name + "@']";
    }

    private String stateShown(WebDriver page, String name) {
        List<WebElement> cells = page.findElements(By.cssSelector(row(name) + " td.state"));
        return cells.isEmpty() ? "" : cells.get(0).getText();
    }

    @Test
    void threeAgentsShowAliveAKillShowsDeadWithoutAReloadAndALookupMatchesTheRing() throws Exception {
        WebDriver page = browser.start();
        int[] ports = AgentProcess.freePorts(3);
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "v" + i, "--bind", "127.0.0.1:" + ports[i], "--profile", "local",
                    "--http", "127.0.0.1:0", "--tag", "zone=z" + i));
            if (i > 0) {
                args.addAll(List.of("--seed", "v0@127.0.0.1:" + ports[0]));
            }
            if (i == 1) {
                args.addAll(List.of("--tag", "note=" + HOSTILE));
            }
            agents.add(AgentProcess.start("v" + i, List.of("-Xmx64m"), args));
        }
        String http = browser.await("v0 serves HTTP", d -> agents.get(0).line("http on ").orElse(null));

        page.get("http://" + http + "/");
        browser.await("three members ALIVE", d -> List.of("v0", "v1", "v2").stream()
                .allMatch(n -> stateShown(d, n).equals("ALIVE")) && d.findElements(By.cssSelector("#members tbody tr")).size() == 3);
        assertEquals("running", page.findElement(By.id("status")).getText());
        assertEquals("held", page.findElement(By.id("quorum")).getText());

        // a member's tag is text on the page, never markup
        String tags = page.findElement(By.cssSelector(row("v1") + " td.tags")).getText();
        assertTrue(tags.contains("note=" + HOSTILE), tags);
        assertEquals(0L, browser.script("return document.querySelectorAll('#members img').length"));
        assertNull(browser.script("return window.pwned === undefined ? null : window.pwned"));

        // the wheel shows the three once the ring holds them; then a lookup matches /ring
        browser.await("the wheel holds 3 members", d -> browser.text("#wheel-count").orElse("").equals("3 members"));
        String key = "user:1001";
        page.findElement(By.id("key")).sendKeys(key);
        page.findElement(By.cssSelector("#lookup button")).click();
        browser.await("the owners are listed", d -> d.findElements(By.cssSelector("#owners li")).size() == 2);
        List<String> shown = page.findElements(By.cssSelector("#owners li .name")).stream().map(WebElement::getText).toList();
        List<String> ring = new ArrayList<>();
        for (JsonNode m : Json.MAPPER.readTree(AgentClient.get(http, "/ring?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + "&replicas=2"))) {
            ring.add(m.path("name").asString());
        }
        assertEquals(ring, shown, "the page's owners of " + key + " are /ring's");

        // kill v2: its row turns DEAD in the same page, with no reload
        browser.script("window.sameDocument = true");
        agents.get(2).process.destroyForcibly();
        browser.await("v2 shown DEAD", d -> stateShown(d, "v2").equals("DEAD"));
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "the page was not reloaded");
        assertEquals("ALIVE", stateShown(page, "v0"));
        assertEquals("ALIVE", stateShown(page, "v1"));
        assertTrue(browser.text("#log").orElse("").contains("v2 (127.0.0.1:" + ports[2] + ") is DEAD"),
                browser.text("#log")::get);
    }
}
