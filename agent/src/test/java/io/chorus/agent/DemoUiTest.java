package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code chorus demo --ui} as a person runs it: a real process that starts three agents, prints the
 * first one's live view address, takes {@code kill} and {@code start} on standard input, and on
 * SIGTERM stops its agents and exits 0. Deadlines are generous: what happens is checked, not how fast.
 */
class DemoUiTest {
    private static final long DEADLINE_S = 90;
    private static final Pattern VIEW = Pattern.compile("  the live view:  (http://127\\.0\\.0\\.1:[0-9]+/)");
    private static final Pattern PID = Pattern.compile("  (node-[0-9]+) +running +pid ([0-9]+) ");
    private AgentProcess demo;

    @AfterEach
    void stop() throws InterruptedException {
        if (demo != null && demo.process.isAlive()) {
            demo.process.destroy();
            demo.process.waitFor(30, TimeUnit.SECONDS);
            demo.process.destroyForcibly();
        }
    }

    @Test
    void printsTheViewKeepsTheClusterUpTakesKillAndStartAndEndsOnSigterm() throws Exception {
        demo = AgentProcess.run("demo", List.of("-Xmx64m"), List.of("demo", "--ui", "--nodes", "3"), Map.of());
        String view = await("the view's address", () -> demo.lines.stream().map(VIEW::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).findFirst());

        HttpURLConnection page = (HttpURLConnection) URI.create(view).toURL().openConnection();
        assertEquals(200, page.getResponseCode());
        assertEquals("text/html; charset=utf-8", page.getContentType());
        String html = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<title>Chorus</title>") && html.contains("/ui/view.js"), html);
        String agent = view.substring("http://".length(), view.length() - 1);

        OutputStream stdin = demo.process.getOutputStream();
        long before = incarnation(agent, "node-3");
        say(stdin, "kill node-3");
        await("node-3 DEAD in node-1's view", () -> state(agent, "node-3").filter("DEAD"::equals));
        say(stdin, "start node-3");
        await("node-3 ALIVE again", () -> state(agent, "node-3").filter("ALIVE"::equals));
        assertTrue(incarnation(agent, "node-3") > before, "it came back with a higher incarnation");
        say(stdin, "list");
        List<Long> pids = await("the agents listed", () -> {
            List<Long> listed = new ArrayList<>();
            demo.lines.stream().map(PID::matcher).filter(Matcher::find).forEach(m -> listed.add(Long.parseLong(m.group(2))));
            return listed.size() == 3 ? Optional.of(listed) : Optional.empty();
        });

        demo.process.toHandle().destroy(); // SIGTERM, as Ctrl-C; Process.destroy would also close its output to us
        assertTrue(demo.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the demo ends on SIGTERM");
        assertEquals(0, demo.process.exitValue(), demo.tail(20));
        assertTrue(demo.lines.stream().anyMatch(l -> l.endsWith("stopped the 3 agents; bye")), demo.tail(20));
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "agent " + pid + " stopped too");
        }
    }

    private static void say(OutputStream stdin, String command) throws IOException {
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static Optional<String> state(String agent, String name) {
        return member(agent, name).map(m -> m.path("state").asString());
    }

    private static long incarnation(String agent, String name) {
        return member(agent, name).orElseThrow().path("incarnation").asLong();
    }

    private static Optional<JsonNode> member(String agent, String name) {
        try {
            for (JsonNode m : Json.MAPPER.readTree(AgentClient.get(agent, "/members"))) {
                if (m.path("name").asString().equals(name)) {
                    return Optional.of(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not up yet
        }
        return Optional.empty();
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (true) {
            Optional<T> got = probe.get();
            if (got.isPresent()) {
                return got.get();
            }
            assertTrue(demo.process.isAlive(), "the demo ended waiting for " + what + ":\n" + demo.tail(30));
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + DEADLINE_S + " s:\n" + demo.tail(30));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
