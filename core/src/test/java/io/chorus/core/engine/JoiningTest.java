package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.MemberState;
import io.chorus.core.engine.Packets.Entry;
import io.chorus.core.engine.RecordingObserver.StateChanged;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Joining} with every other part real: a join's outcome (alone, answered, timed out,
 * refused) told only after the publish that follows it, the retries with backoff to every seed,
 * seeds found during the join, the seed retries of a node left alone, and the leave.
 */
class JoiningTest {
    private static final long SECOND = 1_000 * MS;

    private final List<Integer> outcomes = new ArrayList<>();
    private final List<Long> retriesAt = new ArrayList<>();
    private TestNode n;
    private Parts p;

    private void make(TestNode node) {
        n = node;
        p = new Parts(n);
    }

    private void join(List<Address> seeds, Engine.WithoutSeeds without, long timeout) {
        p.joining.join(seeds, without, () -> retriesAt.add(n.loop.nanos()), timeout, outcomes::add);
    }

    /** @return the SYNC_JOIN frames sent, by destination, in order; forgets every send */
    private List<Wire> joins() {
        List<Wire> out = new ArrayList<>();
        for (Wire w : n.transport.take()) {
            if (w.messages().size() == 1 && w.first() instanceof Recorder.Sync s && s.flags() == Codec.SYNC_JOIN) {
                out.add(w);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ joining

    @Test
    void withoutSeedsAJoinEndsAloneAndIsToldOnlyAfterThePublish() {
        make(TestNode.lan());
        join(List.of(TestNode.ADDRESS), Engine.WithoutSeeds.START_ALONE, 10 * SECOND);
        assertFalse(p.joining.joining());
        assertEquals(List.of(), outcomes, "not before the publish");
        p.flush();
        assertEquals(List.of(0), outcomes);
        p.flush();
        assertEquals(List.of(0), outcomes, "told once");
        assertEquals(0, n.transport.count());
        assertEquals(List.of(), p.joining.seedsTried(), "its own address is no seed");
    }

    @Test
    void aJoinSendsItsStateToEverySeedAndRetriesWithBackoffUntilTheTimeout() {
        make(TestNode.lan());
        n.addAlive("known", 2, 1);
        Address s1 = new Address("10.1.0.1", 7946);
        Address s2 = new Address("10.1.0.2", 7946);
        join(List.of(s1, s2, s1), Engine.WithoutSeeds.START_ALONE, 2 * SECOND);
        assertTrue(p.joining.joining());
        List<Wire> first = joins();
        assertEquals(List.of(s1, s2), first.stream().map(Wire::to).toList(), "each seed once");
        for (Wire w : first) {
            assertEquals(Header.Channel.STREAM, w.channel());
            assertEquals(new Recorder.Sync(Codec.SYNC_JOIN, 3, List.of(
                    new Recorder.Entry(n.self, 0, 1, Tags.EMPTY),
                    new Recorder.Entry(n.table.peers[1], 0, 1, Tags.EMPTY),
                    new Recorder.Entry(n.table.peers[2], 0, 1, Tags.EMPTY))), w.only());
        }
        assertEquals(List.of(s1, s2), p.joining.seedsTried());

        List<Long> attempts = new ArrayList<>();
        while (outcomes.isEmpty() && n.loop.pending() > 0) {
            n.loop.runNext();
            List<Wire> again = joins();
            if (!again.isEmpty()) {
                assertEquals(List.of(s1, s2), again.stream().map(Wire::to).toList());
                attempts.add(n.loop.nanos() - START);
            }
        }
        assertEquals(List.of(-1), outcomes, "timed out");
        assertEquals(START + 2 * SECOND, n.loop.nanos(), "at the timeout exactly");
        assertEquals(attempts.size(), retriesAt.size(), "the hook runs before each retry");
        // retry k waits jitter(250 ms x 2^(k-1)): half to one and a half of it
        long previous = 0;
        for (int k = 0; k < attempts.size(); k++) {
            long gap = attempts.get(k) - previous;
            long backoff = (250 * MS) << k;
            assertTrue(gap >= backoff / 2 && gap < backoff * 3 / 2, "retry " + (k + 1) + " after " + gap / MS + " ms");
            previous = attempts.get(k);
        }
        assertTrue(attempts.size() >= 2, "" + attempts);
        assertFalse(p.joining.joining());
        assertEquals(0, n.loop.pending());
    }

    @Test
    void theJoinsStateGoesUncompressedEvenWhenBig() {
        make(TestNode.lan());
        for (Peer m : n.addAlive("member-with-a-long-name-", 60, 1)) {
            n.table.tags[n.slot(m)] = Tags.of(Map.of("zone", "zone-1"));
        }
        join(List.of(new Address("10.1.0.1", 7946)), Engine.WithoutSeeds.START_ALONE, 2 * SECOND);
        Wire w = joins().get(0);
        assertFalse(w.compressed(), "a seed not heard from yet may not inflate");
        assertTrue(w.length() > 1024);
    }

    @Test
    void withoutSeedsAndKeepTryingTheJoinWaitsForSeedsUntilTheTimeout() {
        make(TestNode.lan());
        join(List.of(), Engine.WithoutSeeds.KEEP_TRYING, 1 * SECOND);
        assertTrue(p.joining.joining());
        n.loop.advance(1 * SECOND);
        assertEquals(List.of(-1), outcomes);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aSeedsAnswerEndsTheJoinToldAfterThePublishThatHoldsItsMembers() {
        make(TestNode.lan());
        Peer seed = n.peer("seed");
        Peer other = n.peer("other");
        List<Boolean> heldWhenTold = new ArrayList<>();
        p.joining.join(List.of(seed.address()), Engine.WithoutSeeds.START_ALONE, () -> { }, 10 * SECOND, o -> {
            outcomes.add(o);
            heldWhenTold.add(p.published && n.state(other) == MemberState.ALIVE);
        });
        n.transport.clear();
        p.deliverFrame(n.from(seed).sync(Codec.SYNC_REPLY, Entry.alive(seed, 3), Entry.alive(other, 4)));
        assertEquals(List.of(1), outcomes);
        assertEquals(List.of(true), heldWhenTold, "told after the publish of the seed's members");
        assertFalse(p.joining.joining());
        assertEquals(0, n.transport.count(), "a reply is not answered");
        n.loop.advance(30 * SECOND);
        assertEquals(List.of(), joins(), "no more retries");
        p.joining.answered();
        p.flush();
        assertEquals(List.of(1), outcomes, "a late answer changes nothing");
    }

    @Test
    void aRefusalEndsTheJoinAndTheSeedsAreNotRetried() {
        make(TestNode.lan());
        Address seed = new Address("10.1.0.1", 7946);
        Peer holder = n.peer(TestNode.NAME, "10.2.0.2");
        join(List.of(seed), Engine.WithoutSeeds.START_ALONE, 10 * SECOND);
        n.transport.clear();
        p.joining.refused(holder, seed);
        assertEquals(List.of(), outcomes);
        p.flush();
        assertEquals(List.of(-2), outcomes);
        assertSame(holder, p.joining.nameHolder());
        assertEquals(seed, p.joining.nameRefusedBy());
        p.reconnects.start();
        n.loop.advance(60 * SECOND);
        assertEquals(List.of(), joins(), "neither the join's retries nor the reconnect ticks knock again");
    }

    @Test
    void aRefusedNodeKnocksNoMoreWhenDiscoveryHandsOverItsSeedsAgain() {
        // a refused node stays out: neither its reconnect ticks nor discovery's refreshes send its
        // state to a seed again, until it is asked to join again
        make(TestNode.lan());
        Address seed = new Address("10.1.0.1", 7946);
        join(List.of(seed), Engine.WithoutSeeds.START_ALONE, 10 * SECOND);
        p.joining.refused(n.peer(TestNode.NAME, "10.2.0.2"), seed);
        p.flush();
        n.transport.clear();
        p.reconnects.start();
        p.joining.updateSeeds(List.of(seed));
        n.loop.advance(1 * SECOND);
        assertEquals(List.of(), joins().stream().map(Wire::to).toList());
    }

    @Test
    void seedsFoundDuringAJoinAreContactedAtOnce() {
        make(TestNode.lan());
        Address s1 = new Address("10.1.0.1", 7946);
        Address s2 = new Address("10.1.0.2", 7946);
        join(List.of(s1), Engine.WithoutSeeds.START_ALONE, 10 * SECOND);
        n.transport.clear();
        p.joining.updateSeeds(List.of(s1, TestNode.ADDRESS));
        assertEquals(0, n.transport.count(), "nothing new: its own address is ignored");
        p.joining.updateSeeds(List.of(s1, s2, TestNode.ADDRESS));
        assertEquals(List.of(s2), joins().stream().map(Wire::to).toList(), "only the new seed, at once");
        assertEquals(List.of(s1, s2), p.joining.seedsTried());
        n.loop.runNext();
        assertEquals(List.of(s1, s2), joins().stream().map(Wire::to).toList(), "both from the next retry on");
    }

    @Test
    void aNodeLeftAloneRetriesItsSeedsWithBackoffAndStopsOnceItHasCompany() {
        make(TestNode.lan());
        Address seed = new Address("10.1.0.1", 7946);
        join(List.of(seed), Engine.WithoutSeeds.START_ALONE, 10 * SECOND);
        Peer s = n.peer("seed");
        p.deliverFrame(n.from(s).sync(Codec.SYNC_REPLY, Entry.alive(s, 1)));
        n.transport.clear();
        long now = n.loop.nanos();
        p.joining.retryIfAlone(now);
        assertEquals(List.of(), joins(), "not alone");
        n.table.setState(n.slot(s), MemberState.DEAD, now);
        p.joining.retryIfAlone(now);
        assertEquals(List.of(seed), joins().stream().map(Wire::to).toList(), "alone: the seeds again");
        p.joining.retryIfAlone(now + 999 * MS);
        assertEquals(List.of(), joins(), "then after jitter(2 s) at least a second");
        p.joining.retryIfAlone(now + 3 * SECOND);
        assertEquals(1, joins().size());
        p.joining.updateSeeds(List.of(seed, new Address("10.1.0.9", 7946)));
        p.joining.retryIfAlone(now + 3 * SECOND + 1);
        assertEquals(2, joins().size(), "new seeds reset the backoff");
    }

    @Test
    void stoppingDuringAJoinEndsItAsTimedOut() {
        make(TestNode.lan());
        join(List.of(new Address("10.1.0.1", 7946)), Engine.WithoutSeeds.START_ALONE, 10 * SECOND);
        p.stop();
        assertEquals(List.of(-1), outcomes);
        n.transport.clear();
        n.loop.advance(20 * SECOND);
        assertEquals(0, n.transport.count());
    }

    // ------------------------------------------------------------------ leaving

    @Test
    void aNodeAloneLeavesAndStopsAtOnce() {
        make(TestNode.lan());
        List<String> done = new ArrayList<>();
        p.joining.leave(() -> done.add("left"));
        assertEquals(MemberState.LEFT, n.state(n.self));
        assertTrue(n.local.leaving);
        assertEquals(List.of(new StateChanged(n.self, MemberState.ALIVE, MemberState.LEFT)), n.observer.all());
        assertEquals(1, p.stops);
        assertFalse(n.local.running);
        assertEquals(List.of("left"), done);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aLeaveIsGossipedFirstOfAllAndTheNodeStopsOnceItSpread() {
        make(TestNode.lan());
        n.addAlive("a", 3, 1);
        p.gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, n.peer("older-news"), 1, null, Tags.EMPTY, null);
        List<String> done = new ArrayList<>();
        p.joining.leave(() -> done.add("left"));
        List<Wire> first = n.transport.take();
        assertEquals(3, first.size(), "a round at once");
        for (Wire w : first) {
            assertEquals(new Recorder.Left(n.self, 1), w.first(), "LEFT goes first");
        }
        assertEquals(0, p.stops, "sent 3 times of min(retransmit limit 4, 2 x fanout)");
        assertEquals(List.of(), done);
        n.loop.advance(200 * MS);
        assertEquals(1, n.transport.take().stream().filter(w -> w.messages().contains(new Recorder.Left(n.self, 1))).count());
        assertEquals(1, p.stops, "spread: stopped");
        assertEquals(List.of("left"), done);
        n.loop.advance(10 * SECOND);
        assertEquals(0, n.transport.count(), "a stopped node sends nothing");
    }

    @Test
    void aLeaveStopsAtTheLeaveTimeoutWhateverHasSpread() {
        make(TestNode.with().config(c -> c.leaveTimeout(Duration.ZERO)).build());
        n.addAlive("a", 5, 1);
        List<String> done = new ArrayList<>();
        p.joining.leave(() -> done.add("left"));
        assertEquals(3, n.transport.take().size(), "one round");
        assertEquals(1, p.stops);
        assertEquals(List.of("left"), done);
    }

    @Test
    void aSecondLeaveIsToldWithTheFirstAndALeaveOfAStoppedNodeAtOnce() {
        make(TestNode.lan());
        n.addAlive("a", 3, 1);
        List<String> done = new ArrayList<>();
        p.joining.leave(() -> done.add("first"));
        p.joining.leave(() -> done.add("second"));
        assertEquals(List.of(), done);
        n.loop.advance(200 * MS);
        assertEquals(List.of("first", "second"), done);
        p.joining.leave(() -> done.add("third"));
        assertEquals(List.of("first", "second", "third"), done);
        assertEquals(1, p.stops);
        assertNull(p.joining.nameHolder());
    }
}
