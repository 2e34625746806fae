package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Switching encryption on in a running cluster, and off again, with no restart and no member lost:
 * five agents in JVMs of their own, signed with one secret, are taken one at a time through every
 * step ({@code accept}, {@code send}, {@code on}, then {@code send}, {@code accept}, {@code off})
 * with {@code chorus keys encryption}, as an operator would. After each agent's switch every agent
 * still shows the same five members ALIVE; after each step every agent has received traffic in it
 * and refused none; and no agent ever prints another as failed (DEAD) on its event stream.
 */
class EncryptionRolloutTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int N = 5;
    private static final List<String> STEPS = List.of("accept", "send", "on", "send", "accept", "off");

    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.killAll(agents);
    }

    private static JsonNode get(String http, String path) {
        try {
            return Json.MAPPER.readTree(AgentClient.get(http, path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return each member's name and state as {@code http}'s agent sees them */
    private static Map<String, String> view(String http) {
        Map<String, String> v = new TreeMap<>();
        for (JsonNode m : get(http, "/members").values()) {
            v.put(m.path("name").asString(), m.path("state").asString());
        }
        return v;
    }

    private static String keys(String http, String... args) {
        List<String> argv = new ArrayList<>(List.of("keys", "--http", http));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> "chorus " + String.join(" ", argv) + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /** Waits until every agent has received 20 more packets or frames, then checks none refused any. */
    private static void awaitTrafficWithNoneRefused(List<String> http, String when) {
        List<Long> before = new ArrayList<>();
        for (String h : http) {
            before.add(get(h, "/stats").path("messages_in").asLong());
        }
        for (int i = 0; i < http.size(); i++) {
            String h = http.get(i);
            long from = before.get(i);
            Await.until(h + " receives traffic " + when, DEADLINE, () -> get(h, "/stats").path("messages_in").asLong() >= from + 20);
            JsonNode stats = get(h, "/stats");
            assertEquals(0, stats.path("rejected").asLong(), () -> h + " refused traffic " + when + ": " + stats);
        }
    }

    private void assertNobodyFailed() {
        for (AgentProcess a : agents) {
            List<String> failed = a.lines.stream().filter(l -> l.startsWith("failed ")).toList();
            assertEquals(List.of(), failed, a.name + " marked a member DEAD");
        }
    }

    @Test
    void fiveAgentsSwitchToSealedAndBackOneAtATimeWithNobodyLost(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, KeygenCommand.generate(new java.security.SecureRandom()) + "\n");
        int[] ports = AgentProcess.freePorts(N);
        List<String> http = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "e" + i, "--bind", "127.0.0.1:" + ports[i], "--profile",
                    "local", "--http", "127.0.0.1:0", "--secret-file", secret.toString(), "--tag", "zone=z" + i));
            if (i > 0) {
                args.addAll(List.of("--seed", "127.0.0.1:" + ports[0]));
            }
            AgentProcess a = AgentProcess.start("e" + i, List.of("-Xmx96m"), args);
            agents.add(a);
            http.add(Await.value("e" + i + " serves HTTP", DEADLINE, () -> a.line("http on ")));
        }
        Map<String, String> all = new TreeMap<>();
        for (int i = 0; i < N; i++) {
            all.put("e" + i, "ALIVE");
        }
        for (String h : http) {
            Await.until(h + " sees all five ALIVE", DEADLINE, () -> view(h).equals(all));
            assertEquals("signed", get(h, "/health").path("traffic").asString());
        }
        List<String> history = new ArrayList<>();
        for (String step : STEPS) {
            for (int i = 0; i < N; i++) {
                String line = keys(http.get(i), "encryption", step);
                assertTrue(line.startsWith("encryption " + step + ":"), line);
                // the cluster half switched: every agent hears traffic, refuses none, and keeps the one view
                awaitTrafficWithNoneRefused(http, "after e" + i + " switched to " + step);
                for (String h : http) {
                    Await.until("after e" + i + " switched to " + step + ", " + h + " still sees all five ALIVE", DEADLINE,
                            () -> view(h).equals(all));
                }
                assertNobodyFailed();
            }
            for (String h : http) {
                JsonNode stats = get(h, "/stats");
                assertEquals(step, stats.path("encryption").asString());
                assertEquals(step.equals("send") || step.equals("on") ? "sealed" : "signed", stats.path("traffic").asString());
            }
            history.add(step + ": " + view(http.get(0)));
        }
        assertNobodyFailed();
        TreeSet<String> suspected = new TreeSet<>();
        for (AgentProcess a : agents) {
            a.lines.stream().filter(l -> l.startsWith("suspected ")).forEach(l -> suspected.add(a.name + ": " + l));
        }
        System.out.println("encryption rollout: " + history + "; suspicions (refuted, none DEAD): " + suspected);
        for (String h : http) {
            assertEquals(all, view(h));
            assertEquals("off", keys(h, "encryption").split(":")[0].substring("encryption ".length()));
        }
    }
}
