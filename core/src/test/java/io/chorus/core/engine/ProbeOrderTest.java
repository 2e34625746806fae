package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ProbeOrder}: round-robin passes over the live members, reshuffled each pass; joiners in the rest of the pass. */
class ProbeOrderTest {
    private final TestNode n = TestNode.lan();
    private final ProbeOrder order = new ProbeOrder(n.table, n.local, n.random);

    private List<Peer> pass(int count) {
        List<Peer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(order.next());
        }
        return out;
    }

    @Test
    void nobodyToProbe() {
        assertNull(order.next(), "this node is never its own target");
        n.add("d", MemberState.DEAD, 1);
        n.add("l", MemberState.LEFT, 1);
        assertNull(order.next());
    }

    @Test
    void eachPassProbesEveryLiveMemberOnceInAFreshOrder() {
        Set<Peer> live = new HashSet<>(List.of(n.addAlive("a", 6, 1)));
        live.add(n.add("s", MemberState.SUSPECT, 1));
        n.add("d", MemberState.DEAD, 1);
        n.add("l", MemberState.LEFT, 1);
        Set<List<Peer>> orders = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            List<Peer> pass = pass(7);
            assertEquals(live, new HashSet<>(pass), "pass " + round + ": " + pass);
            orders.add(pass);
        }
        assertTrue(orders.size() > 1, "reshuffled after each pass");
    }

    @Test
    void aMemberThatJoinsMidPassIsProbedBeforeThePassEnds() {
        n.addAlive("a", 6, 1);
        List<Peer> first = pass(3);
        Peer joiner = n.add("joiner", MemberState.ALIVE, 1);
        order.add(joiner);
        List<Peer> rest = pass(4);
        assertTrue(rest.contains(joiner), "among the ones not yet probed: " + rest);
        Set<Peer> all = new HashSet<>(first);
        all.addAll(rest);
        assertEquals(7, all.size(), "and each of the others once");
    }

    @Test
    void aMemberThatDiedOrMovedMidPassIsSkipped() {
        Peer[] members = n.addAlive("a", 4, 1);
        List<Peer> first = pass(1);
        List<Peer> left = new ArrayList<>(List.of(members));
        left.removeAll(first);
        Peer dies = left.get(0);
        Peer moves = left.get(1);
        n.table.setState(n.slot(dies), MemberState.DEAD, n.loop.nanos());
        Peer moved = n.peer(moves.name(), "10.9.9.9");
        n.table.setPeer(n.slot(moves), moved);
        assertEquals(left.get(2), order.next(), "the only one left of this pass");
        List<Peer> next = pass(3);
        assertTrue(next.contains(moved), "at its new address from the next pass on: " + next);
        assertFalse(next.contains(dies));
        assertFalse(next.contains(moves));
    }
}
