package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.core.engine.RecordingDetector.Call;
import io.chorus.core.engine.RecordingObserver.SuspicionRaised;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Prober} with its real probe order, suspicions, outbox and awareness, its suspect callback
 * recorded: the probe round (ping, ping-req and the stream fallback, the verdict and Lifeguard's
 * health score) and the answers to the probes of others. LAN profile: a 500 ms probe interval, a
 * 200 ms probe timeout, 3 indirect checks.
 */
class ProberTest {
    private static final long INTERVAL = 500 * MS;
    private static final long TIMEOUT = 200 * MS;

    record Suspected(long at, Peer target, long inc) {
    }

    private final List<Suspected> suspected = new ArrayList<>();
    private final List<String> piggybackSkips = new ArrayList<>();
    private TestNode n;
    private Suspicions suspicions;
    private Prober prober;

    private void make(TestNode node) {
        n = node;
        suspicions = new Suspicions(n.config, n.loop, n.table, n.local, n.outbox, n.observation);
        suspicions.wire((slot, p, inc, reason) -> { }, n.flush);
        ProbeOrder order = new ProbeOrder(n.table, n.local, n.random);
        prober = new Prober(n.config, n.loop, n.table, n.local, n.outbox, n.detector, n.awareness, n.counters,
                n.observation, suspicions, n.random, order);
        prober.wire((target, inc) -> suspected.add(new Suspected(n.loop.nanos(), target, inc)), n.flush);
        n.outbox.piggyback((w, budget, skip) -> piggybackSkips.add(String.valueOf(skip)));
    }

    /** Hands the probe messages of a packet to the prober, as the inbox does. */
    private final MessageVisitor toProber = new NoOpVisitor() {
        @Override
        public void ping(Header h, int seq, Peer target) {
            prober.onPing(h, seq, target);
        }

        @Override
        public void ack(Header h, int seq) {
            prober.onAck(h.sender(), h.channel(), seq);
        }

        @Override
        public void nack(Header h, int seq) {
            prober.onNack(seq);
        }

        @Override
        public void pingReq(Header h, int seq, Peer target) {
            prober.onPingReq(h, seq, target);
        }
    };

    /** Runs a probe tick now; @return the ping it sent */
    private Recorder.Ping tick() {
        prober.probeTask().run();
        Wire w = n.transport.takeOnly();
        Recorder.Ping ping = (Recorder.Ping) w.first();
        assertEquals(ping.target().address(), w.to());
        return ping;
    }

    /** A LAN node with four other members runs a probe tick, then its probe timeout: @return the ping */
    private Recorder.Ping probeThatTimesOut() {
        make(TestNode.lan());
        n.addAlive("r", 4, 1);
        Recorder.Ping ping = tick();
        n.loop.advance(TIMEOUT);
        return ping;
    }

    // ------------------------------------------------------------------ the probe

