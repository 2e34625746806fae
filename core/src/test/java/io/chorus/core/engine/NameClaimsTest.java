package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.chorus.api.ClusterEvent;
import io.chorus.api.MemberState;
import io.chorus.core.engine.Packets.Entry;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NameClaims} with every other part real, joins delivered to the inbox as the bytes a
 * joiner sends: a join under this node's own name is refused at once; under another live member's
 * name the holder is pinged, and its answer refuses the join while its silence lets it through;
 * and a refusal heard by the joiner or the holder.
 */
class NameClaimsTest {
    private static final long TIMEOUT = 200 * TestNode.MS;

    private TestNode n;
    private Parts p;

    private void make(TestNode node) {
        n = node;
        p = new Parts(n);
        p.flush();
        n.events.take();
    }

    /** @return the join a node sends: its state, itself first */
    private Packets.Packet join(Peer claimant, Entry... entries) {
        return n.from(claimant).sync(Codec.SYNC_JOIN, entries);
    }

    @Test
    void aJoinUnderThisNodesOwnNameIsRefusedAtOnce() {
        make(TestNode.lan());
        Peer claimant = n.peer(TestNode.NAME, "10.3.0.3");
        Peer x = n.peer("x");
        p.deliverFrame(join(claimant, Entry.alive(claimant, 50), Entry.alive(x, 1)));
        Wire w = n.transport.takeOnly();
        assertEquals(claimant.address(), w.to());
        assertEquals(List.of(new Recorder.NameConflict(n.self, claimant)), w.messages());
        assertEquals(List.of(new ClusterEvent.NameConflict(n.self.id(), claimant.id())), n.events.take());
        assertNull(n.state(x), "nothing of the join merged");
        assertEquals(1, n.local.incarnation, "nor refuted: the join never reached membership");
        assertSame(n.self, n.table.peers[n.slot(n.self)]);

        n.loop.advance(9_999 * MS);
        p.deliverFrame(join(claimant, Entry.alive(claimant, 50)));
        assertEquals(List.of(new Recorder.NameConflict(n.self, claimant)), n.transport.takeOnly().messages(),
                "refused each time");
        assertEquals(List.of(), n.events.take(), "one event per claimant every 10 s");
        n.loop.advance(1 * MS);
        p.deliverFrame(join(claimant, Entry.alive(claimant, 50)));
        assertEquals(1, n.events.of(ClusterEvent.NameConflict.class).size());
    }

    @Test
    void aJoinUnderALiveMembersNameMakesThisNodePingTheHolder() {
        make(TestNode.lan());
        Peer holder = n.add("a", MemberState.ALIVE, 5);
        Peer claimant = n.peer("a", "10.3.0.3");
        p.deliverFrame(join(claimant, Entry.alive(claimant, 9), Entry.alive(n.peer("x"), 1)));
        List<Wire> sent = n.transport.take();
        assertEquals(2, sent.size(), "a ping, and the same over the stream: " + sent);
        assertEquals(holder.address(), sent.get(0).to());
        assertEquals(Header.Channel.PACKET, sent.get(0).channel());
        Recorder.Ping ping = (Recorder.Ping) sent.get(0).only();
        assertEquals(holder, ping.target());
        assertEquals(holder.address(), sent.get(1).to());
        assertEquals(Header.Channel.STREAM, sent.get(1).channel());
        assertEquals(List.of(ping), sent.get(1).messages());
        assertSame(holder, n.table.peers[n.slot(holder)], "nothing merged yet");
        assertNull(n.state(n.peer("x")));

        p.deliverFrame(join(claimant, Entry.alive(claimant, 9)));
        assertEquals(0, n.transport.count(), "a retry while the holder is checked waits");
    }

    @Test
    void theHoldersAnswerRefusesTheJoinToBoth() {
        make(TestNode.lan());
        Peer holder = n.add("a", MemberState.ALIVE, 5);
        Peer claimant = n.peer("a", "10.3.0.3");
        Peer x = n.peer("x");
        p.deliverFrame(join(claimant, Entry.alive(claimant, 9), Entry.alive(x, 1)));
        int seq = ((Recorder.Ping) n.transport.take().get(0).only()).seq();
        p.deliver(n.from(n.peer("stranger")).ack(seq));
        assertEquals(0, n.transport.count(), "an ack from anyone but the holder is no answer");
        p.deliver(n.from(holder).ack(seq));
        List<Wire> sent = n.transport.take();
        assertEquals(List.of(claimant.address(), holder.address()), sent.stream().map(Wire::to).toList());
        for (Wire w : sent) {
            assertEquals(List.of(new Recorder.NameConflict(holder, claimant)), w.messages());
        }
        assertEquals(List.of(), n.events.of(ClusterEvent.NameConflict.class), "not this node's name");
        n.loop.advance(10 * TIMEOUT);
        assertSame(holder, n.table.peers[n.slot(holder)]);
        assertNull(n.state(x), "the join was never merged");
        assertEquals(0, n.transport.count());
    }

