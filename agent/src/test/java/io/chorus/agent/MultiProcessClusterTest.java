package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Real processes on loopback: five agents in separate JVMs, on the real transports, found by
 * ServiceLoader on the module path. They converge, a {@code kill -9} is detected as DEAD and a
 * SIGTERM is seen as a graceful LEFT; a user event posted to one agent reaches every agent's
 * {@code /events} stream (the test prints how long that took). Deadlines are generous: the test
 * checks what happens, not how fast (the closing note of the transports issue reports the times).
 */
class MultiProcessClusterTest {
    private static final long DEADLINE_S = 90;
    /** How long a user event may take to reach every agent once they all see each other: generous, not a target. */
    private static final long USER_EVENT_DEADLINE_S = 30;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.killAll(agents);
    }

    @ParameterizedTest(name = "--transport {0}")
    @ValueSource(strings = {"udp+tcp", "tcp"})
    void fiveProcessesConvergeDetectAKillAndSeeALeave(String transport) throws Exception {
        int n = 5;
        int[] ports = AgentProcess.freePorts(n);
        for (int i = 0; i < n; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "p" + i, "--bind", "127.0.0.1:" + ports[i],
                    "--profile", "local", "--transport", transport));
            if (i > 0) {
                args.add("--seed");
                args.add("127.0.0.1:" + ports[0]);
            }
            start(args);
        }
        for (AgentProcess a : agents) {
            for (int j = 0; j < n; j++) {
                String other = "p" + j + "@127.0.0.1:" + ports[j] + " ALIVE";
                if (!a.name.equals("p" + j)) {
                    await(a, "sees p" + j + " join", l -> l.startsWith("joined " + other));
                }
            }
        }
        AgentProcess victim = agents.get(n - 1);
        victim.process.destroyForcibly(); // kill -9: no goodbye
        for (AgentProcess a : agents.subList(0, n - 1)) {
            await(a, "marks p" + (n - 1) + " DEAD", l -> l.startsWith("failed p" + (n - 1) + "@") && l.contains(" DEAD "));
        }
        AgentProcess leaver = agents.get(n - 2);
        leaver.process.destroy(); // SIGTERM: leave gracefully
        assertTrue(leaver.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the agent exits after SIGTERM");
        for (AgentProcess a : agents.subList(0, n - 2)) {
            await(a, "sees p" + (n - 2) + " leave", l -> l.startsWith("left p" + (n - 2) + "@"));
            assertTrue(a.lines.stream().noneMatch(l -> l.startsWith("failed p" + (n - 2) + "@")),
                    a.name + " declared the leaver DEAD: " + a.lines);
        }
        assertEquals(0, agents.get(0).process.isAlive() ? 0 : 1, "the seed still runs");
    }

    @Test
    void threeAgentsShowTheSameMembersAndRingOwnersOverHttpAndMembersPrintsThem() throws Exception {
        int[] ports = AgentProcess.freePorts(3);
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "h" + i, "--bind", "127.0.0.1:" + ports[i], "--profile",
                    "local", "--http", "127.0.0.1:0", "--tag", "zone=z" + i));
            if (i > 0) {
                args.addAll(List.of("--seed", "h0@127.0.0.1:" + ports[0]));
            }
            start(args);
        }
        List<String> http = new ArrayList<>();
        for (AgentProcess a : agents) {
            await(a, "serves HTTP", l -> l.startsWith("http on "));
            http.add(a.line("http on ").orElseThrow());
        }
        awaitMembers(http, Set.of("h0 ALIVE", "h1 ALIVE", "h2 ALIVE"));
        for (int k = 0; k < 20; k++) {
            String key = "key-" + k;
            List<String> first = owners(http.get(0), key);
            assertEquals(2, first.size());
            for (String h : http.subList(1, 3)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
                while (!owners(h, key).equals(first)) { // a ring catches up just after membership does
                    assertTrue(System.nanoTime() < until, h + " owners of " + key + ": " + owners(h, key) + " vs " + first);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"members", "--http", http.get(1)}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> lines = table.lines().toList();
        assertEquals(4, lines.size(), table);
        assertTrue(lines.get(0).matches("NAME +ADDRESS +STATE +INCARNATION +TAGS +AGE"), table);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i + 1).matches("h" + i + " +127\\.0\\.0\\.1:" + ports[i] + " +ALIVE +\\d+ +zone=z" + i
                    + " +\\d+[smhd].*"), table);
        }
    }

    @Test
    void anAgentUnderANameALiveAgentHoldsExitsNamingItsAddress() throws Exception {
        int[] ports = AgentProcess.freePorts(2);
        AgentProcess first = start(List.of("--name", "web-1", "--bind", "127.0.0.1:" + ports[0], "--profile", "local"));
        await(first, "started", l -> l.startsWith("started "));
        AgentProcess second = start(List.of("--name", "web-1", "--bind", "127.0.0.1:" + ports[1], "--profile", "local",
                "--seed", "127.0.0.1:" + ports[0]));
        assertTrue(second.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the second web-1 exits");
        assertEquals(1, second.process.exitValue(), second.tail(20));
        await(second, "named the holder's address", l -> l.contains("the name web-1 is held by a live member at 127.0.0.1:"
                + ports[0]));
        await(first, "reported the conflict", l -> l.startsWith("name-conflict web-1@127.0.0.1:" + ports[1]));
        assertTrue(first.process.isAlive(), "the holder runs on");
    }

    @Test
    void aUserEventPostedToOneAgentReachesEveryAgentsEventStream() throws Exception {
        int n = 3;
        int[] ports = AgentProcess.freePorts(n);
        for (int i = 0; i < n; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "u" + i, "--bind", "127.0.0.1:" + ports[i], "--profile",
                    "local", "--http", "127.0.0.1:0"));
            if (i > 0) {
                args.addAll(List.of("--seed", "u0@127.0.0.1:" + ports[0]));
            }
            start(args);
        }
        List<String> http = new ArrayList<>();
        for (AgentProcess a : agents) {
            await(a, "serves HTTP", l -> l.startsWith("http on "));
            http.add(a.line("http on ").orElseThrow());
        }
        awaitMembers(http, Set.of("u0 ALIVE", "u1 ALIVE", "u2 ALIVE"));
        List<EventStream> streams = new ArrayList<>();
        try {
            for (String h : http) {
                streams.add(EventStream.open(h));
            }
            String text = "release 42 ✓";
            long posted = System.nanoTime();
            JsonNode answer = Json.MAPPER.readTree(AgentClient.call("POST", http.get(0), "/events/deploy",
                    text.getBytes(StandardCharsets.UTF_8)));
            assertEquals("deploy", answer.path("topic").asString());
            long last = posted;
            for (int i = 0; i < n; i++) {
                EventStream.Seen seen = streams.get(i).awaitUser("deploy", Duration.ofSeconds(USER_EVENT_DEADLINE_S));
                assertEquals("u0@127.0.0.1:" + ports[0], seen.data().path("sender").asString());
                assertEquals("u0", seen.data().path("sender_name").asString());
                assertEquals(text, seen.data().path("payload").asString());
                assertEquals("utf-8", seen.data().path("encoding").asString());
                if (i > 0) {
                    last = Math.max(last, seen.atNanos());
                }
            }
            System.out.println("user event reached " + (n - 1) + " agents in "
                    + TimeUnit.NANOSECONDS.toMillis(last - posted) + " ms");
            for (AgentProcess a : agents) {
                await(a, "prints the user event", l -> l.equals("user deploy from u0@127.0.0.1:" + ports[0] + " "
                        + text.getBytes(StandardCharsets.UTF_8).length + " bytes"));
            }
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    /**
     * Agents configured through the environment alone (no flag after {@code agent}) join an agent
     * started with flags: one named by {@code CHORUS_NAME}, one named after its bind address; the
     * cluster is signed, the secret file named by {@code --secret-file} for the first and by
     * {@code CHORUS_SECRET_FILE} for the others, so the joins prove that variable was read too.
     */
    @Test
    void agentsConfiguredOnlyThroughTheEnvironmentJoinACluster(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, "env-test-secret-0123456789abcdef\n");
        int[] ports = AgentProcess.freePorts(3);
        start(List.of("--name", "e0", "--bind", "127.0.0.1:" + ports[0], "--profile", "local", "--http", "127.0.0.1:0",
                "--secret-file", secret.toString()));
        String auto = "node-127_0_0_1-" + ports[2];
        Map<String, String> named = Map.of("CHORUS_NAME", "e1", "CHORUS_BIND", "127.0.0.1:" + ports[1],
                "CHORUS_SEEDS", "e0@127.0.0.1:" + ports[0], "CHORUS_HTTP", "127.0.0.1:0",
                "CHORUS_SECRET_FILE", secret.toString());
        Map<String, String> unnamed = Map.of("CHORUS_BIND", "127.0.0.1:" + ports[2],
                "CHORUS_SEEDS", "127.0.0.1:" + ports[0] + ", 127.0.0.1:" + ports[1], "CHORUS_HTTP", "127.0.0.1:0",
                "CHORUS_SECRET_FILE", secret.toString());
        for (Map.Entry<String, Map<String, String>> e : List.of(Map.entry("e1", named), Map.entry(auto, unnamed))) {
            agents.add(AgentProcess.start(e.getKey(), List.of("-Xmx256m"), List.of(), e.getValue()));
        }
        List<String> http = new ArrayList<>();
        for (AgentProcess a : agents) {
            await(a, "serves HTTP", l -> l.startsWith("http on "));
            http.add(a.line("http on ").orElseThrow());
        }
        await(agents.get(0), "sees e1 join", l -> l.startsWith("joined e1@127.0.0.1:" + ports[1] + " ALIVE"));
        await(agents.get(0), "sees " + auto + " join", l -> l.startsWith("joined " + auto + "@127.0.0.1:" + ports[2] + " ALIVE"));
        awaitMembers(http, Set.of("e0 ALIVE", "e1 ALIVE", auto + " ALIVE"));
        JsonNode keys = Json.MAPPER.readTree(AgentClient.get(http.get(2), "/keys"));
        assertEquals(1, keys.path("keys").size(), "the agent named by its address signs with the secret file: " + keys);
    }

    /** Waits until every agent lists exactly these {@code "NAME STATE"} members. */
    private static void awaitMembers(List<String> http, Set<String> expected) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        for (String h : http) {
            Set<String> seen = Set.of();
            while (!seen.equals(expected)) {
                assertTrue(System.nanoTime() < deadline, h + " lists " + seen);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                seen = new TreeSet<>();
                for (JsonNode m : get(h, "/members").values()) {
                    seen.add(m.path("name").asString() + " " + m.path("state").asString());
                }
            }
        }
    }

    private static JsonNode get(String http, String path) throws IOException {
        return Json.MAPPER.readTree(AgentClient.get(http, path));
    }

    private static List<String> owners(String http, String key) throws IOException {
        List<String> names = new ArrayList<>();
        get(http, "/ring?key=" + key + "&replicas=2").values().forEach(m -> names.add(m.path("name").asString()));
        return names;
    }

    /** Fails with the agent's output unless one of its lines matches within the deadline. */
    static void await(AgentProcess a, String what, Predicate<String> line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (a.lines.stream().noneMatch(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(a.name + " never " + what + " within " + DEADLINE_S + " s; its output:\n"
                        + String.join("\n", a.lines));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private AgentProcess start(List<String> args) throws IOException {
        AgentProcess a = AgentProcess.start(args.get(1), List.of("-Xmx256m"), args);
        agents.add(a);
        return a;
    }
}
