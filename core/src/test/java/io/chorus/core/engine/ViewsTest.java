package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.core.engine.Membership.Source;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Views}: the coordinator (the oldest ALIVE member by the start time its incarnation
 * carries, ties by name) and quorum (a strict majority ALIVE of the members not LEFT), each with an
 * event when it moves. Members are put in the table and the views told, as membership does.
 */
class ViewsTest {
    private TestNode n;
    private Views views;

    /** @return the first incarnation of a node started at {@code startMs}, after {@code changes} refutations or tag changes */
    private static long inc(long startMs, int changes) {
        return Engine.initialIncarnation(startMs) + changes;
    }

    private void make(long selfStartMs) {
        n = TestNode.with().incarnation(inc(selfStartMs, 0)).build();
        views = new Views(n.table, n.local, n.events);
        views.stateChanged(n.self, MemberState.ALIVE);
    }

    /** Puts a member in the table in a state and tells the views. */
    private Peer member(String name, MemberState state, long inc) {
        Peer p = n.add(name, state, inc);
        views.stateChanged(p, state);
        return p;
    }

    /** Moves a member and tells the views. */
    private void move(Peer p, MemberState to) {
        n.table.setState(n.slot(p), to, n.loop.nanos());
        views.stateChanged(p, to);
    }

    private Member m(Peer p) {
        return n.table.member(n.slot(p));
    }

    @Test
    void theCoordinatorIsTheOldestAliveMemberTiesByName() {
        make(1_000);
        Peer b = member("b", MemberState.ALIVE, inc(900, 0));
        Peer a = member("a", MemberState.ALIVE, inc(900, 5)); // same start as b, refuted five times since
        member("c", MemberState.SUSPECT, inc(800, 0));
        member("d", MemberState.DEAD, inc(700, 0));
        member("e", MemberState.LEFT, inc(600, 0));
        member("young", MemberState.ALIVE, inc(2_000, 0));
        assertTrue(views.stale());
        assertTrue(views.update());
        assertFalse(views.stale());
        assertSame(a, views.coordinator(), "started at 900 ms like b, and a < b");
        assertEquals(List.of(new ClusterEvent.CoordinatorChanged(m(a)),
                new ClusterEvent.QuorumChanged(true, 4, 6)), n.events.take(), "4 ALIVE of 6 not LEFT");
        assertEquals(MemberState.ALIVE, n.state(b));
    }

    @Test
    void thisNodeCanBeTheCoordinator() {
        make(500);
        member("a", MemberState.ALIVE, inc(900, 0));
        views.update();
        assertSame(n.self, views.coordinator());
        assertEquals(new ClusterEvent.CoordinatorChanged(m(n.self)), n.events.take().get(0));
    }

    @Test
    void theCoordinatorChangesWhenItStopsBeingAliveAndBackWhenItReturns() {
        make(1_000);
        Peer a = member("a", MemberState.ALIVE, inc(800, 0));
        Peer b = member("b", MemberState.ALIVE, inc(900, 0));
        views.update();
        n.events.take();
        assertSame(a, views.coordinator());

        move(a, MemberState.DEAD);
        assertTrue(views.update());
        assertSame(b, views.coordinator());
        assertEquals(List.of(new ClusterEvent.CoordinatorChanged(m(b))), n.events.take());

        move(a, MemberState.ALIVE);
        assertTrue(views.update());
        assertSame(a, views.coordinator());
        assertEquals(List.of(new ClusterEvent.CoordinatorChanged(m(a))), n.events.take());

        move(a, MemberState.SUSPECT);
        views.update();
        assertSame(b, views.coordinator(), "a suspect is not coordinator either");
        assertEquals(List.of(new ClusterEvent.CoordinatorChanged(m(b))), n.events.take());

        views.stateChanged(b, null); // forgotten
        n.table.remove(n.slot(b));
        views.update();
        assertSame(n.self, views.coordinator());
    }

    @Test
    void aYoungerMemberOrAnotherMovesNothing() {
        make(1_000);
        member("a", MemberState.ALIVE, inc(800, 0));
        views.update();
        n.events.take();
        member("young", MemberState.ALIVE, inc(3_000, 0));
        Peer other = member("other", MemberState.ALIVE, inc(3_000, 0));
        assertFalse(views.update(), "neither coordinator nor quorum moved");
        assertEquals(List.of(), n.events.take());
        move(other, MemberState.DEAD);
        assertFalse(views.update(), "4 ALIVE of 5");
        assertEquals(List.of(), n.events.take());
    }

    @Test
    void quorumFlipsWithAnEventEachWay() {
        make(1_000);
        assertTrue(views.update());
        assertEquals(List.of(new ClusterEvent.CoordinatorChanged(m(n.self)), new ClusterEvent.QuorumChanged(true, 1, 1)),
                n.events.take(), "alone: a majority of one");
        assertTrue(views.quorum());
        Peer a = member("a", MemberState.ALIVE, inc(2_000, 0));
        Peer b = member("b", MemberState.ALIVE, inc(2_000, 0));
        views.update();
        assertEquals(List.of(), n.events.take());
        move(a, MemberState.SUSPECT);
        views.update();
        assertEquals(List.of(), n.events.take(), "2 ALIVE of 3");
        move(b, MemberState.DEAD);
        assertTrue(views.update());
        assertFalse(views.quorum());
        assertEquals(List.of(new ClusterEvent.QuorumChanged(false, 1, 3)), n.events.take(), "SUSPECT and DEAD count against");
        move(b, MemberState.LEFT);
        move(a, MemberState.LEFT);
        assertTrue(views.update());
        assertEquals(List.of(new ClusterEvent.QuorumChanged(true, 1, 1)), n.events.take(), "LEFT members do not count");
        assertTrue(views.quorum());
    }

    @Test
    void evenSplitIsNoQuorum() {
        make(1_000);
        member("a", MemberState.ALIVE, inc(2_000, 0));
        member("b", MemberState.DEAD, inc(2_000, 0));
        member("c", MemberState.DEAD, inc(2_000, 0));
        views.update();
        assertFalse(views.quorum());
        assertEquals(new ClusterEvent.QuorumChanged(false, 2, 4), n.events.take().get(1));
    }

    @Test
    void noAliveMemberMeansNoCoordinatorAndNoEvent() {
        make(1_000);
        views.update();
        n.events.take();
        n.table.setState(n.slot(n.self), MemberState.LEFT, n.loop.nanos());
        views.stateChanged(n.self, MemberState.LEFT);
        assertTrue(views.update());
        assertNull(views.coordinator());
        assertEquals(List.of(new ClusterEvent.QuorumChanged(false, 0, 0)), n.events.take());
    }

    @Test
    void theCoordinatorThatMovedIsNamedAtItsNewAddress() throws CodecException {
        // an ALIVE member that moves is no state change, but the views are told: when it is the
        // coordinator it is looked for again, at its new address
        n = TestNode.with().incarnation(inc(1_000, 0)).build();
        Parts p = new Parts(n);
        Peer a = n.peer("a");
        p.membership.onAlive(a, inc(500, 0), current -> Tags.EMPTY, Source.GOSSIP);
        p.flush();
        assertSame(a, p.views.coordinator());
        Peer moved = n.peer("a", "10.9.9.9");
        p.membership.onAlive(moved, inc(500, 1), current -> Tags.EMPTY, Source.GOSSIP);
        p.flush();
        assertSame(moved, n.table.peers[n.slot(a)]);
        assertSame(moved, p.views.coordinator());
        assertEquals(Map.of(), n.table.member(n.table.find(p.views.coordinator())).tags());
    }
}
