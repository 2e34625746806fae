package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.FailureReason;
import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationConfig;
import io.chorus.core.sim.SimulationResult;
import io.chorus.core.wire.Header;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flight recorder's events, recorded to a file and read back with {@code jdk.jfr.consumer}:
 * a simulated failure (the real engine in virtual time) leaves the probe rounds that found no ack,
 * the suspicion that ran out, the member's moves to SUSPECT and DEAD, and the push-pulls; refused
 * input leaves a rejected message with its cause.
 */
class FlightRecorderTest {
    private static final List<String> EVENTS = List.of("chorus.ProbeRound", "chorus.Suspicion", "chorus.MemberState",
            "chorus.PushPull", "chorus.RejectedMessage");

    private static List<RecordedEvent> record(Path file, Runnable work) throws IOException {
        try (Recording r = new Recording()) {
            EVENTS.forEach(name -> r.enable(name).withoutStackTrace());
            r.start();
            work.run();
            r.stop();
            r.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> EVENTS.contains(e.getEventType().getName())).collect(Collectors.toList());
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }

    @Test
    void aSimulatedFailureIsRecordedAndReadBack(@TempDir Path dir) throws IOException {
        SimulationResult[] result = new SimulationResult[1];
        List<RecordedEvent> events = record(dir.resolve("failure.jfr"), () -> result[0] = Simulation.run(
                SimulationConfig.builder(8).seed(7).kill(1).durationS(60).build(), line -> { }));
        assertEquals(1, result[0].killed());
        assertTrue(result[0].detectionAllMs().isPresent(), "every live node marked the killed one DEAD");

        // the killed member: the one every DEAD move is about
        List<RecordedEvent> deaths = of(events, "chorus.MemberState").stream()
                .filter(e -> e.getString("to").equals("DEAD")).collect(Collectors.toList());
        Set<String> dead = deaths.stream().map(e -> e.getString("member")).collect(Collectors.toSet());
        assertEquals(1, dead.size(), "one member died: " + dead);
        String killed = dead.iterator().next();
        assertEquals(7, deaths.size(), "each of the seven others saw it die once");
        // the simulated network refuses connections to a killed node, as a real one does: the reason the transports saw
        assertTrue(deaths.stream().allMatch(e -> e.getString("reason").equals(FailureReason.CONNECTION_REFUSED.name())),
                "dead for the reason the transports saw: " + deaths);
        assertTrue(of(events, "chorus.MemberState").stream().anyMatch(e -> e.getString("member").equals(killed)
                && e.getString("from").equals("ALIVE") && e.getString("to").equals("SUSPECT")
                && e.getString("reason").equals("SUSPECTED") && e.getString("by") != null), "suspected first");
        assertTrue(of(events, "chorus.MemberState").stream().anyMatch(e -> e.getString("from").equals("NEW")
                && e.getString("reason").equals("JOINED")), "the joins are there too");

        List<RecordedEvent> ranOut = of(events, "chorus.Suspicion").stream()
                .filter(e -> e.getString("member").equals(killed) && e.getString("outcome").equals("DEAD"))
                .collect(Collectors.toList());
        assertFalse(ranOut.isEmpty(), "a suspicion of the killed member ended in its death");
        for (RecordedEvent e : ranOut) {
            assertTrue(e.getDuration("timeout").compareTo(Duration.ZERO) > 0, e.toString());
            assertTrue(e.getInt("confirmations") >= 0, e.toString());
            assertTrue(e.getDuration("lasted").compareTo(Duration.ZERO) > 0, e.toString());
        }

        List<RecordedEvent> probes = of(events, "chorus.ProbeRound");
        assertTrue(probes.stream().anyMatch(e -> e.getString("target").equals(killed)
                && e.getString("result").equals("NO_ACK") && e.getBoolean("indirect")),
                "a probe of the killed member found no ack, indirect probes included");
        assertTrue(probes.stream().anyMatch(e -> e.getString("result").equals("ACK")
                && e.getDuration("rtt").compareTo(Duration.ZERO) > 0), "acks with their round-trip time");

        List<RecordedEvent> pushPulls = of(events, "chorus.PushPull");
        assertTrue(pushPulls.stream().anyMatch(e -> e.getString("direction").equals("SENT")
                && e.getLong("bytes") > 0 && e.getInt("entries") > 0));
        assertTrue(pushPulls.stream().anyMatch(e -> e.getString("direction").equals("RECEIVED")
                && e.getLong("bytes") > 0 && e.getInt("entries") > 0));
    }

    @Test
    void refusedInputIsARejectedMessageWithItsCause(@TempDir Path dir) throws IOException {
        TestNode n = TestNode.lan();
        Parts p = new Parts(n);
        List<RecordedEvent> events = record(dir.resolve("rejected.jfr"),
                () -> p.deliver(new byte[] {1, 2, 3, 4, 5}, Header.Channel.STREAM));
        List<RecordedEvent> rejected = of(events, "chorus.RejectedMessage");
        assertEquals(1, rejected.size(), events.toString());
        assertEquals("DROPPED", rejected.get(0).getString("cause"));
        assertEquals("STREAM", rejected.get(0).getString("channel"));
        assertEquals(5, rejected.get(0).getLong("bytes"));
        assertFalse(rejected.get(0).getBoolean("user"));
    }
}
