package io.chorus.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.JsonNode;

/**
 * {@code chorus demo [--nodes N]}: N agents, each in a JVM of its own, on loopback with the real
 * transports, watched through their HTTP endpoints. It narrates, with elapsed times: the nodes
 * join and converge; the member table; the owners of some keys on the ring (and that every node
 * agrees); one node killed with SIGKILL and the moment every other marks it DEAD; the keys that
 * moved; a graceful leave (SIGTERM) seen as LEFT. Long waits show a live progress line. With
 * {@code --ui} it runs {@link DemoUi} instead: the agents stay up to be watched in the live view.
 */
final class DemoCommand {
    static final String PREFIX = "chorus demo: ";
    static final int MAX_NODES = 12;
    private static final List<String> KEYS = List.of("user:1001", "cart:42", "session:9f3a", "order:7", "invoice:2026-12",
            "image:cat.png", "shard:13", "tenant:acme");
    static final List<String> JVM = List.of("-Xms32m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k");
    private static final long STEP_TIMEOUT_MS = 30_000;
    private static final long POLL_MS = 50;

    private final int n;
    private final PrintStream out;
    private final boolean live;
    private final long t0 = System.nanoTime();
    private final List<AgentProcess> agents = new ArrayList<>();
    private final Map<String, String> http = new LinkedHashMap<>();
    private String lastLive = "";

    private DemoCommand(int n, PrintStream out, boolean live) {
        this.n = n;
        this.out = out;
        this.live = live;
    }

    /** What {@code --nodes} takes. */
    static final String NODES = "a whole number from 3 to " + MAX_NODES + " (each node is a JVM; ./chorus simulate runs "
            + "thousands)";

