package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.ClusterEvent;
import io.chorus.api.MemberState;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Broadcasts} with every other part real: this node's own events (delivered here at once,
 * then gossiped at once, or sent straight to each member), and those heard (delivered once,
 * relayed unless sent directly).
 */
class BroadcastsTest {
    private static final byte[] TOPIC = "news".getBytes(StandardCharsets.US_ASCII);

    record Direct(List<Address> to, boolean[] inflates, long seq, int flags, byte[] payload) {
    }

    private final List<Direct> direct = new ArrayList<>();
    private TestNode n;
    private Parts p;

    private void make() {
        n = TestNode.lan();
        p = new Parts(n);
        p.broadcasts.direct((to, inflates, origin, stream, seq, low, flags, topic, payload) ->
                direct.add(new Direct(to, inflates, seq, flags, payload)));
    }

    private void broadcast(byte[] payload, int flags) {
        assertTrue(p.broadcasts.reserve(10));
        p.broadcasts.broadcast("news", TOPIC, payload, flags);
    }

    @Test
    void aloneAnEventIsDeliveredHereAndSentNowhere() {
        make();
        byte[] payload = {1, 2, 3};
        broadcast(payload, 0);
        List<ClusterEvent.UserEvent> delivered = n.events.of(ClusterEvent.UserEvent.class);
        assertEquals(1, delivered.size());
        assertEquals(n.self.id(), delivered.get(0).sender());
        assertArrayEquals(payload, delivered.get(0).payload());
        assertEquals(0, n.transport.count());
        assertFalse(p.broadcasts.events().hasPending());
        assertTrue(p.broadcasts.reserve(1), "released: nothing spreads");
    }

    @Test
    void withMembersAnEventGoesOutInAGossipRoundAtOnce() {
        make();
        Set<Peer> members = Set.of(n.addAlive("a", 5, 1));
        byte[] payload = {7};
        broadcast(payload, 0);
        List<Wire> sent = n.transport.take();
        assertEquals(3, sent.size(), "a round to the fanout");
        for (Wire w : sent) {
            assertTrue(members.contains(n.at(w.to())));
            Recorder.UserEventMsg e = (Recorder.UserEventMsg) w.only();
            assertEquals(n.self, e.origin());
            assertEquals(Parts.STREAM, e.stream());
            assertEquals(1, e.seq());
            assertEquals("news", e.topic());
            assertArrayEquals(payload, e.payload());
        }
        assertEquals(1, n.events.of(ClusterEvent.UserEvent.class).size(), "delivered here too");
    }

    @Test
    void aDirectEventGoesToEveryLiveMemberAndIsNotGossiped() {
        make();
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer s = n.add("s", MemberState.SUSPECT, 1);
        n.add("d", MemberState.DEAD, 1);
        n.table.inflates[n.slot(s)] = true;
        broadcast(new byte[] {9}, Codec.EVENT_DIRECT);
        assertEquals(1, direct.size());
        Direct d = direct.get(0);
        assertEquals(List.of(a.address(), s.address()), d.to());
        assertArrayEquals(new boolean[] {false, true}, d.inflates());
        assertEquals(Codec.EVENT_DIRECT, d.flags());
        assertEquals(0, n.transport.count());
        assertFalse(p.broadcasts.events().hasPending());
        assertTrue(p.broadcasts.reserve(1), "released");
    }

    @Test
    void anEventHeardIsDeliveredOnceAndRelayedUnlessDirect() {
        make();
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] b = {5, 6};
        p.broadcasts.heard(a, 3, 1, 1, 0, "news", b, 0, 2);
        p.broadcasts.heard(a, 3, 1, 1, 0, "news", b, 0, 2);
        assertEquals(1, n.events.of(ClusterEvent.UserEvent.class).size());
        assertTrue(p.broadcasts.events().hasPending(), "relayed");
        p.broadcasts.events().clear();
        p.broadcasts.heard(a, 3, 2, 1, Codec.EVENT_DIRECT, "news", b, 0, 2);
        assertEquals(2, n.events.of(ClusterEvent.UserEvent.class).size());
        assertFalse(p.broadcasts.events().hasPending(), "a direct event is not relayed");
        p.broadcasts.heard(n.peer(TestNode.NAME, "10.9.9.9"), 3, 1, 1, 0, "news", b, 0, 2);
        assertEquals(2, n.events.of(ClusterEvent.UserEvent.class).size(), "this node's own name: ignored");
        assertEquals(2, n.counters.userEventsDelivered);
    }

    @Test
    void aStoppedNodeBroadcastsNothing() {
        make();
        n.addAlive("a", 3, 1);
        n.local.running = false;
        broadcast(new byte[] {1}, 0);
        assertEquals(List.of(), n.events.all());
        assertEquals(0, n.transport.count());
        assertTrue(p.broadcasts.reserve(1), "released");
    }
}
