package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of three real agent processes, parsed as the Prometheus text format by a
 * strict parser: the node's meters beside the JVM's, the member gauges moving when an agent is
 * killed, and the flight recording of {@code --jfr} read back after a graceful stop.
 */
class MetricsEndpointTest {
    private static final long DEADLINE_S = 90;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.killAll(agents);
    }

    private static Map<String, PrometheusText.Family> scrape(String http) throws IOException {
        return PrometheusText.parse(AgentClient.get(http, "/metrics"));
    }

    /** @return the value of the one sample of {@code family} whose labels include {@code labels}, or NaN when none */
    private static double value(Map<String, PrometheusText.Family> scrape, String family, String... labels) {
        PrometheusText.Family f = scrape.get(family);
        return f == null ? Double.NaN : f.sample(family, labels).map(PrometheusText.Sample::value).orElse(Double.NaN);
    }

    private Map<String, PrometheusText.Family> awaitScrape(String http, String what,
            Predicate<Map<String, PrometheusText.Family>> until) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        Map<String, PrometheusText.Family> s = scrape(http);
        while (!until.test(s)) {
            assertTrue(System.nanoTime() < deadline, http + " never " + what + "; chorus_members: "
                    + (s.containsKey("chorus_members") ? s.get("chorus_members").samples() : "none") + "; the agents:\n"
                    + agents.stream().map(a -> a.name + ":\n" + a.tail(15)).collect(Collectors.joining("\n")));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            s = scrape(http);
        }
        return s;
    }

    @Test
    void threeAgentsServeTheirMetersAndTheMemberGaugesFollowAKill(@TempDir Path dir) throws Exception {
        int[] ports = AgentProcess.freePorts(3);
        Path recording = dir.resolve("m0.jfr");
        for (int i = 0; i < 3; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "m" + i, "--bind", "127.0.0.1:" + ports[i], "--profile",
                    "local", "--http", "127.0.0.1:0"));
            if (i == 0) {
                args.addAll(List.of("--jfr", recording.toString()));
            } else {
                args.addAll(List.of("--seed", "m0@127.0.0.1:" + ports[0]));
            }
            AgentProcess a = AgentProcess.start("m" + i, List.of("-Xmx256m"), args);
            agents.add(a);
        }
        List<String> http = new ArrayList<>();
        for (AgentProcess a : agents) {
            MultiProcessClusterTest.await(a, "serves HTTP", l -> l.startsWith("http on "));
            http.add(a.line("http on ").orElseThrow());
        }
        for (String h : http) {
            awaitScrape(h, "saw three members ALIVE", s -> value(s, "chorus_members", "state", "alive") == 3);
        }
        Map<String, PrometheusText.Family> s = awaitScrape(http.get(0), "measured a probe's round-trip time",
                m -> m.containsKey("chorus_probe_rtt_seconds") && m.get("chorus_probe_rtt_seconds")
                        .sample("chorus_probe_rtt_seconds_count").map(x -> x.value() > 0).orElse(false));

        // the node's meters, of their types, each tagged with the node, beside the JVM's
        assertEquals("gauge", s.get("chorus_members").type());
        assertEquals("counter", s.get("chorus_probes_total").type());
        assertEquals("summary", s.get("chorus_probe_rtt_seconds").type());
        assertEquals("gauge", s.get("chorus_probe_rtt_percentile_seconds").type());
        assertEquals("counter", s.get("chorus_network_sent_bytes_total").type());
        assertTrue(s.containsKey("jvm_memory_used_bytes") && s.containsKey("jvm_threads_live_threads")
                && s.containsKey("process_uptime_seconds"), "JVM meters beside Chorus's: " + s.keySet());
        for (PrometheusText.Family f : s.values()) {
            if (f.name().startsWith("chorus_")) {
                assertFalse(f.samples().isEmpty(), f.name());
                assertTrue(f.samples().stream().allMatch(x -> "m0".equals(x.labels().get("node"))), f.name());
                assertFalse(f.help().isEmpty(), f.name() + " has a HELP line");
            }
        }
        assertEquals(4, s.get("chorus_members").samples().size(), "alive, suspect, dead, left");
        assertTrue(value(s, "chorus_probes_total") > 0);
        double p99 = value(s, "chorus_probe_rtt_percentile_seconds", "phi", "0.99");
        assertTrue(p99 > 0 && p99 <= value(s, "chorus_probe_rtt_max_seconds"), "p99 " + p99);
        assertTrue(value(s, "chorus_network_received_bytes_total", "kind", "packet") > 0);
        assertTrue(value(s, "chorus_ring_epoch") >= 1);

        // kill -9 one: the others' member gauges move
        agents.get(2).process.destroyForcibly();
        for (String h : http.subList(0, 2)) {
            // a busy machine may have a live member suspected for a moment: the gauges are awaited together
            Map<String, PrometheusText.Family> after = awaitScrape(h, "saw m2 DEAD and the other two ALIVE",
                    m -> value(m, "chorus_members", "state", "dead") == 1 && value(m, "chorus_members", "state", "alive") == 2);
            assertTrue(value(after, "chorus_deaths_total") >= 1, "the death is counted");
        }

        // SIGTERM m0: it leaves, and its flight recording is written
        agents.get(0).process.destroy();
        assertTrue(agents.get(0).process.waitFor(DEADLINE_S, TimeUnit.SECONDS), "m0 exits after SIGTERM");
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        Map<String, List<RecordedEvent>> byType = events.stream().filter(e -> e.getEventType().getName().startsWith("chorus."))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertTrue(byType.getOrDefault("chorus.MemberState", List.of()).stream().anyMatch(e -> e.getString("member")
                .startsWith("m2@") && e.getString("to").equals("DEAD")), "m2's death is in the recording");
        assertTrue(byType.getOrDefault("chorus.ProbeRound", List.of()).stream().anyMatch(e -> e.getString("result")
                .equals("ACK")), "probe rounds are in it");
        assertTrue(byType.containsKey("chorus.PushPull"), "the joins' state exchanges are in it: " + byType.keySet());
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.GarbageCollection")
                || e.getEventType().getName().equals("jdk.CPULoad")), "with the JDK's default events");
        assertTrue(FlightRecording.EVENTS.containsAll(byType.keySet()), byType.keySet().toString());
    }
}