    @Test
    void theFirstProbeComesAJitteredIntervalAfterStart() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        prober.start();
        assertEquals(1, n.loop.pending());
        long first = n.loop.untilNext();
        assertTrue(first >= INTERVAL / 2 && first < INTERVAL * 3 / 2, "jittered over half to one and a half intervals: " + first);
        n.loop.runNext();
        Wire w = n.transport.takeOnly();
        assertEquals(new Wire(START + first, a.address(), Header.Channel.PACKET, n.self, 2, 2, true, false, w.length(),
                List.of(new Recorder.Ping(1, a))), w);
        assertEquals(List.of("null"), piggybackSkips, "the ping carries pending updates");
        assertEquals(1, n.counters.probes);
        assertEquals(TIMEOUT, n.loop.untilNext(), "then the probe timeout");
        assertEquals(2, n.loop.pending(), "the probe timeout and the end of the round");
        assertEquals(1, n.flushes);
    }

    @Test
    void aSuspectIsPingedWithItsSuspicionPiggybacked() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.SUSPECT, 3);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        n.table.setState(n.slot(b), MemberState.DEAD, n.loop.nanos()); // not a probe target
        suspicions.start(n.slot(a), b);
        prober.probeTask().run();
        Wire w = n.transport.takeOnly();
        assertEquals(a.address(), w.to());
        assertEquals(List.of(new Recorder.Ping(1, a), new Recorder.Suspect(a, 3, b)), w.messages());
        assertEquals(List.of("a"), piggybackSkips, "the suspect's own update is not piggybacked twice");
    }

    @Test
    void noMemberToProbeWaitsAnInterval() {
        make(TestNode.lan());
        prober.probeTask().run();
        assertEquals(0, n.transport.count());
        assertEquals(0, n.counters.probes);
        assertEquals(INTERVAL, n.loop.untilNext());
        n.add("a", MemberState.ALIVE, 1);
        n.loop.runNext();
        assertEquals(1, n.transport.count());
    }

    @Test
    void anAckInTimeEndsTheRoundLowersAwarenessAndTheNextProbeIsAnIntervalAfterTheLast() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        n.add("r0", MemberState.ALIVE, 1);
        n.add("r1", MemberState.ALIVE, 1);
        n.awareness.apply(2);
        Recorder.Ping ping = tick();
        Peer target = ping.target();
        n.loop.advance(100 * MS);
        n.receive(n.from(target).ack(ping.seq()).bytes(), Header.Channel.PACKET, toProber);
        assertEquals(1, n.awareness.score());
        assertEquals(List.of(new Call("heartbeat", target.id(), START + 100 * MS)), n.detector.all());
        assertFalse(prober.onAck(target, Header.Channel.PACKET, ping.seq()), "a second ack of the same probe is not the probe's");
        assertEquals(INTERVAL - 100 * MS, n.loop.untilNext(), "the probe's timers are gone: next is the tick");
        assertEquals(1, n.loop.pending());
        n.loop.runNext();
        Wire next = n.transport.takeOnly();
        assertEquals(START + INTERVAL, next.at(), "one interval after the last probe started");
        assertEquals(2, ((Recorder.Ping) next.first()).seq());
        assertEquals(List.of(), suspected);
        assertEquals(0, n.counters.probeFailures);
    }

    // ------------------------------------------------------------------ round-trip time

    @Test
    void theTargetsOwnAckOverAPacketMeasuresTheRoundTripTime() {
        make(TestNode.lan());
        n.add("a", MemberState.ALIVE, 3);
        Recorder.Ping ping = tick();
        n.loop.advance(37 * MS);
        n.receive(n.from(ping.target()).ack(ping.seq()).bytes(), Header.Channel.PACKET, toProber);
        assertEquals(1, n.counters.probeRtt.count());
        assertEquals(37_000, n.counters.probeRtt.sumMicros());
        assertEquals(37_000, n.counters.probeRtt.percentileMicros(0.5, n.loop.nanos()));
        assertEquals(37_000, n.counters.probeRtt.maxMicros(n.loop.nanos()));
    }

    @Test
    void anAckRelayedByAnIndirectProberOrOverTheStreamIsNoMeasure() {
        Recorder.Ping ping = probeThatTimesOut();
        Peer relay = n.at(n.transport.take().get(0).to());
        n.loop.advance(10 * MS);
        n.receive(n.from(relay).ack(ping.seq()).bytes(), Header.Channel.PACKET, toProber);
        assertEquals(0, n.counters.probeRtt.count(), "a relayed ack: the path to the target was not measured");
        assertEquals(0, n.counters.probeFailures);

        Recorder.Ping next = tick();
        n.loop.advance(TIMEOUT + 5 * MS);
        n.transport.clear();
        n.receive(n.from(next.target()).ack(next.seq()).bytes(), Header.Channel.STREAM, toProber);
        assertEquals(0, n.counters.probeRtt.count(), "the stream fallback's answer: a later ping, another channel");
    }

    @Test
    void theRoundTripTimesReachTheStatsAsPercentiles() {
        make(TestNode.lan());
        n.addAlive("r", 4, 1);
        Recorder.Ping ping = tick();
        for (int i = 1; i <= 10; i++) {
            if (i > 1) {
                n.loop.runNext(); // the next probe, an interval after the last
                ping = (Recorder.Ping) n.transport.takeOnly().first();
            }
            n.loop.advance(i * MS);
            n.receive(n.from(ping.target()).ack(ping.seq()).bytes(), Header.Channel.PACKET, toProber);
        }
        io.chorus.api.ClusterStats stats = n.counters.stats(n.table, 0, 0, n.loop.nanos());
        assertEquals(10, stats.probeRttCount());
        assertEquals(55_000, stats.probeRttSumMicros());
        long p50 = stats.probeRttP50Micros();
        assertTrue(p50 >= 5_000 && p50 < 5_000 * 17 / 16, "p50 in the bucket of 5 ms: " + p50);
        long p90 = stats.probeRttP90Micros();
        assertTrue(p90 >= 9_000 && p90 < 9_000 * 17 / 16, "p90 in the bucket of 9 ms: " + p90);
        assertEquals(10_000, stats.probeRttP99Micros());
        assertEquals(10_000, stats.probeRttMaxMicros());
    }

    @Test
    void theTimeoutsStretchWithTheHealthScore() {
        make(TestNode.lan());
        n.add("a", MemberState.ALIVE, 3);
        n.awareness.apply(2);
        tick();
        assertEquals(3 * TIMEOUT, n.loop.untilNext());
        n.loop.runNext();
        assertEquals(1, n.transport.take().size(), "the stream fallback at 600 ms");
        assertEquals(3 * INTERVAL - 3 * TIMEOUT, n.loop.untilNext(), "the round ends at 1500 ms");
    }

    @Test
    void noAckByTheTimeoutSendsPingReqsToAliveMembersAndAStreamPing() {
        make(TestNode.lan());
        List<Peer> alive = new ArrayList<>(List.of(n.addAlive("r", 10, 1)));
        Peer suspect = n.add("s", MemberState.SUSPECT, 1);
        Peer dead = n.add("x", MemberState.DEAD, 1);
        Peer gone = n.add("y", MemberState.LEFT, 1);
        Recorder.Ping ping = tick();
        Peer target = ping.target();
        n.loop.advance(TIMEOUT - 1);
        assertEquals(0, n.transport.count());
        n.loop.advance(1);
        List<Wire> sent = n.transport.take();
        assertEquals(4, sent.size(), "three ping-reqs and a stream ping: " + sent);
        Set<Peer> relays = new HashSet<>();
        for (Wire w : sent.subList(0, 3)) {
            assertEquals(Header.Channel.PACKET, w.channel());
            assertEquals(List.of(new Recorder.PingReq(ping.seq(), target)), w.messages());
            Peer relay = alive.stream().filter(p -> p.address().equals(w.to())).findFirst().orElseThrow(
                    () -> new AssertionError("a ping-req to a member not ALIVE, or to the target: " + w.to()));
            relays.add(relay);
        }
        assertEquals(3, relays.size(), "three distinct relays");
        assertEquals(1, n.counters.indirectProbes, "one round went indirect");
        assertFalse(relays.contains(target));
        assertFalse(relays.contains(suspect) || relays.contains(dead) || relays.contains(gone));
        Wire stream = sent.get(3);
        assertEquals(new Wire(START + TIMEOUT, target.address(), Header.Channel.STREAM, n.self, 11, 14, true, false,
                stream.length(), List.of(new Recorder.Ping(ping.seq(), target))), stream);
    }

    @Test
    void onAPacketOnlyTransportThereIsNoStreamPing() {
        make(TestNode.with().packetsOnly().build());
        n.addAlive("r", 10, 1);
        Recorder.Ping ping = tick();
        n.loop.advance(TIMEOUT);
        List<Wire> sent = n.transport.take();
        assertEquals(3, sent.size());
        for (Wire w : sent) {
            assertEquals(Header.Channel.PACKET, w.channel());
            assertEquals(List.of(new Recorder.PingReq(ping.seq(), ping.target())), w.messages());
        }
    }

    @Test
    void theOnlyEligibleRelayIsAlwaysFound() {
        // random draws first, then a sweep of every slot: with a table of this node, a and b, and b
        // the target, a is asked to probe b (with this seed the 12 random draws alone missed it)
        make(TestNode.with().seed(42).build());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Recorder.Ping ping = tick();
        assertEquals(b, ping.target());
        n.loop.advance(TIMEOUT);
        List<Wire> sent = n.transport.take();
        assertEquals(2, sent.size(), "a ping-req to a and the stream ping to b: " + sent);
        assertEquals(a.address(), sent.get(0).to());
        assertEquals(List.of(new Recorder.PingReq(ping.seq(), b)), sent.get(0).messages());
        assertEquals(Header.Channel.STREAM, sent.get(1).channel());
        n.loop.advance(INTERVAL - TIMEOUT);
        assertEquals(1, n.awareness.score(), "a's nack did not come: one missing nack");
        assertEquals(List.of(new Suspected(START + INTERVAL, b, 1)), suspected);
    }

    @Test
    void aRoundThatEndsUnansweredSuspectsAtTheIncarnationTheProbeStartedWith() {
        make(TestNode.lan());
        Peer[] others = n.addAlive("r", 4, 7);
        Recorder.Ping ping = tick();
        Peer target = ping.target();
        n.loop.advance(INTERVAL - 1);
        n.transport.clear();
        assertEquals(List.of(), suspected);
        n.loop.advance(1);
        assertEquals(List.of(new Suspected(START + INTERVAL, target, 7)), suspected);
        assertEquals(1, n.counters.probeFailures);
        assertEquals(1, n.counters.suspicions);
        assertEquals(List.of(new SuspicionRaised(target)), n.observer.all());
        assertEquals(3, n.awareness.score(), "three ping-reqs, no nack: +3");
        assertEquals(List.of(new Call("suspect", target.id(), START + INTERVAL)), n.detector.of("suspect"));
        // the next probe starts at once
        Wire next = n.transport.takeOnly();
        assertEquals(START + INTERVAL, next.at());
        assertTrue(List.of(others).contains(((Recorder.Ping) next.first()).target()));
    }

    @Test
    void nacksFromTheRelaysBlameTheTargetNotThisNode() {
        Recorder.Ping ping = probeThatTimesOut();
        List<Wire> reqs = n.transport.take();
        assertEquals(4, reqs.size(), "three ping-reqs and the stream ping");
        Peer relay = n.at(reqs.get(0).to());
        n.receive(n.from(relay).nack(ping.seq()).bytes(), Header.Channel.PACKET, toProber);
        n.receive(n.from(relay).nack(ping.seq() + 100).bytes(), Header.Channel.PACKET, toProber);
        n.loop.advance(INTERVAL - TIMEOUT);
        assertEquals(2, n.awareness.score(), "three ping-reqs, one nack for this probe: +2");
        assertEquals(1, suspected.size());
    }

    @Test
    void withNoRelayAnUnansweredRoundRaisesAwarenessByOne() {
        make(TestNode.lan());
        n.add("a", MemberState.ALIVE, 1);
        tick();
        n.loop.advance(INTERVAL);
        assertEquals(1, n.awareness.score());
    }

    @Test
    void noSuspicionWhenTheTargetRefutedMeanwhile() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        tick();
        n.loop.advance(300 * MS);
        n.table.incs[n.slot(a)] = 4;
        n.loop.advance(200 * MS);
        assertEquals(List.of(), suspected);
        assertEquals(1, n.counters.probeFailures, "the round still failed");
        assertEquals(0, n.counters.suspicions);
        assertEquals(List.of(), n.detector.of("suspect"), "the detector is not asked");
        assertEquals(1, n.awareness.score());
    }

    @Test
    void noSuspicionWhenTheTargetRestartedAtAnotherAddressOrDiedMeanwhile() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        tick();
        n.table.setPeer(n.slot(a), n.peer("a", "10.7.7.7"));
        n.loop.advance(INTERVAL);
        assertEquals(List.of(), suspected);

        TestNode other = TestNode.lan();
        suspected.clear();
        make(other);
        Peer b = n.add("b", MemberState.ALIVE, 3);
        tick();
        n.table.setState(n.slot(b), MemberState.DEAD, n.loop.nanos());
        n.loop.advance(INTERVAL);
        assertEquals(List.of(), suspected);
    }

    @Test
    void aSuspectStillUnansweredIsSuspectedAgainButNotCountedAsANewSuspicion() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.SUSPECT, 3);
        Peer b = n.add("b", MemberState.DEAD, 1);
        suspicions.start(n.slot(a), b);
        tick();
        n.loop.advance(INTERVAL);
        assertEquals(List.of(new Suspected(START + INTERVAL, a, 3)), suspected, "a confirmation of its own");
        assertEquals(0, n.counters.suspicions);
        assertEquals(List.of(), n.observer.all());
    }

    @Test
    void theDetectorMayHoldTheSuspicionBack() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        n.detector.verdict(false);
        tick();
        n.loop.advance(INTERVAL);
        assertEquals(List.of(), suspected);
        assertEquals(List.of(new Call("suspect", a.id(), START + INTERVAL)), n.detector.of("suspect"));
        assertEquals(1, n.counters.probeFailures);
        assertEquals(0, n.counters.suspicions);
    }

    @Test
    void anAckAfterTheTimeoutButBeforeTheRoundEndsStillCounts() {
        make(TestNode.lan());
        n.addAlive("r", 4, 1);
        Recorder.Ping ping = tick();
        n.loop.advance(450 * MS);
        n.transport.clear();
        assertTrue(prober.onAck(ping.target(), Header.Channel.PACKET, ping.seq()));
        assertEquals(50 * MS, n.loop.untilNext());
        n.loop.runNext();
        assertEquals(List.of(), suspected);
        assertEquals(0, n.counters.probeFailures);
        assertEquals(START + INTERVAL, n.transport.takeOnly().at());
        assertFalse(prober.onAck(ping.target(), Header.Channel.PACKET, ping.seq()), "the old probe's ack is nothing now");
    }

    @Test
    void stopCancelsTheRoundAndALeavingOrStoppedNodeDoesNotProbe() {
        make(TestNode.lan());
        n.add("a", MemberState.ALIVE, 3);
        tick();
        prober.stop();
        assertEquals(0, n.loop.pending());
        n.local.leaving = true;
        prober.probeTask().run();
        assertEquals(0, n.transport.count());
        assertEquals(0, n.loop.pending(), "a leaving node does not probe again");
    }

    // ------------------------------------------------------------------ answering

    @Test
    void aPingForThisNodeIsAckedWithUpdates() {
        make(TestNode.lan());
        Peer b = n.add("b", MemberState.ALIVE, 1);
        n.receive(n.from(b).ping(9, n.self).bytes(), Header.Channel.PACKET, toProber);
        Wire w = n.transport.takeOnly();
        assertEquals(b.address(), w.to());
        assertEquals(Header.Channel.PACKET, w.channel());
        assertEquals(List.of(new Recorder.Ack(9)), w.messages());
        assertEquals(List.of("null"), piggybackSkips);
    }

    @Test
    void aPingThatCameByAStreamIsAckedOverTheStream() {
        make(TestNode.lan());
        Peer b = n.peer("b");
        n.receive(n.from(b).ping(9, n.self).bytes(), Header.Channel.STREAM, toProber);
        Wire w = n.transport.takeOnly();
        assertEquals(b.address(), w.to());
        assertEquals(Header.Channel.STREAM, w.channel());
        assertEquals(List.of(new Recorder.Ack(9)), w.messages());
        assertEquals(List.of(), piggybackSkips, "the stream answer carries the ack only");
    }

    @Test
    void aPingForAnotherNameGetsNothing() {
        make(TestNode.lan());
        Peer b = n.peer("b");
        Peer c = n.peer("c");
        n.receive(n.from(b).ping(9, c).bytes(), Header.Channel.PACKET, toProber);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aPingForThisNodesNameAtAnotherAddressIsAckedToo() {
        // the documented rule: a ping is for this node when it names this node's name, at any address
        make(TestNode.lan());
        Peer b = n.peer("b");
        n.receive(n.from(b).ping(9, n.peer(TestNode.NAME, "10.5.5.5")).bytes(), Header.Channel.PACKET, toProber);
        assertEquals(List.of(new Recorder.Ack(9)), n.transport.takeOnly().messages());
    }

    @Test
    void aPingReqPingsTheTargetAndRelaysItsAck() {
        make(TestNode.lan());
        Peer b = n.peer("b");
        Peer c = n.peer("c");
        n.receive(n.from(b).pingReq(77, c).bytes(), Header.Channel.PACKET, toProber);
        Wire ping = n.transport.takeOnly();
        assertEquals(c.address(), ping.to());
        Recorder.Ping p = (Recorder.Ping) ping.only();
        assertEquals(c, p.target());
        assertNotEquals(77, p.seq(), "the relay pings with a sequence number of its own");
        n.loop.advance(100 * MS);
        n.receive(n.from(c).ack(p.seq()).bytes(), Header.Channel.PACKET, toProber);
        Wire relayed = n.transport.takeOnly();
        assertEquals(b.address(), relayed.to());
        assertEquals(List.of(new Recorder.Ack(77)), relayed.messages());
        assertEquals(0, n.loop.pending(), "the nack timer is gone");
        n.loop.advance(1_000 * MS);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aPingReqUnansweredGetsANackAtFourFifthsOfTheProbeTimeout() {
        make(TestNode.lan());
        Peer b = n.peer("b");
        Peer c = n.peer("c");
        n.receive(n.from(b).pingReq(77, c).bytes(), Header.Channel.PACKET, toProber);
        n.transport.clear();
        n.loop.advance(160 * MS - 1);
        assertEquals(0, n.transport.count());
        n.loop.advance(1);
        Wire nack = n.transport.takeOnly();
        assertEquals(b.address(), nack.to());
        assertEquals(List.of(new Recorder.Nack(77)), nack.messages());
        assertEquals(List.of("null"), piggybackSkips, "only the ping to the target carried updates");
        assertEquals(1, n.flushes);
    }

    @Test
    void aStoppedNodeSendsNoNackForTheProbesItRelayed() {
        // a node that has stopped answers nothing (Engine.stop), not even a relay's nack
        make(TestNode.lan());
        Peer b = n.peer("b");
        n.receive(n.from(b).pingReq(77, n.peer("c")).bytes(), Header.Channel.PACKET, toProber);
        n.transport.clear();
        prober.stop();
        n.local.running = false;
        n.loop.advance(TIMEOUT);
        assertEquals(0, n.transport.count());
    }
}