    /** @return the declaration of the demo's one flag */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("demo");
        spec.addOption(Cli.flag("nodes", "N", NODES, "agents to start on loopback, from 3 to " + MAX_NODES + " (default 5)"));
        spec.addOption(Cli.toggle("ui", "keep the agents up until Ctrl-C, print the first one's live view address, and take "
                + "kill/stop/start NAME on standard input"));
        spec.usageMessage().description("Starts N agents on loopback, each a JVM, and narrates: they converge, own keys on "
                + "the ring, detect a killed node and see one leave gracefully; with --ui, keeps them up to watch.");
        return spec;
    }

    static int run(ParseResult parsed, Cli cli) {
        int nodes = Cli.single(parsed, PREFIX, "--nodes", NODES).map(DemoCommand::nodes).orElse(5);
        if (parsed.hasMatchedOption("--ui")) {
            return DemoUi.run(nodes, System.in, cli.out, cli.err);
        }
        return run(nodes, cli.out, cli.err);
    }

    private static int nodes(String value) {
        int nodes;
        try {
            nodes = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            nodes = -1;
        }
        if (nodes < 3 || nodes > MAX_NODES) {
            throw new UsageException(PREFIX + "invalid --nodes '" + value + "': " + NODES);
        }
        return nodes;
    }

    private static int run(int nodes, PrintStream out, PrintStream err) {
        DemoCommand demo = new DemoCommand(nodes, out, System.console() != null && out == System.out);
        Thread cleanup = new Thread(demo::stopAll, "chorus-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            demo.run();
            return 0;
        } catch (DemoFailure e) {
            demo.endLive();
            err.println(PREFIX + e.getMessage());
            return 1;
        } catch (IOException e) {
            demo.endLive();
            err.println(PREFIX + "cannot start the agents: " + e.getMessage());
            return 1;
        } finally {
            demo.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** A step that did not happen in time; the message says which and what the agents printed. */
    private static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }

    private void run() throws IOException {
        int[] ports = AgentProcess.freePorts(n);
        say("starting " + n + " agents on 127.0.0.1, each a JVM of its own on real UDP and TCP sockets, found by ServiceLoader "
                + "on the module path");
        for (int i = 0; i < n; i++) {
            String name = "node-" + (i + 1);
            List<String> args = new ArrayList<>(List.of("--name", name, "--bind", "127.0.0.1:" + ports[i], "--http",
                    "127.0.0.1:0", "--tag", "zone=zone-" + (char) ('a' + i % 3), "--log-level", "warn"));
            if (i > 0) {
                args.addAll(List.of("--seed", "node-1@127.0.0.1:" + ports[0]));
            }
            agents.add(AgentProcess.start(name, JVM, args));
            if (i == 0) {
                awaitHttp(agents.get(0));
                say("node-1 is up at 127.0.0.1:" + ports[0] + "; the others join through it as their seed");
            }
        }
        for (AgentProcess a : agents) {
            awaitHttp(a);
        }
        long joined = millis();
        await("converging", "every node sees all " + n + " members ALIVE", this::agentsSeeingAllAlive, n);
        say(String.format(Locale.ROOT, "converged: every node sees all %d members ALIVE (%d ms after the last agent was up)", n,
                millis() - joined));
        print(MembersCommand.table(members(agents.get(0))).stripTrailing());

        Map<String, String> before = owners(agents.get(0));
        say("owners of some keys on the ring (vnode ring, 160 points a node; the replica prefers another zone):");
        for (String key : KEYS) {
            print(String.format(Locale.ROOT, "  %-16s -> %s", key, before.get(key)));
        }
        for (AgentProcess a : agents.subList(1, n)) {
            if (!owners(a).equals(before)) {
                throw new DemoFailure(a.name + " disagrees on the owners: " + owners(a) + " against " + before);
            }
        }
        say("all " + n + " nodes agree on every owner");

        AgentProcess speaker = agents.get(1);
        byte[] news = "release 2026.12 is out".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        say(speaker.name + " broadcasts a user event: POST /events/deploy with a " + news.length + "-byte body");
        long posted = System.nanoTime();
        AgentClient.call("POST", http.get(speaker.name), "/events/deploy", news);
        String heard = "user deploy from " + speaker.name + "@";
        await("broadcasting", "every node delivers the event", () -> (int) agents.stream()
                .filter(a -> a.lines.stream().anyMatch(l -> l.startsWith(heard))).count(), n);
        long duplicates = agents.stream().filter(a -> a.lines.stream().filter(l -> l.startsWith(heard)).count() > 1).count();
        say(String.format(Locale.ROOT, "every node delivered it %s, %d ms after the POST (gossip, signed like the rest when a "
                + "secret is set)", duplicates == 0 ? "exactly once" : "(some twice!)", ms(posted)));

        AgentProcess victim = pickVictim(before);
        List<AgentProcess> rest = new ArrayList<>(agents);
        rest.remove(victim);
        say("killing " + victim.name + " abruptly (SIGKILL: no goodbye, its sockets simply go silent)");
        long killed = System.nanoTime();
        victim.process.destroyForcibly();
        long[] first = {-1};
        await("detecting", "every live node marks " + victim.name + " DEAD", () -> {
            int dead = count(rest, victim.name, "DEAD");
            if (dead > 0 && first[0] < 0) {
                first[0] = ms(killed);
            }
            return dead;
        }, rest.size());
        say(String.format(Locale.ROOT, "every other node marks %s DEAD: first after %d ms, all after %d ms", victim.name,
                first[0], ms(killed)));
        Map<String, String> after = owners(rest.get(0));
        int moved = 0;
        int replicas = 0;
        for (String key : KEYS) {
            if (!owner(before.get(key)).equals(owner(after.get(key)))) {
                moved++;
                print(String.format(Locale.ROOT, "  %-16s owner %s  ->  %s", key, owner(before.get(key)), after.get(key)));
            } else if (!before.get(key).equals(after.get(key))) {
                replicas++;
                print(String.format(Locale.ROOT, "  %-16s replica only: %s  ->  %s", key, before.get(key), after.get(key)));
            }
        }
        say(moved + " of " + KEYS.size() + " sample keys moved to a new owner (" + victim.name + " owned them), " + replicas
                + " more changed only their replica; the rest kept owner and replica");
        for (AgentProcess a : rest) {
            if (!owners(a).equals(after)) {
                throw new DemoFailure(a.name + " disagrees on the owners after the failure: " + owners(a) + " against " + after);
            }
        }

        AgentProcess leaver = rest.get(rest.size() - 1);
        List<AgentProcess> stay = new ArrayList<>(rest.subList(0, rest.size() - 1));
        say(leaver.name + " leaves gracefully (SIGTERM)");
        long left = System.nanoTime();
        leaver.process.destroy();
        await("leaving", "every remaining node sees " + leaver.name + " LEFT", () -> count(stay, leaver.name, "LEFT"),
                stay.size());
        boolean suspected = stay.stream().anyMatch(a -> a.lines.stream().anyMatch(
                l -> l.startsWith("suspected " + leaver.name + "@") || l.startsWith("failed " + leaver.name + "@")));
        say(String.format(Locale.ROOT, "every remaining node sees %s LEFT after %d ms; %s", leaver.name, ms(left),
                suspected ? "some node suspected it first" : "no node suspected it or marked it DEAD"));
        print(MembersCommand.table(members(stay.get(0))).stripTrailing());
        say("stopping the remaining " + stay.size() + " agents; done");
    }

    private static String owner(String ownerAndReplica) {
        int cut = ownerAndReplica.indexOf("  replica ");
        return cut < 0 ? ownerAndReplica : ownerAndReplica.substring(0, cut);
    }

    private AgentProcess pickVictim(Map<String, String> owners) {
        for (int i = n - 1; i > 0; i--) {
            AgentProcess a = agents.get(i);
            if (owners.values().stream().anyMatch(o -> o.startsWith(a.name + " "))) {
                return a;
            }
        }
        return agents.get(n - 1);
    }

    private int agentsSeeingAllAlive() {
        int seeing = 0;
        for (AgentProcess a : agents) {
            JsonNode m = tryMembers(a);
            if (m != null && m.size() == n && m.values().stream().allMatch(x -> x.path("state").asString("").equals("ALIVE"))) {
                seeing++;
            }
        }
        return seeing;
    }

    private int count(List<AgentProcess> watchers, String name, String state) {
        int c = 0;
        for (AgentProcess a : watchers) {
            JsonNode m = tryMembers(a);
            if (m != null && m.values().stream().anyMatch(x -> x.path("name").asString("").equals(name)
                    && x.path("state").asString("").equals(state))) {
                c++;
            }
        }
        return c;
    }

    private void await(String doing, String goal, java.util.function.IntSupplier progress, int target) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        int last = -1;
        while (true) {
            int now = progress.getAsInt();
            if (now >= target) {
                endLive();
                return;
            }
            if (now != last || live) {
                progress(String.format(Locale.ROOT, "%s: %d of %d (%s)", doing, now, target, goal));
                last = now;
            }
            if (System.nanoTime() > deadline) {
                endLive();
                StringBuilder why = new StringBuilder("no success " + doing + " within " + STEP_TIMEOUT_MS / 1000 + " s: "
                        + now + " of " + target + " (" + goal + "); the agents' last lines:");
                for (AgentProcess a : agents) {
                    why.append("\n--- ").append(a.name).append('\n').append(a.tail(8));
                }
                throw new DemoFailure(why.toString());
            }
            sleep();
        }
    }

    private void awaitHttp(AgentProcess a) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (a.line("http on ").isEmpty()) {
            if (!a.process.isAlive() || System.nanoTime() > deadline) {
                throw new DemoFailure(a.name + " did not come up" + (a.process.isAlive() ? " within " + STEP_TIMEOUT_MS / 1000
                        + " s" : " (exit code " + a.process.exitValue() + ")") + "; its output:\n" + a.tail(20));
            }
            progress("waiting for " + a.name + " to start its JVM");
            sleep();
        }
        endLive();
        http.put(a.name, a.line("http on ").orElseThrow());
    }

    private JsonNode members(AgentProcess a) {
        JsonNode m = tryMembers(a);
        if (m == null) {
            throw new DemoFailure(a.name + " does not answer GET /members; its output:\n" + a.tail(20));
        }
        return m;
    }

    private JsonNode tryMembers(AgentProcess a) {
        try {
            return Json.MAPPER.readTree(AgentClient.get(http.get(a.name), "/members"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return key → "owner (replica)" from one node's {@code /ring} */
    private Map<String, String> owners(AgentProcess a) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (String key : KEYS) {
            try {
                JsonNode r = Json.MAPPER.readTree(AgentClient.get(http.get(a.name), "/ring?key="
                        + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8) + "&replicas=2"));
                List<String> names = new ArrayList<>();
                r.values().forEach(m -> names.add(m.path("name").asString("?") + " [" + m.path("tags").path("zone").asString("-")
                        + "]"));
                owners.put(key, names.isEmpty() ? "(empty ring)" : names.get(0) + (names.size() > 1 ? "  replica " + names.get(1)
                        : ""));
            } catch (IOException | RuntimeException e) {
                throw new DemoFailure(a.name + " does not answer GET /ring?key=" + key + ": " + e.getMessage());
            }
        }
        return owners;
    }

    private long millis() {
        return ms(t0);
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private String stamp() {
        return String.format(Locale.ROOT, "[%6.2fs] ", millis() / 1000.0);
    }

    private void say(String line) {
        endLive();
        out.println(stamp() + line);
    }

    private void print(String text) {
        endLive();
        text.lines().forEach(l -> out.println("           " + l));
    }

    private void progress(String line) {
        String text = stamp() + line;
        if (live) {
            out.print("\r" + text + " ".repeat(Math.max(0, lastLive.length() - text.length())));
            out.flush();
            lastLive = text;
        } else if (!line.equals(lastLive)) {
            out.println(text);
            lastLive = line;
        }
    }

    private void endLive() {
        if (live && !lastLive.isEmpty()) {
            out.println();
        }
        lastLive = "";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }

    private synchronized void stopAll() {
        for (AgentProcess a : agents) {
            a.process.destroy();
        }
        for (AgentProcess a : agents) {
            try {
                if (!a.process.waitFor(10, TimeUnit.SECONDS)) {
                    a.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                a.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

}
