package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every operator command against real agents, each in a JVM of its own on loopback: {@code join}
 * (merging two clusters formed apart), {@code members} with filters, {@code tags}, {@code event}
 * and {@code monitor}, {@code info}, {@code force-leave} of a killed member, {@code leave}, the
 * health endpoints, the bearer token, and SIGTERM's exit code.
 */
class OperatorCommandsTest {
    private static final long DEADLINE_S = 90;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.killAll(agents);
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + ": " + r.err());
        assertEquals("", r.err());
        return r;
    }

    private AgentProcess start(String name, int port, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--name", name, "--bind", "127.0.0.1:" + port, "--profile", "local",
                "--http", "127.0.0.1:0"));
        args.addAll(List.of(more));
        AgentProcess a = AgentProcess.start(name, List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), args);
        agents.add(a);
        MultiProcessClusterTest.await(a, "serves HTTP", l -> l.startsWith("http on "));
        return a;
    }

    private static String http(AgentProcess a) {
        return a.line("http on ").orElseThrow();
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + DEADLINE_S + " s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static Set<String> members(String http, String... filters) {
        List<String> args = new ArrayList<>(List.of("members", "--http", http, "--json"));
        args.addAll(List.of(filters));
        Run r = ok(args.toArray(String[]::new));
        Set<String> seen = new TreeSet<>();
        for (JsonNode m : Json.MAPPER.readTree(r.out()).values()) {
            seen.add(m.path("name").asString() + " " + m.path("state").asString());
        }
        return seen;
    }

    @Test
    void operatorCommandsDriveRealAgents(@TempDir Path dir) throws Exception {
        int[] ports = AgentProcess.freePorts(4);
        AgentProcess a = start("o1", ports[0], "--tag", "role=api");
        AgentProcess b = start("o2", ports[1], "--seed", "127.0.0.1:" + ports[0], "--tag", "role=web");
        AgentProcess c = start("o3", ports[2]);
        AgentProcess d = start("o4", ports[3], "--seed", "o3@127.0.0.1:" + ports[2]);
        until("two clusters of two", () -> members(http(a)).equals(Set.of("o1 ALIVE", "o2 ALIVE"))
                && members(http(c)).equals(Set.of("o3 ALIVE", "o4 ALIVE")));
        MultiProcessClusterTest.await(b, "is ready", l -> l.startsWith("joined through 1 of 1 seeds"));
        assertEquals(200, AgentHttpProbe.code(http(b), "/health/ready"));
        assertEquals(200, AgentHttpProbe.code(http(b), "/health/live"));

        // join on a running agent merges the two clusters
        Run join = ok("join", "--http", http(c), "o1@127.0.0.1:" + ports[0]);
        assertTrue(join.out().startsWith("joined through 1 of 1 addresses"), join.out());
        Set<String> four = Set.of("o1 ALIVE", "o2 ALIVE", "o3 ALIVE", "o4 ALIVE");
        until("every agent sees four", () -> agents.stream().allMatch(x -> members(http(x)).equals(four)));

        // members filters
        assertEquals(Set.of("o2 ALIVE"), members(http(a), "--tag", "role=web"));
        assertEquals(Set.of(), members(http(a), "--status", "dead"));

        // tags
        assertEquals("role=api,zone=eu\n", ok("tags", "set", "zone=eu", "--http", http(a)).out());
        until("o4 sees o1's new tag", () -> members(http(d), "--tag", "zone=eu").equals(Set.of("o1 ALIVE")));
        assertEquals("role=api\n", ok("tags", "delete", "zone", "--http", http(a)).out());
        until("the tag is gone everywhere", () -> members(http(d), "--tag", "zone=eu").isEmpty());

        // monitor follows events; event broadcasts one
        ByteArrayOutputStream watched = new ByteArrayOutputStream();
        PrintStream watchOut = new PrintStream(watched, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> monitor = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"monitor",
            "--http", http(d), "--json"}, watchOut, watchOut, Map.of()));
        until("monitor is connected", () -> AgentHttpProbe.streams(http(d)) > 0 || monitor.isDone());
        assertEquals("sent deploy, 5 bytes\n", ok("event", "--http", http(b), "deploy", "hello").out());
        until("monitor prints the user event", () -> watched.toString(StandardCharsets.UTF_8).contains("\"topic\":\"deploy\""));
        JsonNode event = Json.MAPPER.readTree(watched.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"deploy\"")).findFirst().orElseThrow());
        assertEquals("hello", event.path("payload").asString());
        MultiProcessClusterTest.await(a, "prints the event", l -> l.startsWith("user deploy from o2@"));

        // info
        Run info = ok("info", "--http", http(a), "--json");
        JsonNode i = Json.MAPPER.readTree(info.out());
        assertEquals("o1@127.0.0.1:" + ports[0], i.path("node").path("id").asString());
        assertEquals(4, i.path("node").path("members").path("alive").asInt());
        assertTrue(i.path("providers").toString().contains("\"failure detector\""), info.out());
        assertEquals(Build.version(), i.path("build").path("version").asString());

        // force-leave: refused for a live member, done for a killed one
        Run alive = run("force-leave", "--http", http(a), "o3");
        assertEquals(1, alive.code());
        assertTrue(alive.err().startsWith("chorus force-leave: the agent refused (HTTP 409): member 'o3' is ALIVE"),
                alive.err());
        c.process.destroyForcibly();
        until("o1 marks o3 DEAD", () -> members(http(a)).contains("o3 DEAD"));
        assertTrue(ok("force-leave", "--http", http(a), "o3").out().startsWith("o3@127.0.0.1:" + ports[2] + " LEFT"));
        until("o2 and o4 hear o3 LEFT", () -> members(http(b)).contains("o3 LEFT") && members(http(d)).contains("o3 LEFT"));
        assertEquals(Set.of("o3 LEFT"), members(http(a), "--status", "left"));

        // leave: the agent leaves, its peers see LEFT, it exits 0, and monitor ends with it
        assertEquals("left: o4@127.0.0.1:" + ports[3] + "\n", ok("leave", "--http", http(d)).out());
        assertTrue(d.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "o4 exits after leave");
        assertEquals(0, d.process.exitValue(), d.tail(10));
        until("o1 sees o4 LEFT", () -> members(http(a)).contains("o4 LEFT"));
        assertEquals(0, monitor.get(DEADLINE_S, TimeUnit.SECONDS), watched.toString(StandardCharsets.UTF_8));

        // SIGTERM: a graceful leave, exit 0
        b.process.destroy();
        assertTrue(b.process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "o2 exits after SIGTERM");
        assertEquals(0, b.process.exitValue(), b.tail(10));
        until("o1 sees o2 LEFT", () -> members(http(a)).contains("o2 LEFT"));
    }

    @Test
    void changesNeedTheBearerTokenWhenTheAgentHasOne(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret-token-0123456789\n");
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-token-0123456789\n");
        int[] ports = AgentProcess.freePorts(1);
        AgentProcess a = start("t1", ports[0], "--http-token-file", token.toString());
        String http = http(a);
        assertEquals(Set.of("t1 ALIVE"), members(http), "reads stay open");
        Run none = run("tags", "set", "a=b", "--http", http);
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("chorus tags: the agent refused (HTTP 401): this agent takes changes only with "
                + "its bearer token"), none.err());
        Run bad = run("tags", "set", "a=b", "--http", http, "--http-token-file", wrong.toString());
        assertEquals("chorus tags: the agent refused (HTTP 401): wrong bearer token\n", bad.err());
        assertEquals("a=b\n", ok("tags", "set", "a=b", "--http", http, "--http-token-file", token.toString()).out());
        Run info = ok("info", "--http", http);
        assertTrue(info.out().contains("http_changes: bearer token"), info.out());
    }

    @Test
    void operatorCommandsNameWhatIsWrongWithExit2() {
        assertEquals(new Run(2, "", "chorus join: missing ADDRESS: [NAME@]HOST:PORT of a member to join through; see "
                + "chorus join --help\n"), run("join", "--http", "127.0.0.1:1"));
        Run badAddress = run("join", "--http", "127.0.0.1:1", "nohost");
        assertEquals(2, badAddress.code());
        assertTrue(badAddress.err().startsWith("chorus join: invalid address 'nohost': [NAME@]HOST:PORT"), badAddress.err());
        assertEquals(new Run(2, "", "chorus members: missing value for --http: HOST:PORT, the --http address of a running "
                + "agent, as 127.0.0.1:8500\n"), run("members", "--http"));
        assertEquals(new Run(2, "", "chorus members: missing --http HOST:PORT (or CHORUS_HTTP): the --http address of a "
                + "running agent\n"), run("members"));
        assertEquals(new Run(2, "", "chorus members: --http given twice ('127.0.0.1:1' and '127.0.0.1:2'): give it once\n"),
                run("members", "--http", "127.0.0.1:1", "--http", "127.0.0.1:2"));
        assertEquals(new Run(2, "", "chorus members: invalid --status 'gone': one of alive, suspect, dead, left\n"),
                run("members", "--http", "127.0.0.1:1", "--status", "gone"));
        assertEquals(new Run(2, "", "chorus tags: unknown operation 'add': set KEY=VALUE... or delete KEY...\n"),
                run("tags", "add", "k=v", "--http", "127.0.0.1:1"));
        assertEquals(new Run(2, "", "chorus force-leave: invalid NAME '9x': " + AgentArgs.NAME_RULE + "\n"),
                run("force-leave", "--http", "127.0.0.1:1", "9x"));
        assertEquals(new Run(2, "", "chorus event: invalid TOPIC 'a b': " + AgentHttp.TOPIC_RULE + "\n"),
                run("event", "--http", "127.0.0.1:1", "a b"));
        assertEquals(2, run("keys", "promote", "--http").code(), "--http takes the flag's value, never the key id");
        Run keys = run("keys", "promote", "--http", "127.0.0.1:1");
        assertEquals("chorus keys: promote needs a key id: 8 hex digits, as chorus keys list prints them\n", keys.err());
        Run version = ok("version");
        assertEquals(Build.line() + "\n", version.out());
        assertEquals(version.out(), ok("--version").out());
        assertEquals(version.out(), ok("members", "--version").out());
        for (String command : Main.NAMES) {
            Run help = ok(command, "--help");
            assertTrue(help.out().contains("Usage") || help.out().contains("usage:"), command + ": " + help.out());
        }
        Run completion = ok("completion");
        assertTrue(completion.out().contains("force-leave") && completion.out().contains("--plugin-dir"),
                "the script completes every command and flag");
        Run noAgent = run("info", "--http", "127.0.0.1:1");
        assertEquals(1, noAgent.code());
        assertTrue(noAgent.err().startsWith("chorus info: no agent answers at 127.0.0.1:1"), noAgent.err());
        Run envHttp = run("members");
        assertEquals(2, envHttp.code());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"members"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("CHORUS_HTTP", "127.0.0.1:1"));
        assertEquals(1, code, "CHORUS_HTTP names the agent");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("chorus members: no agent answers at 127.0.0.1:1"));
    }
}
