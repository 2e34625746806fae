package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The live view's page in headless Chromium, against a stand-in agent in this JVM that serves the
 * real page and answers {@code /members}, {@code /health}, {@code /stats}, {@code /ring/shares},
 * {@code /ring} and {@code /events} with whatever the test sets: a thousand members, hostile names
 * and tags, a stream that drops. The timings printed at 1,000 members are reported, not asserted.
 */
class LiveViewPageTest {
    @RegisterExtension
    final HeadlessChromium browser = new HeadlessChromium();
    private FakeAgent agent;
    private WebDriver page;

    @BeforeEach
    void startBrowser() throws IOException {
        page = browser.start();
        agent = new FakeAgent();
    }

    @AfterEach
    void stop() {
        browser.close();
        if (agent != null) {
            agent.close();
        }
    }

    private void open() {
        page.get(agent.base() + "/");
        browser.await("the page has read the snapshot", d -> "true".equals(d.findElement(By.tagName("body"))
                .getDomAttribute("data-ready")));
    }

    private long rows() {
        return (Long) browser.script("return document.querySelectorAll('#members tbody tr').length");
    }

    private String stateOf(String name) {
        return page.findElement(By.cssSelector("#members tr[data-id='" + FakeAgent.id(name) + "'] td.state")).getText();
    }

    @Test
    void aThousandMembersRenderOnceAndEventsTouchOnlyTheirRows() {
        int n = 1_000;
        agent.members(n, i -> "ALIVE");
        long t0 = System.nanoTime();
        open();
        long firstRender = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(n, rows());
        assertEquals(n, (Long) browser.script("return document.querySelectorAll('#member-arcs path.arc').length"),
                "one arc per member on the wheel");
        browser.await("the summary counts them", d -> browser.text("#counts").orElse("").startsWith("1000 alive"));
        // mark every row: a row made anew would lack the mark
        browser.script("document.querySelectorAll('#members tbody tr').forEach(r => r.dataset.mark = 'kept')");
        WebElement held = page.findElement(By.cssSelector("#members tr[data-id='" + FakeAgent.id(FakeAgent.name(500)) + "']"));

        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            agent.emit("member-suspected", agent.memberEvent(i, "SUSPECT", 1));
        }
        browser.await("all 1000 events applied", d -> Integer.toString(n).equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-events")));
        long burst = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);

