package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static io.chorus.core.engine.TestNode.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterEvent;
import io.chorus.api.MemberState;
import io.chorus.api.spi.Verification;
import io.chorus.core.engine.Membership.Source;
import io.chorus.core.engine.Packets.Entry;
import io.chorus.core.engine.RecordingDetector.Call;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.Tags;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Inbox} with every other part real, fed the bytes members send: input the codec refuses
 * is counted by cause; what a packet's header says of its sender goes to the parts that track it
 * (heard from, inflates, heartbeats, pulls) for live members only, with the buddy nudge for a
 * suspect and a state exchange for a member held DEAD; each message reaches its part.
 */
class InboxTest {
    private TestNode n;
    private Parts p;

    private void make(TestNode node) {
        n = node;
        p = new Parts(n);
        p.flush();
        n.events.take();
    }

    private byte[] ping(Peer from) {
        return n.from(from).ping(9, n.self).bytes();
    }

    // ------------------------------------------------------------------ refused input

    @Test
    void malformedInputIsDroppedAndCounted() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] garbage = {1, 2, 3, 4, 5};
        p.deliver(garbage, Header.Channel.PACKET);
        byte[] otherVersion = ping(a);
        otherVersion[2] = 2;
        p.deliver(otherVersion, Header.Channel.PACKET);
        byte[] good = ping(a);
        p.deliver(Arrays.copyOf(good, good.length - 3), Header.Channel.PACKET);
        assertEquals(3, n.counters.dropped);
        assertEquals(0, n.counters.rejected);
        assertEquals(3, n.counters.messagesIn);
        assertEquals(5 + 2L * good.length - 3, n.counters.bytesIn);
        assertEquals(0, n.transport.count(), "nothing answered");
        assertEquals(List.of(), n.detector.all(), "nothing heard");
    }

    @Test
    void theMessagesBeforeAMalformedOneAreHandledButTheSenderIsNotHeardFrom() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer x = n.peer("x");
        byte[] b = n.from(a).alive(x, 3, Tags.EMPTY).raw(w -> {
            w.u8(Codec.PING);
            w.varlong(50); // a body that runs past the end
            w.u8(1);
        }).bytes();
        p.deliver(b, Header.Channel.PACKET);
        assertEquals(1, n.counters.dropped);
        assertEquals(MemberState.ALIVE, n.state(x), "the ALIVE before it was merged");
        assertEquals(0, n.table.heardAt[n.slot(a)]);
        assertEquals(List.of(), n.detector.all());
    }

    @Test
    void aSignedPacketToANodeWithoutASecretIsRejectedAsABadSignature() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] signed = new Packets(n.interner, new VerdictSigner()).from(a).ping(9, n.self).bytes();
        p.deliver(signed, Header.Channel.PACKET);
        assertEquals(1, n.counters.rejected);
        assertEquals(1, n.counters.rejectedBadTag);
        assertEquals(0, n.transport.count());
    }

    @Test
    void withASignerEachVerdictIsCountedByItsCause() {
        make(TestNode.with().signer(new VerdictSigner()).build());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] signed = ping(a);
        p.deliver(VerdictSigner.withVerdict(signed, Verification.BAD_TAG), Header.Channel.PACKET);
        p.deliver(VerdictSigner.withVerdict(signed, Verification.UNKNOWN_KEY), Header.Channel.PACKET);
        p.deliver(VerdictSigner.withVerdict(signed, Verification.REPLAYED), Header.Channel.PACKET);
        p.deliver(VerdictSigner.withVerdict(signed, Verification.REPLAYED), Header.Channel.PACKET);
        p.deliver(new Packets(n.interner, null).from(a).ping(9, n.self).bytes(), Header.Channel.PACKET);
        assertEquals(5, n.counters.rejected);
        assertEquals(1, n.counters.rejectedBadTag);
        assertEquals(1, n.counters.rejectedUnknownKey);
        assertEquals(2, n.counters.rejectedReplay);
        assertEquals(1, n.counters.rejectedMissingTag);
        assertEquals(0, n.counters.dropped);
        assertEquals(0, n.transport.count());
        p.deliver(signed, Header.Channel.PACKET);
        Wire ack = n.transport.takeOnly();
        assertEquals(List.of(new Recorder.Ack(9)), ack.messages(), "a valid one is answered, signed");
        assertEquals(6, n.counters.messagesIn);
    }

    @Test
    void anUnknownMessageIsSkippedAndCountedAndTheRestHandled() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] b = n.from(a).raw(w -> {
            w.u8(99);
            w.varlong(3);
            w.u8(1);
            w.u8(2);
            w.u8(3);
        }).ping(9, n.self).bytes();
        p.deliver(b, Header.Channel.PACKET);
        assertEquals(1, n.counters.unknownMessages);
        assertEquals(0, n.counters.dropped);
        assertEquals(List.of(new Recorder.Ack(9)), n.transport.takeOnly().messages());
    }

    // ------------------------------------------------------------------ what a header says

    @Test
    void aPacketFromALiveMemberIsHeardFrom() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        n.loop.advance(5 * MS);
        p.deliver(n.from(a).inflates(true));
        int slot = n.slot(a);
        assertEquals(START + 5 * MS, n.table.heardAt[slot]);
        assertTrue(n.table.inflates[slot]);
        assertEquals(List.of(new Call("heartbeat", a.id(), START + 5 * MS)), n.detector.take());
        p.deliver(n.from(a).inflates(false));
        assertFalse(n.table.inflates[slot], "as its last header said");
        assertEquals(0, n.transport.count());
    }

    @Test
    void aHeaderFarAheadMakesThisNodePull() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        p.deliver(n.from(a).counts(20, 20));
        Wire pull = n.transport.takeOnly();
        assertEquals(a.address(), pull.to());
        assertTrue(pull.only() instanceof Recorder.DigestMsg);
    }

    @Test
    void aSuspectThatTalksIsToldOfItsSuspicion() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 4);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        p.membership.onSuspect(a, 4, b, Source.GOSSIP, b);
        p.drainGossip();
        n.transport.clear();
        p.deliver(n.from(a));
        Wire w = n.transport.takeOnly();
        assertEquals(a.address(), w.to());
        assertEquals(new Recorder.Suspect(a, 4, b), w.first());
        assertEquals(START, n.table.heardAt[n.slot(a)]);
        assertEquals(1, n.detector.of("heartbeat").size());
    }

    @Test
    void aMemberHeldDeadThatTalksGetsAStateExchangeAndIsNotHeardFrom() {
        make(TestNode.lan());
        Peer d = n.add("d", MemberState.DEAD, 2);
        p.deliver(n.from(d));
        Wire w = n.transport.takeOnly();
        assertEquals(d.address(), w.to());
        assertEquals(0, ((Recorder.Sync) w.only()).flags());
        assertEquals(0, n.table.heardAt[n.slot(d)]);
        assertEquals(List.of(), n.detector.all());
    }

    @Test
    void aMemberThatLeftAStrangerAndThisNodeItselfAreNotHeardFrom() {
        make(TestNode.lan());
        Peer l = n.add("l", MemberState.LEFT, 2);
        p.deliver(n.from(l).counts(50, 50));
        p.deliver(n.from(n.peer("stranger")).counts(50, 50));
        p.deliver(n.from(n.self).counts(50, 50));
        assertEquals(0, n.table.heardAt[n.slot(l)]);
        assertEquals(0, n.table.heardAt[n.slot(n.self)]);
        assertEquals(List.of(), n.detector.all());
        assertEquals(0, n.transport.count(), "no pull, no exchange");
    }

    @Test
    void aPacketFromALiveMembersNameAtAnotherAddressIsNoSignOfLife() {
        // a node at another address under a member's name (a restart before its move is merged, or
        // an impostor) does not make the member look heard from (which would defer its suspicion),
        // and leaves the failure detector no history for an id that is no member
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer other = n.peer("a", "10.5.0.5");
        n.loop.advance(7 * MS);
        p.deliver(n.from(other).counts(1, 1));
        assertEquals(0, n.table.heardAt[n.slot(a)]);
        assertEquals(List.of(), n.detector.all());
        assertFalse(n.table.inflates[n.slot(a)]);
    }

    // ------------------------------------------------------------------ messages to their parts

    @Test
    void aFullStatePushIsMergedAndAnsweredCompressedOnlyWhenTheSenderInflates() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        for (Peer m : n.addAlive("member-with-a-long-name-", 60, 1)) {
            n.table.tags[n.slot(m)] = Tags.of(Map.of("zone", "zone-1"));
        }
        Peer x = n.peer("x");
        p.deliverFrame(n.from(a).inflates(true).sync(0, Entry.alive(a, 1), Entry.alive(x, 2)));
        assertEquals(MemberState.ALIVE, n.state(x));
        assertEquals(-1, p.gossip.transmits("x"), "a full state's members are not gossiped");
        Wire reply = n.transport.takeOnly();
        assertEquals(a.address(), reply.to());
        assertTrue(reply.compressed());
        assertEquals(Codec.SYNC_REPLY, ((Recorder.Sync) reply.only()).flags());
        p.deliverFrame(n.from(a).inflates(false).sync(0, Entry.alive(a, 1)));
        assertFalse(n.transport.takeOnly().compressed());
        p.deliverFrame(n.from(a).sync(Codec.SYNC_REPLY, Entry.alive(a, 1)));
        assertEquals(0, n.transport.count(), "a reply is not answered");
    }

    @Test
    void gossipedUpdatesReachMembership() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer c = n.add("c", MemberState.ALIVE, 1);
        Peer x = n.peer("x");
        p.deliver(n.from(a).alive(x, 1, Tags.EMPTY).suspect(b, 1, a).left(c, 1));
        assertEquals(MemberState.ALIVE, n.state(x));
        assertEquals(MemberState.SUSPECT, n.state(b));
        assertEquals(MemberState.LEFT, n.state(c));
        p.deliver(n.from(a).dead(b, 1, a, io.chorus.api.FailureReason.CONNECTION_REFUSED));
        assertEquals(MemberState.DEAD, n.state(b));
        assertEquals(List.of(ClusterEvent.MemberJoined.class, ClusterEvent.MemberSuspected.class,
                ClusterEvent.MemberLeft.class, ClusterEvent.MemberFailed.class),
                n.events.all().stream().map(Object::getClass).toList());
    }

    @Test
    void aUserEventIsDeliveredAndRelayed() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        n.add("b", MemberState.ALIVE, 1);
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        p.deliver(n.from(a).raw(w -> Codec.userEvent(w, a, 5, 1, 1, 0, "greet".getBytes(StandardCharsets.US_ASCII), payload)));
        List<ClusterEvent.UserEvent> delivered = n.events.of(ClusterEvent.UserEvent.class);
        assertEquals(1, delivered.size());
        assertEquals("greet", delivered.get(0).topic());
        assertEquals(a.id(), delivered.get(0).sender());
        assertEquals(1, n.counters.userEventsDelivered);
        assertTrue(p.broadcasts.events().hasPending(), "relayed while it is news");
        p.deliver(n.from(a).raw(w -> Codec.userEvent(w, a, 5, 1, 1, 0, "greet".getBytes(StandardCharsets.US_ASCII), payload)));
        assertEquals(1, n.counters.userEventsDelivered, "delivered once");
    }
}
