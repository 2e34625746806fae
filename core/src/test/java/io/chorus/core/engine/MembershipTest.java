package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterEvent;
import io.chorus.api.FailureReason;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.core.engine.Membership.Source;
import io.chorus.core.engine.RecordingDetector.Call;
import io.chorus.core.engine.RecordingObserver.AliveUpdated;
import io.chorus.core.engine.RecordingObserver.DeathDeclared;
import io.chorus.core.engine.RecordingObserver.StateChanged;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.MessageVisitor.TagsReader;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Membership} with every other part real: each move between states gives exactly its
 * event, observer call, gossip update (at its priority), failure-detector removal, reconnect
 * retries and probe order; stale news is ignored by the merge rules, and answered when it accuses;
 * accusations of this node are refuted; second-hand accusations in a full state are relayed to
 * the accused; members gone for longer than {@code deadRetention} are forgotten.
 */
class MembershipTest {
    private static final Tags ZONE1 = Tags.of(Map.of("zone", "z1"));
    private static final Tags ZONE2 = Tags.of(Map.of("zone", "z2"));

    private TestNode n;
    private Parts p;

    @BeforeEach
    void setUp() {
        make(TestNode.lan());
    }

    private void make(TestNode node) {
        n = node;
        p = new Parts(n);
    }

    /** @return a reader of these tags, which reuses the tags known when they are equal (as the codec's does) */
    private static TagsReader tags(Tags t) {
        return current -> t.equals(current) ? current : t;
    }

    /** Hands an ALIVE to membership, as the inbox does with a gossiped one. */
    private void alive(Peer member, long inc, TagsReader tags, Source src) {
        try {
            p.membership.onAlive(member, inc, tags, src);
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }

    private static Member member(Peer peer, MemberState state, long inc, Tags tags) {
        return new Member(peer.id(), state, inc, tags.map());
    }

    /** Publishes what setting up changed (the views settle), then forgets what it left in the recorders. */
    private void clearRecords() {
        p.flush();
        n.events.take();
        n.observer.take();
        n.detector.take();
        n.transport.clear();
        p.membership.takeChanged();
    }

    /** Asserts the one pending update about {@code name} and its priority (reads the queue once). */
    private void gossiped(String name, int prio, Recorder.Msg update) {
        List<Recorder.Msg> drained = p.drainGossip();
        assertEquals(update, Parts.about(drained, name), "the update gossiped about " + name);
        assertEquals(prio, p.priorityIn(drained, name), "its priority");
    }

    /** @return the reconnect pings to {@code target} while the reconnect ticks run for {@code ms} */
    private long reconnectPings(Peer target, long ms) {
        p.reconnects.start();
        n.transport.clear();
        n.loop.advance(ms * MS);
        return n.transport.take().stream().filter(w -> w.to().equals(target.address()))
                .filter(w -> w.messages().contains(new Recorder.Ping(((Recorder.Ping) w.first()).seq(), target))).count();
    }

    // ------------------------------------------------------------------ moves

    @Test
    void aNewMemberJoins() {
        Peer a = n.peer("a");
        p.markPriorities();
        alive(a, 5, tags(ZONE1), Source.GOSSIP);
        assertEquals(MemberState.ALIVE, n.state(a));
        assertEquals(5, n.inc(a));
        assertEquals(ZONE1, n.table.tags[n.slot(a)]);
        assertEquals(List.of(new ClusterEvent.MemberJoined(member(a, MemberState.ALIVE, 5, ZONE1))), n.events.take());
        assertEquals(List.of(new StateChanged(a, null, MemberState.ALIVE)), n.observer.take());
        assertEquals(List.of(), n.detector.all());
        assertSame(a, p.order.next(), "it is probed");
        assertTrue(p.membership.takeChanged());
        assertFalse(p.membership.takeChanged(), "asked once");
        gossiped("a", Gossip.PRIO_STATE, new Recorder.Alive(a, 5, ZONE1));
    }

    @Test
    void aNewMemberFromAFullStateIsNotGossiped() {
        Peer a = n.peer("a");
        alive(a, 5, tags(ZONE1), Source.SYNC);
        assertEquals(List.of(new ClusterEvent.MemberJoined(member(a, MemberState.ALIVE, 5, ZONE1))), n.events.take());
        assertEquals(-1, p.gossip.transmits("a"));
        assertEquals(0, p.gossip.pending());
    }

    @Test
    void aliveToSuspect() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.markPriorities();
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, b);
        assertEquals(MemberState.SUSPECT, n.state(a));
        assertEquals(List.of(new ClusterEvent.MemberSuspected(member(a, MemberState.SUSPECT, 5, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.ALIVE, MemberState.SUSPECT)), n.observer.take());
        assertSame(b, p.suspicions.firstSuspector(n.slot(a)), "a suspicion runs");
        assertEquals(List.of(), n.detector.all());
        assertTrue(p.membership.takeChanged());
        gossiped("a", Gossip.PRIO_STATE, new Recorder.Suspect(a, 5, b));
        assertEquals(0, n.transport.count(), "nothing sent directly");
    }

