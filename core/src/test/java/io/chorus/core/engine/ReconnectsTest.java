package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
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
 * {@link Reconnects} with a real anti-entropy and outbox, the seed retries recorded: DEAD members
 * pinged about {@code reconnectInterval} after their death, then with a doubling backoff up to
 * {@code reconnectMaxInterval} (1 s and 30 s by default), at most one ping per tick; an answer
 * gets a state exchange; a forgotten member is not retried.
 */
class ReconnectsTest {
    private static final long SECOND = 1_000 * MS;

    private final List<Long> seedRetries = new ArrayList<>();
    private final List<Boolean> acked = new ArrayList<>();
    private TestNode n;
    private Reconnects reconnects;

    private void make(TestNode node) {
        n = node;
        AntiEntropy anti = new AntiEntropy(n.config, n.loop, n.table, n.local, n.outbox, n.random);
        anti.wire(n.flush);
        reconnects = new Reconnects(n.config, n.loop, n.local, n.outbox, anti, n.random);
        reconnects.wire(seedRetries::add, n.flush);
    }

    private final MessageVisitor toReconnects = new NoOpVisitor() {
        @Override
        public void ack(Header h, int seq) {
            acked.add(reconnects.onAck(h, seq));
        }
    };

    /** @return the times of the reconnect pings to {@code p} while the loop runs for {@code nanos} */
    private List<Long> pingTimes(Peer p, long nanos) {
        n.loop.advance(nanos);
        List<Long> out = new ArrayList<>();
        for (Wire w : n.transport.take()) {
            if (w.to().equals(p.address())) {
                assertEquals(p, ((Recorder.Ping) w.first()).target());
                out.add(w.at());
            }
        }
        return out;
    }

    @Test
    void theBackoffDoublesFromTheIntervalUpToTheMaximum() {
        make(TestNode.lan());
        assertEquals(1 * SECOND, reconnects.backoff(0));
        assertEquals(2 * SECOND, reconnects.backoff(1));
        assertEquals(4 * SECOND, reconnects.backoff(2));
        assertEquals(16 * SECOND, reconnects.backoff(4));
        assertEquals(30 * SECOND, reconnects.backoff(5));
        assertEquals(30 * SECOND, reconnects.backoff(63), "no overflow");
    }

    @Test
    void aDeadMemberIsPingedAboutAnIntervalAfterItsDeathThenLessAndLessOften() {
        make(TestNode.lan());
        Peer d = n.add("d", MemberState.DEAD, 1);
        reconnects.schedule(d);
        reconnects.start();
        List<Long> times = pingTimes(d, 200 * SECOND);
        assertTrue(times.get(0) - START <= 2 * SECOND, "the first retry comes within two ticks: " + times);
        // the delay after k attempts: jitter(min(30 s, 1 s x 2^k)), half to one and a half of it, on a 1 s tick
        long[] backoff = {2, 4, 8, 16, 30, 30};
        for (int k = 0; k < backoff.length; k++) {
            long gap = times.get(k + 1) - times.get(k);
            assertTrue(gap >= backoff[k] * SECOND / 2 && gap <= backoff[k] * SECOND * 3 / 2 + SECOND,
                    "gap " + (k + 1) + " of " + gap / MS + " ms, backoff " + backoff[k] + " s: " + times);
        }
        for (int k = 4; k + 1 < times.size(); k++) {
            assertTrue(times.get(k + 1) - times.get(k) <= 46 * SECOND, "at most the maximum, jittered, once it is reached");
        }
    }

    @Test
    void eachPingIsASmallPacketWithTheUpdatesPiggybacked() {
        make(TestNode.lan());
        List<String> skips = new ArrayList<>();
        n.outbox.piggyback((w, budget, skip) -> skips.add(String.valueOf(skip)));
        Peer d = n.add("d", MemberState.DEAD, 1);
        reconnects.schedule(d);
        reconnects.start();
        n.loop.advance(2 * SECOND);
        Wire w = n.transport.takeOnly();
        assertEquals(Header.Channel.PACKET, w.channel());
        assertEquals(1, w.messages().size());
        assertEquals(d, ((Recorder.Ping) w.only()).target());
        assertEquals(List.of("null"), skips);
    }

    @Test
    void atMostOnePingPerTickHoweverManyDied() {
        make(TestNode.lan());
        List<Peer> dead = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Peer d = n.add("d" + i, MemberState.DEAD, 1);
            dead.add(d);
            reconnects.schedule(d);
        }
        reconnects.start();
        n.loop.advance(8 * SECOND);
        List<Wire> sent = n.transport.take();
        Set<Long> ticks = new HashSet<>();
        Set<Peer> pinged = new HashSet<>();
        for (Wire w : sent) {
            assertTrue(ticks.add(w.at()), "two pings in the tick at " + w.at());
            pinged.add(((Recorder.Ping) w.first()).target());
        }
        assertEquals(Set.copyOf(dead), pinged, "each retried within a few ticks");
        assertTrue(sent.size() <= 8);
    }

    @Test
    void anAnsweredPingGetsAStateExchange() {
        make(TestNode.lan());
        n.add("a", MemberState.ALIVE, 1);
        Peer d = n.add("d", MemberState.DEAD, 4);
        reconnects.schedule(d);
        reconnects.start();
        n.loop.advance(2 * SECOND);
        int seq = ((Recorder.Ping) n.transport.takeOnly().first()).seq();
        n.receive(n.from(d).ack(seq + 1).bytes(), Header.Channel.PACKET, toReconnects);
        assertEquals(List.of(false), acked, "not a reconnect ping's seq");
        assertEquals(0, n.transport.count());
        n.receive(n.from(d).ack(seq).bytes(), Header.Channel.PACKET, toReconnects);
        assertEquals(List.of(false, true), acked);
        Wire w = n.transport.takeOnly();
        assertEquals(d.address(), w.to());
        assertEquals(Header.Channel.STREAM, w.channel());
        Recorder.Sync sync = (Recorder.Sync) w.only();
        assertEquals(0, sync.flags(), "a push, to be answered with the member's state");
        assertEquals(3, sync.count());
        n.receive(n.from(d).ack(seq).bytes(), Header.Channel.PACKET, toReconnects);
        assertEquals(List.of(false, true, false), acked, "answered once");
    }

    @Test
    void aForgottenMemberIsNotRetried() {
        make(TestNode.lan());
        Peer d = n.add("d", MemberState.DEAD, 1);
        reconnects.schedule(d);
        reconnects.start();
        reconnects.forget("d");
        assertEquals(List.of(), pingTimes(d, 60 * SECOND));
        reconnects.schedule(d);
        assertFalse(pingTimes(d, 3 * SECOND).isEmpty(), "scheduled again after a new death");
    }

    @Test
    void eachTickRetriesTheSeedsOfANodeLeftAloneButNotWhileLeaving() {
        make(TestNode.lan());
        reconnects.start();
        n.loop.advance(3 * SECOND);
        assertEquals(List.of(START + SECOND, START + 2 * SECOND, START + 3 * SECOND), seedRetries);
        assertEquals(3, n.flushes);
        n.local.leaving = true;
        Peer d = n.add("d", MemberState.DEAD, 1);
        reconnects.schedule(d);
        n.loop.advance(3 * SECOND);
        assertEquals(3, seedRetries.size());
        assertEquals(0, n.transport.count(), "nor reconnect pings");
        n.local.running = false;
        n.loop.advance(3 * SECOND);
        assertEquals(0, n.loop.pending(), "a stopped node ticks no more");
    }
}