    @Test
    void theHoldersSilenceLetsTheJoinThroughAndItIsAnswered() {
        make(TestNode.lan());
        Peer holder = n.add("a", MemberState.ALIVE, 5);
        Peer claimant = n.peer("a", "10.3.0.3");
        Peer x = n.peer("x");
        p.deliverFrame(join(claimant, Entry.alive(claimant, 9), Entry.alive(x, 1)));
        n.transport.clear();
        int flushes = p.flushes;
        n.loop.advance(TIMEOUT - 1);
        assertEquals(0, n.transport.count());
        n.loop.advance(1);
        assertSame(claimant, n.table.peers[n.slot(holder)], "the name moved");
        assertEquals(9, n.inc(claimant));
        assertEquals(MemberState.ALIVE, n.state(x));
        assertEquals(flushes + 1, p.flushes, "published");
        Wire reply = n.transport.takeOnly();
        assertEquals(claimant.address(), reply.to());
        Recorder.Sync sync = (Recorder.Sync) reply.only();
        assertEquals(Codec.SYNC_REPLY, sync.flags());
        assertEquals(3, sync.count(), "this node, a at its new address and x");
        assertEquals(1, n.events.of(ClusterEvent.MemberUpdated.class).size(), "a moved");
        assertEquals(1, n.events.of(ClusterEvent.MemberJoined.class).size(), "x joined");
        assertEquals(new Recorder.Alive(x, 1, io.chorus.core.wire.Tags.EMPTY), Parts.about(p.drainGossip(), "x"),
                "a joiner's members are gossiped");
    }

    @Test
    void aJoinUnderANewNameOrFromTheHolderItselfIsMergedAtOnce() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 5);
        Peer b = n.peer("b");
        p.deliverFrame(join(b, Entry.alive(b, 1)));
        assertEquals(MemberState.ALIVE, n.state(b));
        Wire reply = n.transport.takeOnly();
        assertEquals(b.address(), reply.to());
        assertEquals(Codec.SYNC_REPLY, ((Recorder.Sync) reply.only()).flags());
        p.deliverFrame(join(a, Entry.alive(a, 6)));
        assertEquals(6, n.inc(a));
        assertEquals(a.address(), n.transport.takeOnly().to());
    }

    @Test
    void aNameHeldByAMemberNotLiveIsFree() {
        make(TestNode.lan());
        Peer holder = n.add("a", MemberState.DEAD, 5);
        Peer claimant = n.peer("a", "10.3.0.3");
        p.deliverFrame(join(claimant, Entry.alive(claimant, 9)));
        assertSame(claimant, n.table.peers[n.slot(holder)]);
        assertEquals(MemberState.ALIVE, n.state(claimant));
        assertEquals(Codec.SYNC_REPLY, ((Recorder.Sync) n.transport.takeOnly().only()).flags());
    }

    @Test
    void onAPacketOnlyTransportTheHolderIsPingedOnce() {
        make(TestNode.with().packetsOnly().build());
        Peer holder = n.add("a", MemberState.ALIVE, 5);
        Peer claimant = n.peer("a", "10.3.0.3");
        p.deliver(join(claimant, Entry.alive(claimant, 9)));
        Wire w = n.transport.takeOnly();
        assertEquals(holder.address(), w.to());
        assertEquals(Header.Channel.PACKET, w.channel());
    }

    @Test
    void aStoppedNodeDropsItsClaims() {
        make(TestNode.lan());
        Peer holder = n.add("a", MemberState.ALIVE, 5);
        Peer claimant = n.peer("a", "10.3.0.3");
        p.deliverFrame(join(claimant, Entry.alive(claimant, 9)));
        n.transport.clear();
        p.stop();
        n.loop.advance(10 * TIMEOUT);
        assertSame(holder, n.table.peers[n.slot(holder)]);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aRefusalOfThisNodesJoinEndsIt() {
        make(TestNode.lan());
        Peer seed = n.peer("seed");
        Peer holder = n.peer(TestNode.NAME, "10.4.0.4");
        List<Integer> outcomes = new ArrayList<>();
        p.joining.join(List.of(seed.address()), Engine.WithoutSeeds.START_ALONE, () -> { }, 10_000 * MS, outcomes::add);
        p.deliver(n.from(seed).nameConflict(holder, n.self));
        assertEquals(List.of(Engine.JOIN_REFUSED), outcomes);
        assertSame(holder, p.joining.nameHolder());
        assertEquals(seed.address(), p.joining.nameRefusedBy());
        assertEquals(List.of(), n.events.of(ClusterEvent.NameConflict.class));
    }

    @Test
    void aRefusalHeardOutsideAJoinIsNoRefusal() {
        make(TestNode.lan());
        Peer seed = n.peer("seed");
        p.deliver(n.from(seed).nameConflict(n.peer(TestNode.NAME, "10.4.0.4"), n.self));
        assertNull(p.joining.nameHolder());
        assertEquals(List.of(), n.events.all());
    }

    @Test
    void theHolderHearsOfTheClaimAsAnEvent() {
        make(TestNode.lan());
        Peer seed = n.peer("seed");
        Peer claimant = n.peer(TestNode.NAME, "10.4.0.4");
        p.deliver(n.from(seed).nameConflict(n.self, claimant));
        assertEquals(List.of(new ClusterEvent.NameConflict(n.self.id(), claimant.id())), n.events.take());
        p.deliver(n.from(seed).nameConflict(n.self, n.peer("other-name", "10.4.0.5")));
        assertEquals(List.of(), n.events.take(), "a claimant of another name is none of this node's business");
    }
}