    @Test
    void onlyAnIndependentConfirmationOfASuspicionIsGossipedAgain() {
        n.addAlive("r", 3, 1);
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer c = n.add("c", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, b);
        p.drainGossip();
        assertEquals(1, p.gossip.transmits("a"));
        clearRecords();
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, c);
        assertEquals(1, p.gossip.transmits("a"), "the first suspector again: nothing new");
        p.membership.onSuspect(a, 5, c, Source.GOSSIP, c);
        assertEquals(0, p.gossip.transmits("a"), "c's confirmation goes out afresh");
        assertEquals(new Recorder.Suspect(a, 5, c), Parts.about(p.drainGossip(), "a"));
        assertEquals(List.of(), n.events.all(), "no move, no event");
        assertEquals(List.of(), n.observer.all());
    }

    @Test
    void suspectToDeadWhenTheSuspicionRunsOut() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, b);
        clearRecords();
        p.markPriorities();
        // three live members: no confirmation expected, the minimum of 4 x 500 ms
        n.loop.advance(2_000 * MS);
        assertEquals(MemberState.DEAD, n.state(a));
        assertEquals(List.of(new ClusterEvent.MemberFailed(member(a, MemberState.DEAD, 5, Tags.EMPTY),
                FailureReason.PROBE_TIMEOUT)), n.events.take());
        assertEquals(List.of(new DeathDeclared(a, START), new StateChanged(a, MemberState.SUSPECT, MemberState.DEAD)),
                n.observer.take());
        assertEquals(List.of(new Call("remove", a.id(), -1)), n.detector.take());
        assertNull(p.suspicions.firstSuspector(n.slot(a)));
        assertTrue(p.published, "the verdict's task published the change");
        assertTrue(p.order.next() != a && p.order.next() != a, "no longer probed");
        gossiped("a", Gossip.PRIO_DEATH, new Recorder.Dead(a, 5, n.self, FailureReason.PROBE_TIMEOUT.ordinal()));
        assertEquals(1, reconnectPings(a, 2_000), "retried about a second after its death (the next retry waits 2 s or so)");
        assertEquals(1, n.counters.deaths);
        assertEquals(0, n.counters.suspicionsRefuted);
    }

    @Test
    void aDeathHeardInGossipKeepsItsDeclarerAndReason() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.markPriorities();
        p.membership.onDead(a, 5, b, FailureReason.CONNECTION_CLOSED, Source.GOSSIP, b);
        assertEquals(List.of(new ClusterEvent.MemberFailed(member(a, MemberState.DEAD, 5, Tags.EMPTY),
                FailureReason.CONNECTION_CLOSED)), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.ALIVE, MemberState.DEAD)), n.observer.take());
        assertEquals(List.of(new Call("remove", a.id(), -1)), n.detector.take());
        gossiped("a", Gossip.PRIO_DEATH, new Recorder.Dead(a, 5, b, FailureReason.CONNECTION_CLOSED.ordinal()));
    }

    @Test
    void deadToAliveIsAJoinAgain() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onDead(a, 5, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        assertTrue(p.order.next() == b && p.order.next() == b, "a is not probed while DEAD");
        clearRecords();
        p.markPriorities();
        alive(a, 6, tags(ZONE1), Source.GOSSIP);
        assertEquals(List.of(new ClusterEvent.MemberJoined(member(a, MemberState.ALIVE, 6, ZONE1))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.DEAD, MemberState.ALIVE)), n.observer.take());
        assertEquals(List.of(), n.detector.all());
        assertSame(a, p.order.next(), "back in the probe order, in this very pass");
        gossiped("a", Gossip.PRIO_STATE, new Recorder.Alive(a, 6, ZONE1));
        assertEquals(0, reconnectPings(a, 5_000), "no more reconnect pings");
    }

    @Test
    void deadToSuspectAtAHigherIncarnationComesBackToBeProbed() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onDead(a, 5, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        assertEquals(b, p.order.next());
        clearRecords();
        p.markPriorities();
        p.membership.onSuspect(a, 6, b, Source.GOSSIP, b);
        assertEquals(MemberState.SUSPECT, n.state(a));
        assertEquals(List.of(new ClusterEvent.MemberSuspected(member(a, MemberState.SUSPECT, 6, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.DEAD, MemberState.SUSPECT)), n.observer.take());
        assertSame(b, p.suspicions.firstSuspector(n.slot(a)));
        assertSame(a, p.order.next(), "back in the probe order");
        gossiped("a", Gossip.PRIO_STATE, new Recorder.Suspect(a, 6, b));
        assertEquals(0, reconnectPings(a, 1_900), "its reconnect retries stopped (its suspicion runs 2 s)");
    }

    @Test
    void thisNodesNewTagsRaiseItsIncarnationAndAreGossipedLast() {
        p.markPriorities();
        p.membership.changeTags(ZONE1);
        assertEquals(2, n.local.incarnation);
        assertEquals(ZONE1, n.local.tags);
        assertEquals(2, n.inc(n.self));
        assertEquals(ZONE1, n.table.tags[n.slot(n.self)]);
        assertEquals(List.of(new ClusterEvent.MemberUpdated(member(n.self, MemberState.ALIVE, 1, Tags.EMPTY),
                member(n.self, MemberState.ALIVE, 2, ZONE1))), n.events.take());
        assertTrue(p.membership.takeChanged());
        gossiped(TestNode.NAME, Gossip.PRIO_TAGS, new Recorder.Alive(n.self, 2, ZONE1));
    }

    @Test
    void suspectToAliveIsARecovery() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, b);
        clearRecords();
        p.markPriorities();
        alive(a, 6, tags(Tags.EMPTY), Source.GOSSIP);
        assertEquals(List.of(new ClusterEvent.MemberRecovered(member(a, MemberState.ALIVE, 6, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.SUSPECT, MemberState.ALIVE)), n.observer.take());
        assertNull(p.suspicions.firstSuspector(n.slot(a)), "the suspicion ended");
        gossiped("a", Gossip.PRIO_STATE, new Recorder.Alive(a, 6, Tags.EMPTY));
        n.loop.advance(60_000 * MS);
        assertEquals(MemberState.ALIVE, n.state(a), "no verdict later");
        assertEquals(1, n.counters.suspicionsRefuted, "a false suspicion, refuted");
        assertEquals(0, n.counters.deaths);
    }

    @Test
    void aliveToLeft() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        p.markPriorities();
        p.membership.onLeft(a, 5, Source.GOSSIP);
        assertEquals(MemberState.LEFT, n.state(a));
        assertEquals(List.of(new ClusterEvent.MemberLeft(member(a, MemberState.LEFT, 5, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.ALIVE, MemberState.LEFT)), n.observer.take());
        assertEquals(List.of(new Call("remove", a.id(), -1)), n.detector.take());
        assertNull(p.order.next());
        gossiped("a", Gossip.PRIO_DEATH, new Recorder.Left(a, 5));
        assertEquals(1, n.counters.leaves);
        assertEquals(0, n.counters.deaths);
    }

    @Test
    void deadToLeftStopsTheReconnectsAndALeaveInAFullStateIsNotGossiped() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onDead(a, 5, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        p.drainGossip();
        p.gossip.forget("a");
        clearRecords();
        p.membership.onLeft(a, 5, Source.SYNC);
        assertEquals(List.of(new ClusterEvent.MemberLeft(member(a, MemberState.LEFT, 5, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.DEAD, MemberState.LEFT)), n.observer.take());
        assertEquals(List.of(new Call("remove", a.id(), -1)), n.detector.take());
        assertEquals(-1, p.gossip.transmits("a"), "from a full state: not gossiped");
        assertEquals(0, reconnectPings(a, 5_000));
    }

    @Test
    void newTagsAreAnUpdateGossipedLast() {
        Peer a = n.peer("a");
        alive(a, 5, tags(ZONE1), Source.SYNC);
        clearRecords();
        p.markPriorities();
        alive(a, 6, tags(ZONE2), Source.GOSSIP);
        assertEquals(List.of(new ClusterEvent.MemberUpdated(member(a, MemberState.ALIVE, 5, ZONE1),
                member(a, MemberState.ALIVE, 6, ZONE2))), n.events.take());
        assertEquals(List.of(new AliveUpdated(a, 6)), n.observer.take());
        assertEquals(List.of(), n.detector.all());
        assertTrue(p.membership.takeChanged());
        gossiped("a", Gossip.PRIO_TAGS, new Recorder.Alive(a, 6, ZONE2));
    }

    @Test
    void aHigherIncarnationWithTheSameTagsIsNoEvent() {
        Peer a = n.peer("a");
        alive(a, 5, tags(ZONE1), Source.SYNC);
        clearRecords();
        alive(a, 6, tags(ZONE1), Source.SYNC);
        assertEquals(List.of(), n.events.all());
        assertEquals(List.of(new AliveUpdated(a, 6)), n.observer.take());
        assertEquals(6, n.inc(a));
        assertEquals(-1, p.gossip.transmits("a"), "from a full state: not gossiped");
        assertTrue(p.membership.takeChanged());
    }

    @Test
    void anAddressMoveIsAnUpdateGossipedAsState() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        n.table.inflates[n.slot(a)] = true;
        Peer moved = n.peer("a", "10.9.0.1");
        p.markPriorities();
        alive(moved, 6, tags(Tags.EMPTY), Source.GOSSIP);
        int slot = n.slot(a);
        assertSame(moved, n.table.peers[slot]);
        assertFalse(n.table.inflates[slot], "not known to inflate at its new address until heard");
        assertEquals(List.of(new ClusterEvent.MemberUpdated(member(a, MemberState.ALIVE, 5, Tags.EMPTY),
                member(moved, MemberState.ALIVE, 6, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new AliveUpdated(moved, 6)), n.observer.take());
        // the failure detector forgets the old address's history
        assertEquals(List.of(new Call("remove", a.id(), -1)), n.detector.all());
        gossiped("a", Gossip.PRIO_STATE, new Recorder.Alive(moved, 6, Tags.EMPTY));
    }

    // ------------------------------------------------------------------ stale news

    @Test
    void staleNewsIsIgnored() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        clearRecords();
        alive(a, 4, tags(ZONE1), Source.GOSSIP);
        alive(a, 5, tags(ZONE1), Source.GOSSIP);
        p.membership.onLeft(a, 4, Source.GOSSIP);
        p.membership.onSuspect(a, 4, b, Source.SYNC, b);
        p.membership.onDead(a, 4, b, FailureReason.PROBE_TIMEOUT, Source.SYNC, b);
        assertEquals(MemberState.ALIVE, n.state(a));
        assertEquals(5, n.inc(a));
        assertEquals(Tags.EMPTY, n.table.tags[n.slot(a)]);
        assertEquals(List.of(), n.events.all());
        assertEquals(List.of(), n.observer.all());
        assertEquals(0, p.gossip.pending());
        assertEquals(0, n.transport.count(), "stale news from a full state is not answered");
        assertFalse(p.membership.takeChanged());
        p.membership.onSuspect(n.peer("stranger"), 9, b, Source.GOSSIP, b);
        assertEquals(0, p.gossip.pending(), "an accusation of a member unknown here is dropped");
    }

    @Test
    void aStaleAccusationInGossipIsAnsweredWithTheNewerStateAtMostEveryEighthOfAGossipInterval() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 4, b, Source.GOSSIP, b);
        Wire w = n.transport.takeOnly();
        assertEquals(b.address(), w.to());
        assertEquals(new Recorder.Alive(a, 5, Tags.EMPTY), w.first());
        assertEquals(1, w.all(Recorder.Alive.class).stream().filter(m -> m.member() == a).count());
        assertEquals(MemberState.ALIVE, n.state(a));
        n.loop.advance(25 * MS - 1);
        p.membership.onDead(a, 4, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        assertEquals(0, n.transport.count(), "rate limited: 200 ms / 8");
        n.loop.advance(1);
        p.membership.onDead(a, 4, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        assertEquals(new Recorder.Alive(a, 5, Tags.EMPTY), n.transport.takeOnly().first());
        assertEquals(MemberState.ALIVE, n.state(a));
    }

    @Test
    void anAccusationOfAMemberThatLeftIsAnsweredWithItsLeave() {
        Peer a = n.add("a", MemberState.LEFT, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, b);
        assertEquals(new Recorder.Left(a, 5), n.transport.takeOnly().first());
        assertEquals(MemberState.LEFT, n.state(a));
        alive(a, 5, tags(Tags.EMPTY), Source.GOSSIP);
        assertEquals(MemberState.LEFT, n.state(a), "an ALIVE at the incarnation it left with is older than the leave");
    }

    // ------------------------------------------------------------------ this node

    @Test
    void aSuspicionOfThisNodeIsRefutedAndTheSenderCorrected() {
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.markPriorities();
        p.membership.onSuspect(n.self, 1, b, Source.GOSSIP, b);
        assertEquals(2, n.local.incarnation);
        assertEquals(2, n.inc(n.self));
        assertEquals(1, n.awareness.score(), "having to refute is a sign of local trouble");
        assertEquals(1, n.counters.refutations);
        assertEquals(MemberState.ALIVE, n.state(n.self));
        Wire w = n.transport.takeOnly();
        assertEquals(b.address(), w.to());
        assertEquals(new Recorder.Alive(n.self, 2, Tags.EMPTY), w.first());
        assertEquals(1, w.all(Recorder.Alive.class).stream().filter(m -> m.member() == n.self).count(),
                "its own update is not piggybacked again");
        assertEquals(List.of(), n.events.all());
        assertEquals(List.of(), n.observer.all());
        assertTrue(p.membership.takeChanged());
        // the refutation outranks everything relayed: it goes out with the deaths
        gossiped(TestNode.NAME, Gossip.PRIO_DEATH, new Recorder.Alive(n.self, 2, Tags.EMPTY));
    }

    @Test
    void aDeathOfThisNodeAtAHigherIncarnationIsRefutedAboveIt() {
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onDead(n.self, 9, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        assertEquals(10, n.local.incarnation);
        assertEquals(new Recorder.Alive(n.self, 10, Tags.EMPTY), n.transport.takeOnly().first());
        assertEquals(MemberState.ALIVE, n.state(n.self));
    }

    @Test
    void anAccusationOfAnEarlierIncarnationIsAnsweredWithoutARefutation() {
        make(TestNode.with().incarnation(7).build());
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onSuspect(n.self, 6, b, Source.GOSSIP, b);
        assertEquals(7, n.local.incarnation);
        assertEquals(0, n.counters.refutations);
        assertEquals(new Recorder.Alive(n.self, 7, Tags.EMPTY), n.transport.takeOnly().first());
    }

    @Test
    void aLeavingNodeNeitherRefutesNorAnswers() {
        Peer b = n.add("b", MemberState.ALIVE, 1);
        n.local.leaving = true;
        p.membership.onSuspect(n.self, 1, b, Source.GOSSIP, b);
        p.membership.onDead(n.self, 1, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        assertEquals(1, n.local.incarnation);
        assertEquals(0, n.transport.count());
    }

    @Test
    void thisNodesNameAliveAtAnotherAddressIsAConflictAndIsOutranked() {
        Peer impostor = n.peer(TestNode.NAME, "10.6.6.6");
        alive(impostor, 1, tags(Tags.EMPTY), Source.GOSSIP);
        assertEquals(2, n.local.incarnation);
        assertEquals(List.of(new ClusterEvent.NameConflict(n.self.id(), impostor.id())), n.events.take());
        assertSame(n.self, n.table.peers[n.slot(n.self)], "this node keeps its own address");
        alive(n.self, 1, tags(Tags.EMPTY), Source.GOSSIP);
        assertEquals(2, n.local.incarnation, "an older ALIVE of this very node is nothing");
        alive(n.self, 4, tags(Tags.EMPTY), Source.GOSSIP);
        assertEquals(5, n.local.incarnation, "an earlier life's higher incarnation is outranked");
    }

    // ------------------------------------------------------------------ full states

    @Test
    void aSecondHandAccusationAtTheIncarnationHeldAliveIsRelayedToTheMember() throws CodecException {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        clearRecords();
        p.membership.merge(a, MemberState.SUSPECT, 5, tags(Tags.EMPTY), b, Source.SYNC);
        assertEquals(MemberState.ALIVE, n.state(a), "not suspected here");
        Wire w = n.transport.takeOnly();
        assertEquals(a.address(), w.to());
        assertEquals(List.of(new Recorder.Suspect(a, 5, n.self)), w.messages(), "the member is told, so that it refutes");
        assertEquals(List.of(), n.events.all());
        assertEquals(0, p.gossip.pending());

        n.loop.advance(499 * MS);
        p.membership.merge(a, MemberState.DEAD, 5, tags(Tags.EMPTY), b, Source.JOIN);
        assertEquals(0, n.transport.count(), "once per probe interval per member");
        n.loop.advance(1 * MS);
        p.membership.merge(a, MemberState.DEAD, 5, tags(Tags.EMPTY), b, Source.SYNC);
        assertEquals(List.of(new Recorder.Suspect(a, 5, n.self)), n.transport.takeOnly().messages());
        assertEquals(MemberState.ALIVE, n.state(a));
    }

    @Test
    void aNewerAccusationInAFullStateIsASuspicionHereEvenADeath() throws CodecException {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        clearRecords();
        p.membership.merge(a, MemberState.DEAD, 6, tags(Tags.EMPTY), b, Source.SYNC);
        assertEquals(MemberState.SUSPECT, n.state(a));
        assertEquals(6, n.inc(a));
        assertSame(b, p.suspicions.firstSuspector(n.slot(a)), "the sender of the state is the suspector");
        assertEquals(List.of(new ClusterEvent.MemberSuspected(member(a, MemberState.SUSPECT, 6, Tags.EMPTY))), n.events.take());
        assertEquals(new Recorder.Suspect(a, 6, b), Parts.about(p.drainGossip(), "a"));
        assertEquals(0, n.transport.count());
    }

    @Test
    void aSecondHandAccusationOfASuspectIsNoConfirmation() throws CodecException {
        n.addAlive("r", 3, 1);
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer c = n.add("c", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 5, b, Source.GOSSIP, b);
        p.drainGossip();
        clearRecords();
        p.membership.merge(a, MemberState.SUSPECT, 5, tags(Tags.EMPTY), c, Source.SYNC);
        assertEquals(1, p.gossip.transmits("a"), "nothing gossiped afresh");
        assertEquals(List.of(), n.events.all());
    }

    @Test
    void aFullStateEntryAboutALiveMemberMergesAsAlive() throws CodecException {
        Peer a = n.peer("a");
        Peer b = n.peer("b");
        p.membership.merge(a, MemberState.ALIVE, 3, tags(ZONE1), b, Source.JOIN);
        assertEquals(MemberState.ALIVE, n.state(a));
        assertEquals(new Recorder.Alive(a, 3, ZONE1), Parts.about(p.drainGossip(), "a"), "a joiner's members are news");
        p.membership.merge(a, MemberState.LEFT, 3, tags(ZONE1), b, Source.SYNC);
        assertEquals(MemberState.LEFT, n.state(a));
    }

    // ------------------------------------------------------------------ force-leave

    @Test
    void aForceLeaveMovesADeadMemberToLeftAtItsIncarnationGossipedFirstAndStopsItsReconnects() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        n.add("c", MemberState.ALIVE, 1);
        p.membership.onDead(a, 5, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        p.drainGossip();
        p.gossip.forget("a");
        clearRecords();
        p.markPriorities();
        assertEquals(MemberState.DEAD, p.membership.forceLeave("a"), "the state it had");
        assertEquals(MemberState.LEFT, n.state(a));
        assertEquals(5, n.inc(a), "LEFT outranks DEAD at the same incarnation: no one else need raise it");
        assertEquals(List.of(new ClusterEvent.MemberLeft(member(a, MemberState.LEFT, 5, Tags.EMPTY))), n.events.take());
        assertEquals(List.of(new StateChanged(a, MemberState.DEAD, MemberState.LEFT)), n.observer.take());
        assertTrue(p.membership.takeChanged());
        gossiped("a", Gossip.PRIO_DEATH, new Recorder.Left(a, 5));
        assertEquals(0, reconnectPings(a, 5_000), "a member that left is not retried");
    }

    @Test
    void aForceLeaveStopsADeadMemberCountingTowardQuorum() {
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer c = n.add("c", MemberState.ALIVE, 1);
        for (Peer x : List.of(a, b, c)) {
            p.views.stateChanged(x, MemberState.ALIVE);
        }
        p.membership.onDead(a, 5, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        p.membership.onDead(b, 1, c, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, c);
        p.views.update();
        assertFalse(p.views.quorum(), "2 ALIVE of 4");
        p.membership.forceLeave("a");
        p.views.update();
        assertTrue(p.views.quorum(), "2 ALIVE of the 3 not LEFT");
    }

    @Test
    void aForceLeaveMovesNoMemberButADeadOne() {
        n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer s = n.add("s", MemberState.ALIVE, 2);
        p.membership.onSuspect(s, 2, b, Source.GOSSIP, b);
        Peer l = n.add("l", MemberState.ALIVE, 3);
        p.membership.onLeft(l, 3, Source.GOSSIP);
        clearRecords();
        assertEquals(MemberState.ALIVE, p.membership.forceLeave("a"));
        assertEquals(MemberState.SUSPECT, p.membership.forceLeave("s"));
        assertEquals(MemberState.LEFT, p.membership.forceLeave("l"), "already left: nothing to do");
        assertEquals(MemberState.ALIVE, p.membership.forceLeave(TestNode.NAME), "this node leaves by itself");
        assertNull(p.membership.forceLeave("nobody"));
        assertEquals(MemberState.ALIVE, n.state(n.peer("a")));
        assertEquals(MemberState.SUSPECT, n.state(s));
        assertEquals(List.of(), n.events.all());
        assertEquals(-1, p.gossip.transmits("a"), "nothing gossiped");
        assertEquals(0, p.gossip.transmits("s"), "the suspicion's own update, never sent yet, and no other");
        assertFalse(p.membership.takeChanged());
    }

    @Test
    void aNodeForcedOutWhileAliveRefutesItsLeave() {
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.markPriorities();
        p.membership.onLeft(n.self, 1, Source.GOSSIP);
        assertEquals(2, n.local.incarnation, "a LEFT of this very incarnation, which this node never sent");
        assertEquals(MemberState.ALIVE, n.state(n.self));
        gossiped(TestNode.NAME, Gossip.PRIO_DEATH, new Recorder.Alive(n.self, 2, Tags.EMPTY));
        p.membership.onLeft(n.self, 1, Source.GOSSIP);
        assertEquals(2, n.local.incarnation, "an older one is nothing");
        n.local.leaving = true;
        p.membership.onLeft(n.self, 2, Source.GOSSIP);
        assertEquals(2, n.local.incarnation, "its own leave, echoed, is not refuted");
        assertEquals(MemberState.ALIVE, n.state(b));
    }

    // ------------------------------------------------------------------ forgetting

    @Test
    void membersGoneForLongerThanDeadRetentionAreForgotten() {
        make(TestNode.with().config(c -> c.deadRetention(Duration.ofSeconds(1))).build());
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer c = n.add("c", MemberState.ALIVE, 1);
        p.membership.onDead(a, 5, b, FailureReason.PROBE_TIMEOUT, Source.GOSSIP, b);
        p.membership.onLeft(c, 1, Source.GOSSIP);
        clearRecords();
        p.membership.startReaping();
        n.loop.advance(1_000 * MS);
        assertEquals(MemberState.DEAD, n.state(a), "gone exactly deadRetention: kept");
        assertEquals(List.of(), n.observer.all());
        n.loop.advance(1_000 * MS);
        assertNull(n.state(a));
        assertNull(n.state(c));
        assertEquals(MemberState.ALIVE, n.state(b));
        assertEquals(2, n.table.size, "this node and b");
        assertEquals(List.of(new StateChanged(c, MemberState.LEFT, null), new StateChanged(a, MemberState.DEAD, null)),
                n.observer.take());
        assertEquals(List.of(), n.events.all(), "forgetting is no event");
        assertEquals(-1, p.gossip.transmits("a"), "its pending update is dropped");
        assertEquals(-1, p.gossip.transmits("c"));
        assertTrue(p.published);
        n.transport.clear();
        n.loop.advance(10_000 * MS);
        assertEquals(0, n.transport.count(), "and its reconnects");
    }
}
