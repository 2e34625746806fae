package io.chorus.core.engine;

import static io.chorus.core.engine.TestNode.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.core.engine.Packets.Entry;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AntiEntropy} with a real outbox: periodic push-pull, pulls on demand (a sender far ahead,
 * a gap that lasts), the exchange with a member held DEAD, delta answers to digests, and the full
 * state cut to one packet on a transport without streams. LAN profile: push-pull every 30 s, pulls
 * at most every 2 gossip intervals (400 ms).
 */
class AntiEntropyTest {
    /** Half a gossip interval (LAN: 200 ms). */
    private static final long COOLDOWN = 100 * MS;

    private TestNode n;
    private AntiEntropy anti;

    private void make(TestNode node) {
        n = node;
        anti = new AntiEntropy(n.config, n.loop, n.table, n.local, n.outbox, n.random);
        anti.wire(n.flush);
    }

    /** Hands what the inbox hands anti-entropy: the header of a live member's packet, and digests. */
    private final MessageVisitor toAntiEntropy = new NoOpVisitor() {
        @Override
        public void digest(Header h, Digest digest) {
            anti.onDigest(h, digest);
        }

        @Override
        public void done(Header h) {
            anti.heard(h, n.loop.nanos());
        }
    };

    /** @return the table as full-state entries, in slot order, this node at its own incarnation */
    private List<Recorder.Entry> tableEntries(int count) {
        List<Recorder.Entry> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Peer p = n.table.peers[s];
            long inc = p == n.self ? n.local.incarnation : n.table.incs[s];
            out.add(new Recorder.Entry(p, n.table.states[s], inc, n.table.tags[s]));
        }
        return out;
    }

    // ------------------------------------------------------------------ push-pull

    @Test
    void pushPullSendsTheFullStateToAnAliveMember() {
        make(TestNode.lan());
        Set<Peer> alive = Set.of(n.addAlive("a", 4, 2));
        n.add("s", MemberState.SUSPECT, 1);
        n.add("d", MemberState.DEAD, 1);
        n.add("l", MemberState.LEFT, 1);
        anti.start();
        long first = n.loop.untilNext();
        assertTrue(first >= 15_000 * MS && first < 45_000 * MS, "a jittered interval: " + first);
        n.loop.runNext();
        Wire w = n.transport.takeOnly();
        assertTrue(alive.contains(n.at(w.to())), "an ALIVE member, not " + w.to());
        assertEquals(Header.Channel.STREAM, w.channel());
        assertEquals(List.of(new Recorder.Sync(0, 8, tableEntries(8))), w.messages());
        assertFalse(w.compressed(), "small, and the member never said it inflates");
        assertEquals(1, n.flushes);
        assertEquals(1, n.loop.pending(), "the next push-pull");
    }

    @Test
    void pushPullWaitsLongerInALargeClusterAndNotAtAllWhenOff() {
        make(TestNode.lan());
        n.addAlive("a", 63, 1);
        anti.start();
        long first = n.loop.untilNext();
        // 64 live: 30 s x (ceil(log2 64 - log2 32) + 1) = 60 s, jittered
        assertTrue(first >= 30_000 * MS && first < 90_000 * MS, "" + first);

        make(TestNode.with().config(c -> c.pushPullInterval(Duration.ZERO)).build());
        n.addAlive("a", 3, 1);
        anti.start();
        assertEquals(0, n.loop.pending());
    }

    @Test
    void aLeavingNodeDoesNotPushPull() {
        make(TestNode.lan());
        n.addAlive("a", 3, 1);
        anti.start();
        n.local.leaving = true;
        n.loop.runNext();
        assertEquals(0, n.transport.count());
        assertEquals(1, n.loop.pending(), "it keeps ticking");
    }

    @Test
    void aBigStateGoesCompressedToAMemberThatInflatesOnly() {
        make(TestNode.lan());
        Peer[] members = n.addAlive("member-with-a-long-name-", 60, 1);
        for (Peer p : members) {
            n.table.tags[n.slot(p)] = Tags.of(Map.of("zone", "zone-1"));
            n.table.inflates[n.slot(p)] = true;
        }
        anti.sendState(members[0].address(), 0, n.outbox.compressFor(members[0]));
        Wire w = n.transport.takeOnly();
        assertTrue(w.compressed());
        assertEquals(new Recorder.Sync(0, 61, tableEntries(61)), w.only(), "decoded back whole");
        anti.sendState(members[0].address(), 0, Codec.Compress.NEVER);
        assertFalse(n.transport.takeOnly().compressed());
    }

    @Test
    void pushPullFindsItsPartnerInATableFullOfDeadMembers() {
        // the partner is drawn at random, then every slot is swept: with one ALIVE member among 40
        // DEAD ones every push-pull tick exchanges with it
        make(TestNode.lan());
        Peer live = n.add("live", MemberState.ALIVE, 1);
        for (int i = 0; i < 40; i++) {
            n.add("d" + i, MemberState.DEAD, 1);
        }
        anti.start();
        int ticks = 10;
        for (int i = 0; i < ticks; i++) {
            n.loop.runNext();
        }
        List<Wire> sent = n.transport.take();
        assertTrue(sent.stream().allMatch(w -> w.to().equals(live.address())));
        assertEquals(ticks, sent.size(), sent.size() + " exchanges in " + ticks + " ticks");
    }

    // ------------------------------------------------------------------ pulls on demand

    @Test
    void aSenderFarAheadTriggersADigestPullAtMostEveryCooldown() {
        make(TestNode.lan());
        Peer[] members = n.addAlive("a", 4, 1); // five ALIVE here: the threshold is max(4, 5 / 16) = 4
        Peer b = members[0];
        n.receive(n.from(b).counts(8, 8).bytes(), Header.Channel.PACKET, toAntiEntropy);
        assertEquals(0, n.transport.count(), "3 ahead is not far");
        n.receive(n.from(b).counts(9, 9).bytes(), Header.Channel.PACKET, toAntiEntropy);
        Wire pull = n.transport.takeOnly();
        assertEquals(b.address(), pull.to());
        assertEquals(Header.Channel.STREAM, pull.channel());
        assertTrue(pull.only() instanceof Recorder.DigestMsg);

        n.loop.advance(COOLDOWN - 1);
        n.receive(n.from(members[1]).counts(50, 50).bytes(), Header.Channel.PACKET, toAntiEntropy);
        assertEquals(0, n.transport.count(), "rate limited");
        n.loop.advance(1);
        n.receive(n.from(members[2]).counts(5, 5).bytes(), Header.Channel.PACKET, toAntiEntropy);
        assertEquals(members[1].address(), n.transport.takeOnly().to(), "the best-informed sender heard is pulled from");
    }

    @Test
    void theDigestHoldsEveryEntryOfThisNode() {
        make(TestNode.lan());
        Peer[] members = n.addAlive("a", 4, 3);
        n.add("d", MemberState.DEAD, 2);
        n.receive(n.from(members[0]).counts(20, 20).bytes(), Header.Channel.PACKET, toAntiEntropy);
        RecordingTransport.Sent sent = n.transport.sent().get(0);
        List<Boolean> held = new ArrayList<>();
        List<Boolean> foreign = new ArrayList<>();
        Recorder r = new Recorder().onDigest(d -> {
            for (int s = 0; s < n.table.size; s++) {
                held.add(d.mightContain(Codec.digestKey(n.table.wireHashes[s], n.table.incs[s], n.table.states[s], d.salt())));
            }
            foreign.add(d.mightContain(Codec.digestKey(n.table.wireHashes[1], n.table.incs[1] + 1, 0, d.salt())));
            foreign.add(d.mightContain(Codec.digestKey(n.table.wireHashes[1], n.table.incs[1], 1, d.salt())));
        });
        assertEquals(Codec.Outcome.OK, new Codec(n.interner, null).decode(sent.bytes(), 0, sent.bytes().length, r));
        assertEquals(List.of(true, true, true, true, true, true), held);
        assertEquals(List.of(false, false), foreign, "another incarnation or state of a member is not held");
    }

    @Test
    void aGapThatOutlastsTheCooldownTriggersAPullFromTheSenderThatKnowsMore() {
        make(TestNode.lan());
        Peer[] members = n.addAlive("a", 4, 1);
        n.receive(n.from(members[0]).counts(5, 7).bytes(), Header.Channel.PACKET, toAntiEntropy);
        assertEquals(0, n.transport.count(), "a gap starts");
        n.loop.advance(COOLDOWN - 1);
        n.receive(n.from(members[1]).counts(5, 5).bytes(), Header.Channel.PACKET, toAntiEntropy);
        assertEquals(0, n.transport.count());
        n.loop.advance(1);
        n.receive(n.from(members[1]).counts(5, 5).bytes(), Header.Channel.PACKET, toAntiEntropy);
        Wire pull = n.transport.takeOnly();
        assertEquals(members[0].address(), pull.to(), "from the sender that knew 7");
        assertTrue(pull.only() instanceof Recorder.DigestMsg);
    }

    @Test
    void aGapThatClosesStartsAgain() {
        make(TestNode.lan());
        Peer[] members = n.addAlive("a", 4, 1);
        n.receive(n.from(members[0]).counts(5, 6).bytes(), Header.Channel.PACKET, toAntiEntropy);
        n.loop.advance(COOLDOWN / 2);
        n.add("e", MemberState.ALIVE, 1); // six known here now: no gap
        n.receive(n.from(members[1]).counts(6, 6).bytes(), Header.Channel.PACKET, toAntiEntropy);
        n.loop.advance(COOLDOWN);
        n.receive(n.from(members[1]).counts(6, 6).bytes(), Header.Channel.PACKET, toAntiEntropy);
        assertEquals(0, n.transport.count());
    }

    @Test
    void aMemberHeldDeadThatTalksGetsTheFullStateRateLimited() {
        make(TestNode.lan());
        n.addAlive("a", 2, 1);
        Peer dead = n.add("d", MemberState.DEAD, 4);
        n.receive(n.from(dead).inflates(false).bytes(), Header.Channel.PACKET, new NoOpVisitor() {
            @Override
            public void done(Header h) {
                anti.heardFromDead(h, n.loop.nanos());
            }
        });
        Wire w = n.transport.takeOnly();
        assertEquals(dead.address(), w.to());
        assertEquals(List.of(new Recorder.Sync(0, 4, tableEntries(4))), w.messages());
        n.loop.advance(COOLDOWN - 1);
        n.receive(n.from(dead).bytes(), Header.Channel.PACKET, new NoOpVisitor() {
            @Override
            public void done(Header h) {
                anti.heardFromDead(h, n.loop.nanos());
            }
        });
        assertEquals(0, n.transport.count());
    }

    // ------------------------------------------------------------------ digests answered

    @Test
    void aDigestIsAnsweredWithExactlyTheEntriesItLacks() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        Peer c = n.add("c", MemberState.SUSPECT, 2);
        Peer d = n.add("d", MemberState.DEAD, 5);
        Peer e = n.add("e", MemberState.ALIVE, 9);
        // b holds this node, a and d as they are here, c at another state and e at another incarnation
        byte[] digest = n.from(b).digest(1234, Entry.alive(n.self, 1), Entry.alive(a, 3), Entry.of(d, MemberState.DEAD, 5),
                Entry.alive(c, 2), Entry.alive(e, 8), Entry.alive(n.peer("stranger"), 1)).bytes();
        n.receive(digest, Header.Channel.STREAM, toAntiEntropy);
        Wire w = n.transport.takeOnly();
        assertEquals(b.address(), w.to());
        assertEquals(Header.Channel.STREAM, w.channel());
        assertEquals(List.of(new Recorder.Sync(Codec.SYNC_REPLY, 3, List.of(
                new Recorder.Entry(b, 0, 1, Tags.EMPTY),
                new Recorder.Entry(c, MemberState.SUSPECT.ordinal(), 2, Tags.EMPTY),
                new Recorder.Entry(e, 0, 9, Tags.EMPTY)))), w.messages());
    }

    @Test
    void aDigestThatHoldsEverythingIsAnsweredWithAnEmptyState() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 3);
        n.receive(n.from(a).digest(99, Entry.alive(n.self, 1), Entry.alive(a, 3)).bytes(), Header.Channel.STREAM,
                toAntiEntropy);
        assertEquals(List.of(new Recorder.Sync(Codec.SYNC_REPLY, 0, List.of())), n.transport.takeOnly().messages());
    }

    // ------------------------------------------------------------------ a transport without streams

    @Test
    void onAPacketOnlyTransportTheStateIsCutToOnePacketAndItsCountRewritten() {
        make(TestNode.with().packetsOnly().build());
        for (int i = 0; i < 199; i++) {
            n.add("member-" + i, MemberState.ALIVE, 1_000 + i);
        }
        assertEquals(200, n.table.size, "a count of two varint bytes");
        anti.sendState(n.peer("seed").address(), Codec.SYNC_JOIN, Codec.Compress.ALLOWED);
        Wire w = n.transport.takeOnly();
        assertEquals(Header.Channel.PACKET, w.channel());
        assertFalse(w.compressed(), "a packet is never compressed");
        assertTrue(w.length() <= n.outbox.budget());
        Recorder.Sync sync = (Recorder.Sync) w.only();
        int written = sync.entries().size();
        assertTrue(written > 10 && written < 128, "cut, to a count of one varint byte: " + written);
        assertEquals(new Recorder.Sync(Codec.SYNC_JOIN, written, tableEntries(written)), sync);
        // as many as fit: one more entry would not have
        int next = entrySize(n.table.peers[written], n.table.incs[written], n.table.tags[written]);
        assertTrue(w.length() + next > n.outbox.budget(), "the next entry (" + next + " bytes) fits in " + w.length());
    }

    @Test
    void onAPacketOnlyTransportASmallStateGoesWhole() {
        make(TestNode.with().packetsOnly().build());
        n.addAlive("a", 5, 1);
        anti.sendState(n.peer("seed").address(), 0, Codec.Compress.NEVER);
        assertEquals(List.of(new Recorder.Sync(0, 6, tableEntries(6))), n.transport.takeOnly().messages());
    }

    @Test
    void onAPacketOnlyTransportADeltaIsCutToOnePacket() {
        // as a full state is: the puller gets what fits, with the count rewritten, and pulls again
        make(TestNode.with().packetsOnly().build());
        Peer b = n.add("b", MemberState.ALIVE, 1);
        for (int i = 0; i < 199; i++) {
            n.add("member-" + i, MemberState.ALIVE, 1);
        }
        n.receive(n.from(b).digest(5, Entry.alive(b, 1)).bytes(), Header.Channel.PACKET, toAntiEntropy);
        Wire w = n.transport.takeOnly();
        assertEquals(Header.Channel.PACKET, w.channel());
        Recorder.Sync sync = (Recorder.Sync) w.only();
        assertEquals(sync.entries().size(), sync.count(), "the count says what the packet holds");
        assertTrue(sync.count() > 10 && sync.count() < 200, sync.count() + " entries");
        assertEquals(1, n.counters.messagesOut);
    }

    private static int entrySize(Peer p, long inc, Tags tags) {
        WireWriter w = new WireWriter(128);
        Codec.syncEntry(w, p, MemberState.ALIVE, inc, tags);
        return w.position();
    }
}