        assertEquals("SUSPECT", held.findElement(By.cssSelector("td.state")).getText(), "the row held before is the row now");
        assertEquals(n, rows());
        assertEquals(0L, browser.script("return [...document.querySelectorAll('#members tbody tr')]"
                + ".filter(r => r.dataset.mark !== 'kept').length"), "no row was drawn again");
        assertTrue(browser.text("#counts").orElse("").equals("0 alive · 1000 suspect"), browser.text("#counts")::get);
        long logged = (Long) browser.script("return document.querySelectorAll('#log li').length");
        assertTrue(logged <= 300, "the log keeps the newest 300 lines: " + logged);
        String busy = page.findElement(By.tagName("body")).getDomAttribute("data-busy-ms");
        System.out.printf(Locale.ROOT, "live view at %,d members: first render %,d ms (load, snapshot, table and wheel); "
                + "a burst of %,d events shown %,d ms after the first was sent, %s ms of it applying them in the page%n", n,
                firstRender, n, burst, busy);
    }

    @Test
    void memberSuppliedStringsAreShownAsTextNeverAsMarkup() {
        String tag = "<img src=x onerror=\"window.pwned=1\">";
        agent.members(2, i -> "ALIVE");
        agent.tag(1, "note", tag);
        agent.tag(1, "zone", "<b>z</b>");
        open();
        String tags = page.findElement(By.cssSelector("#members tr[data-id='" + FakeAgent.id(FakeAgent.name(1)) + "'] td.tags"))
                .getText();
        assertTrue(tags.contains("note=" + tag), tags);
        assertTrue(tags.contains("zone=<b>z</b>"), tags);
        agent.emit("user", "{\"type\":\"user\",\"topic\":\"t\",\"sender\":\"x\",\"sender_name\":\"<i>x</i>\",\"size\":30,"
                + "\"payload\":\"<script>window.pwned=2</script>\",\"encoding\":\"utf-8\"}");
        browser.await("the user event is logged", d -> browser.text("#log").orElse("").contains("<script>window.pwned=2</script>"));
        assertEquals(0L, browser.script("return document.querySelectorAll('#members img, #log img, #log script, #log i, "
                + "#zones b, #members b').length"), "no element made of a member's strings");
        assertNull(browser.script("return window.pwned === undefined ? null : window.pwned"));
        assertTrue(browser.text("#zones").orElse("").contains("<b>z</b>"), browser.text("#zones")::get);
    }

    @Test
    void afterTheStreamDropsThePageReconnectsAndReadsTheSnapshotAgain() {
        agent.members(3, i -> "ALIVE");
        open();
        assertEquals("ALIVE", stateOf(FakeAgent.name(2)));
        assertEquals(1, agent.streamsOpened());
        agent.members(4, i -> i == 2 ? "DEAD" : "ALIVE"); // while the page was away: one died, one joined
        agent.dropStreams();
        browser.await("a second snapshot after reconnecting", d -> "2".equals(d.findElement(By.tagName("body"))
                .getDomAttribute("data-snapshots")));
        assertEquals("DEAD", stateOf(FakeAgent.name(2)));
        assertEquals("ALIVE", stateOf(FakeAgent.name(3)));
        assertEquals(4, rows());
        assertEquals("live", page.findElement(By.id("connection")).getText());
        assertTrue(browser.text("#log").orElse("").contains("the agent went away; reconnecting"), browser.text("#log")::get);
        assertTrue(agent.streamsOpened() >= 2);
        agent.emit("member-recovered", agent.memberEvent(2, "ALIVE", 2));
        browser.await("the new stream is followed", d -> "ALIVE".equals(stateOf(FakeAgent.name(2))));
    }

    @Test
    void aKeyLookupShowsTheOwnersOrSaysWhatWasWrong() {
        agent.members(3, i -> "ALIVE");
        open();
        page.findElement(By.id("key")).sendKeys("user:1001");
        page.findElement(By.cssSelector("#lookup button")).click();
        browser.await("the owners are listed", d -> d.findElements(By.cssSelector("#owners li")).size() == 2);
        assertEquals(List.of(FakeAgent.name(0), FakeAgent.name(1)), page.findElements(By.cssSelector("#owners li .name"))
                .stream().map(WebElement::getText).toList());
        assertEquals(2L, browser.script("return document.querySelectorAll('#member-arcs path.owner').length"),
                "the owners' arcs are marked on the wheel");

        page.findElement(By.id("replicas")).clear();
        page.findElement(By.id("replicas")).sendKeys("0");
        page.findElement(By.cssSelector("#lookup button")).click();
        browser.await("the agent's reason is shown", d -> browser.text("#lookup-error").orElse("")
                .equals("invalid replicas '0': a whole number from 1 to 1024"));
        assertEquals(0, page.findElements(By.cssSelector("#owners li")).size());

        page.findElement(By.id("key")).clear();
        page.findElement(By.cssSelector("#lookup button")).click();
        browser.await("an empty key is refused", d -> browser.text("#lookup-error").orElse("").equals("enter a key to look up"));
    }

    /** An agent's HTTP answers, made up: the real page, and JSON and events as the test sets them. */
    static final class FakeAgent implements AutoCloseable {
        private final HttpServer server;
        private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
        private final AtomicInteger opened = new AtomicInteger();
        private volatile List<Map<String, Object>> members = List.of();
        private static final String CLOSE = "";

        FakeAgent() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-agent");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", this::handle);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        static String name(int i) {
            return String.format(Locale.ROOT, "m%04d", i);
        }

        static String id(String name) {
            return name + "@10.0.0.1:" + (7000 + Integer.parseInt(name.substring(1)));
        }

        private static Map<String, Object> member(int i, String state, long incarnation) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id(name(i)));
            m.put("name", name(i));
            m.put("host", "10.0.0.1");
            m.put("port", 7000 + i);
            m.put("state", state);
            m.put("incarnation", incarnation);
            m.put("tags", new LinkedHashMap<>(Map.of("zone", "zone-" + (char) ('a' + i % 3))));
            m.put("age_ms", 1000);
            return m;
        }

        void members(int n, java.util.function.IntFunction<String> state) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(member(i, state.apply(i), 1));
            }
            members = list;
        }

        @SuppressWarnings("unchecked")
        void tag(int i, String key, String value) {
            ((Map<String, Object>) members.get(i).get("tags")).put(key, value);
        }

        String memberEvent(int i, String state, long incarnation) {
            return Json.write(Map.of("type", "x", "member", member(i, state, incarnation)));
        }

        void emit(String type, String json) {
            for (BlockingQueue<String> s : streams) {
                s.add("event: " + type + "\ndata: " + json + "\n\n");
            }
        }

        void dropStreams() {
            for (BlockingQueue<String> s : streams) {
                s.add(CLOSE);
            }
        }

        int streamsOpened() {
            return opened.get();
        }

        private void handle(HttpExchange x) throws IOException {
            try (x) {
                String path = x.getRequestURI().getPath();
                if (LiveView.serves(path)) {
                    LiveView.serve(x, path);
                    return;
                }
                List<Map<String, Object>> list = members;
                String self = list.isEmpty() ? null : (String) list.get(0).get("id");
                switch (path) {
                    case "/members" -> json(x, 200, list);
                    case "/health" -> json(x, 200, Map.of("status", "running", "id", self, "alive", list.size(), "quorum", true,
                            "coordinator", self));
                    case "/stats" -> json(x, 200, Map.of("status", "running", "health_score", 0, "ring_epoch", 1));
                    case "/ring/shares" -> {
                        List<Map<String, Object>> shares = new ArrayList<>();
                        for (Map<String, Object> m : list) {
                            Map<String, Object> s = new LinkedHashMap<>();
                            s.put("id", m.get("id"));
                            s.put("name", m.get("name"));
                            s.put("zone", ((Map<?, ?>) m.get("tags")).get("zone"));
                            s.put("share", 1.0 / list.size());
                            shares.add(s);
                        }
                        json(x, 200, Map.of("epoch", 1, "sampled_keys", 16384, "members", shares));
                    }
                    case "/ring" -> {
                        String q = x.getRequestURI().getQuery();
                        if (q.contains("replicas=0")) {
                            json(x, 400, Map.of("error", "invalid replicas '0': a whole number from 1 to 1024"));
                        } else {
                            json(x, 200, list.subList(0, 2));
                        }
                    }
                    case "/events" -> stream(x);
                    default -> json(x, 404, Map.of("error", "no such endpoint " + path));
                }
            }
        }

        private void stream(HttpExchange x) throws IOException {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            streams.add(queue); // before the page hears the stream open, so that nothing sent after is lost
            opened.incrementAndGet();
            try {
                x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                x.sendResponseHeaders(200, 0);
                OutputStream out = x.getResponseBody();
                out.write(": fake\nretry: 300\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (true) {
                    String chunk = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (CLOSE.equals(chunk)) {
                        return;
                    }
                    if (chunk != null) {
                        StringBuilder more = new StringBuilder(chunk);
                        for (String c = queue.peek(); c != null && !CLOSE.equals(c); c = queue.peek()) {
                            more.append(queue.poll());
                        }
                        out.write(more.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException gone) {
                // the page went away
            } finally {
                streams.remove(queue);
            }
        }

        private static void json(HttpExchange x, int code, Object body) throws IOException {
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            x.sendResponseHeaders(code, bytes.length);
            x.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            dropStreams();
            server.stop(0);
        }
    }
}
