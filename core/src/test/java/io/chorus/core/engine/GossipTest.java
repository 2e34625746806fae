package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Gossip} with its real queue, outbox and user event queue: rounds to up to
 * {@code gossipFanout} distinct live members, the retransmit limit, the ticks, and the waiters of
 * a tag change. LAN profile: a round every 200 ms to 3 members, each update sent
 * 4 x ceil(log10(n + 1)) times.
 */
class GossipTest {
    private TestNode n;
    private Gossip gossip;
    private int leavingRounds;
    private final List<Boolean> told = new ArrayList<>();

    private void make(TestNode node) {
        n = node;
        UserEvents events = new UserEvents(n.loop, 2_000 * MS, 200 * MS, d -> { }, () -> { });
        gossip = new Gossip(n.config, n.loop, n.table, n.local, n.outbox, events, n.random);
        gossip.wire(() -> leavingRounds++, n.flush);
        n.outbox.piggyback(gossip::piggyback);
    }

    private void update(Peer about, long inc) {
        gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, about, inc, null, Tags.EMPTY, null);
    }

    /** @return how many of the sends carried the update about {@code p} */
    private static long carrying(List<Wire> sent, Peer p) {
        return sent.stream().filter(w -> w.all(Recorder.Alive.class).stream().anyMatch(a -> a.member() == p)).count();
    }

    @Test
    void theRetransmitLimitGrowsWithTheLogOfTheLiveMembers() {
        make(TestNode.lan());
        assertEquals(4, gossip.retransmitLimit(), "n = 1: 4 x ceil(log10 2)");
        n.addAlive("a", 8, 1);
        assertEquals(4, gossip.retransmitLimit(), "n = 9: 4 x ceil(log10 10)");
        Peer s = n.add("s", MemberState.SUSPECT, 1);
        assertEquals(8, gossip.retransmitLimit(), "n = 10 with a SUSPECT: 4 x ceil(log10 11)");
        n.add("d", MemberState.DEAD, 1);
        n.add("l", MemberState.LEFT, 1);
        assertEquals(8, gossip.retransmitLimit(), "DEAD and LEFT members do not count");
        n.table.setState(n.slot(s), MemberState.DEAD, n.loop.nanos());
        assertEquals(4, gossip.retransmitLimit());
        n.addAlive("b", 90, 1);
        assertEquals(8, gossip.retransmitLimit(), "n = 99");
        n.add("c", MemberState.ALIVE, 1);
        assertEquals(12, gossip.retransmitLimit(), "n = 100: 4 x ceil(log10 101)");
    }

    @Test
    void aRoundSendsTheUpdatesToFanoutDistinctLiveMembers() {
        make(TestNode.lan());
        List<Peer> live = new ArrayList<>(List.of(n.addAlive("a", 9, 1)));
        live.add(n.add("s", MemberState.SUSPECT, 1));
        Peer dead = n.add("d", MemberState.DEAD, 1);
        Peer left = n.add("l", MemberState.LEFT, 1);
        Peer about = n.peer("news");
        update(about, 3);
        gossip.round();
        List<Wire> sent = n.transport.take();
        assertEquals(3, sent.size());
        Set<Peer> to = new HashSet<>();
        for (Wire w : sent) {
            assertEquals(Header.Channel.PACKET, w.channel());
            assertEquals(List.of(new Recorder.Alive(about, 3, Tags.EMPTY)), w.messages());
            Peer target = n.at(w.to());
            assertTrue(live.contains(target), "to a live member, not " + target);
            to.add(target);
        }
        assertEquals(3, to.size(), "three distinct members");
        assertFalse(to.contains(dead) || to.contains(left) || to.contains(n.self));
        assertEquals(3, gossip.transmits("news"));
    }

    @Test
    void aRoundWithFewerLiveMembersThanTheFanoutReachesEachOnce() {
        // seed 42 draws slot 2, then never slot 1 in the 11 draws left (see the last test)
        make(TestNode.with().seed(1).build());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        update(n.peer("news"), 1);
        gossip.round();
        List<Wire> sent = n.transport.take();
        assertEquals(2, sent.size());
        assertEquals(Set.of(a.address(), b.address()), Set.of(sent.get(0).to(), sent.get(1).to()));
    }

    @Test
    void nothingToSendSendsNothing() {
        make(TestNode.lan());
        n.addAlive("a", 5, 1);
        gossip.round();
        assertEquals(0, n.transport.count());
        make(TestNode.lan());
        update(n.peer("news"), 1);
        gossip.round();
        assertEquals(0, n.transport.count(), "alone: nobody to send to");
        assertEquals(0, gossip.transmits("news"));
    }

    @Test
    void eachUpdateGoesOutExactlyTheRetransmitLimitThenLeavesTheQueue() {
        make(TestNode.lan());
        n.addAlive("a", 10, 1);
        assertEquals(8, gossip.retransmitLimit());
        Peer about = n.peer("news");
        update(about, 1);
        List<Wire> sent = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            gossip.round();
            sent.addAll(n.transport.take());
        }
        assertEquals(8, carrying(sent, about));
        assertEquals(8, sent.size(), "rounds of 3, 3 and 2, then nothing left to send");
        assertEquals(-1, gossip.transmits("news"));
        assertEquals(0, gossip.pending());
    }

    @Test
    void piggybackingCountsTowardTheLimitToo() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer about = n.peer("news");
        update(about, 1);
        for (int i = 0; i < 4; i++) {
            n.outbox.packet();
            n.outbox.sendWithUpdates(a.address(), null);
        }
        assertEquals(4, carrying(n.transport.take(), about));
        assertEquals(-1, gossip.transmits("news"), "n = 2: sent 4 times, then gone");
    }

    @Test
    void roundsTickEveryGossipIntervalFromAJitteredStart() {
        make(TestNode.lan());
        n.addAlive("a", 5, 1);
        gossip.start();
        long first = n.loop.untilNext();
        assertTrue(first >= 100 * MS && first < 300 * MS, "half to one and a half intervals: " + first);
        update(n.peer("news"), 1);
        n.loop.runNext();
        assertEquals(3, n.transport.take().size());
        assertEquals(1, n.flushes);
        assertEquals(200 * MS, n.loop.untilNext());
        n.loop.runNext();
        assertEquals(START + first + 200 * MS, n.transport.wires().get(0).at());
        assertEquals(0, leavingRounds);
    }

    @Test
    void aLeavingNodeChecksAfterEachRoundAndAStoppedOneTicksNoMore() {
        make(TestNode.lan());
        n.addAlive("a", 2, 1);
        n.local.leaving = true;
        gossip.tick();
        assertEquals(1, leavingRounds);
        assertEquals(1, n.loop.pending());
        n.local.running = false;
        n.loop.runNext();
        assertEquals(1, leavingRounds);
        assertEquals(0, n.loop.pending());
    }

    @Test
    void aTagChangeIsToldOnceItsUpdateWentOutToAFirstRound() {
        make(TestNode.lan());
        n.addAlive("a", 5, 1);
        gossip.enqueue(Gossip.PRIO_TAGS, MemberState.ALIVE, n.self, 2, null, Tags.EMPTY, null);
        gossip.whenSent(3, told::add);
        gossip.whenSent(5, told::add);
        gossip.checkSent();
        assertEquals(List.of(), told);
        gossip.round();
        assertEquals(3, gossip.transmits(TestNode.NAME));
        gossip.checkSent();
        assertEquals(List.of(true), told, "the first waiter needed 3 transmissions");
        gossip.round();
        gossip.checkSent();
        assertEquals(List.of(true, true), told);
    }

    @Test
    void aWaiterIsToldAtOnceWhenNothingAboutThisNodeIsPending() {
        make(TestNode.lan());
        n.addAlive("a", 1, 1);
        gossip.enqueue(Gossip.PRIO_TAGS, MemberState.ALIVE, n.self, 2, null, Tags.EMPTY, null);
        gossip.whenSent(3, told::add);
        for (int i = 0; i < 4; i++) {
            gossip.round(); // n = 2: four transmissions, one per round, and the update is gone
        }
        assertEquals(-1, gossip.transmits(TestNode.NAME));
        gossip.checkSent();
        assertEquals(List.of(true), told);
    }

    @Test
    void stopTellsTheWaitersTheirChangeWasNotSent() {
        make(TestNode.lan());
        n.addAlive("a", 5, 1);
        gossip.enqueue(Gossip.PRIO_TAGS, MemberState.ALIVE, n.self, 2, null, Tags.EMPTY, null);
        gossip.whenSent(3, told::add);
        gossip.whenSent(3, told::add);
        gossip.stop();
        assertEquals(List.of(false, false), told);
        gossip.checkSent();
        assertEquals(2, told.size(), "told once");
    }

    @Test
    void aRoundFindsTheFewLiveMembersOfATableFullOfDeadOnes() {
        // a round draws its targets at random, up to three draws per member known (as memberlist), so
        // that in a table of 40 DEAD members (kept for deadRetention, 24 h by default) and one live
        // member every round reaches the live one
        make(TestNode.lan());
        Peer live = n.add("live", MemberState.ALIVE, 1);
        for (int i = 0; i < 40; i++) {
            n.add("d" + i, MemberState.DEAD, 1);
        }
        Peer about = n.peer("news");
        int empty = 0;
        for (int round = 0; round < 4; round++) {
            update(about, round + 1); // afresh each round
            gossip.round();
            List<Wire> sent = n.transport.take();
            if (sent.isEmpty()) {
                empty++;
            } else {
                assertEquals(live.address(), sent.get(0).to());
            }
        }
        assertEquals(0, empty, "rounds that reached nobody");
    }
}
