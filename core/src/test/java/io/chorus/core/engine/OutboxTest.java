package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.core.engine.RecordingTransport.Wire;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Outbox} with a real codec and, for piggybacking, a real gossip queue: the header of what
 * this node sends, packets filled with pending updates up to the budget, packets over a stream,
 * frames (compressed only when allowed and worth it; on a transport without streams, a packet
 * when it fits), and the counters.
 */
class OutboxTest {
    private static final byte[] TOPIC = "t".getBytes(StandardCharsets.US_ASCII);

    private TestNode n;
    private Gossip gossip;

    private void make(TestNode node) {
        n = node;
        UserEvents events = new UserEvents(n.loop, 2_000 * TestNode.MS, 0, d -> { }, () -> { });
        gossip = new Gossip(n.config, n.loop, n.table, n.local, n.outbox, events, n.random);
        gossip.wire(() -> { }, n.flush);
        n.outbox.piggyback(gossip::piggyback);
    }

    /** Writes a frame of one user event of this node with {@code payload}. */
    private void eventFrame(byte[] payload) {
        WireWriter w = n.outbox.frame();
        Codec.userEvent(w, n.self, 1, 1, 1, 0, TOPIC, payload);
    }

    private static byte[] payloadOf(Wire w) {
        return ((Recorder.UserEventMsg) w.only()).payload();
    }

    /** @return a payload that deflate cannot shrink */
    private static byte[] incompressible(int size) {
        byte[] b = new byte[size];
        new java.util.SplittableRandom(3).nextBytes(b);
        return b;
    }

    @Test
    void whatThisNodeSendsCarriesItsHeaderAndIsCounted() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        n.add("s", MemberState.SUSPECT, 1);
        n.add("d", MemberState.DEAD, 1);
        Codec.ack(n.outbox.packet(), Codec.ACK, 3);
        n.outbox.send(a.address());
        Wire w = n.transport.takeOnly();
        assertEquals(new Wire(TestNode.START, a.address(), Header.Channel.PACKET, n.self, 2, 4, true, false, w.length(),
                List.of(new Recorder.Ack(3))), w);
        assertEquals(1, n.counters.messagesOut);
        assertEquals(w.length(), n.counters.bytesOut);
    }

    @Test
    void withoutCompressionTheHeaderSaysTheNodeDoesNotInflate() {
        make(TestNode.with().config(c -> c.option(Compression.ENABLED.key(), "false")).build());
        Codec.ack(n.outbox.packet(), Codec.ACK, 3);
        n.outbox.send(n.peer("a").address());
        assertFalse(n.transport.takeOnly().inflates());
    }

    @Test
    void piggybackingFillsAPacketUpToTheBudget() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        int size = 0;
        for (int i = 0; i < 300; i++) {
            Peer p = n.peer("m" + (100 + i));
            gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, p, 1, null, Tags.EMPTY, null);
            size = Codec.updateSize(MemberState.ALIVE, p, 1, null, Tags.EMPTY);
        }
        Codec.ping(n.outbox.packet(), 1, a);
        n.outbox.sendWithUpdates(a.address(), null);
        Wire w = n.transport.takeOnly();
        assertTrue(w.length() <= 1400);
        assertTrue(1400 - w.length() < size, "no room left for one more update of " + size + " bytes: " + w.length());
        assertEquals(new Recorder.Ping(1, a), w.first());
        int carried = w.all(Recorder.Alive.class).size();
        assertEquals(w.messages().size() - 1, carried);
        assertEquals(300, gossip.pending(), "each is sent up to the limit, so all still pending");
        assertTrue(carried > 40, "" + carried);
    }

    @Test
    void piggybackingKeepsToASmallerBudgetAndRoomForTheSignature() {
        make(TestNode.with().budget(512).signer(new VerdictSigner()).build());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        assertEquals(511, n.outbox.budget(), "the budget less the signature's trailer");
        assertEquals(511 - (4 + n.self.wireLength() + 10), n.outbox.packetRoom());
        for (int i = 0; i < 100; i++) {
            gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, n.peer("m" + (100 + i)), 1, null, Tags.EMPTY, null);
        }
        Codec.ping(n.outbox.packet(), 1, a);
        n.outbox.sendWithUpdates(a.address(), null);
        Wire w = n.transport.takeOnly();
        assertTrue(w.length() <= 512 && w.length() > 480, "" + w.length());
    }

    @Test
    void theUpdateTheCallerWroteIsNotPiggybackedAgain() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.SUSPECT, 2);
        Peer b = n.add("b", MemberState.ALIVE, 1);
        gossip.enqueue(Gossip.PRIO_STATE, MemberState.SUSPECT, a, 2, b, null, null);
        gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, b, 1, null, Tags.EMPTY, null);
        Codec.update(n.outbox.packet(), MemberState.SUSPECT, a, 2, b, null, null);
        n.outbox.sendWithUpdates(a.address(), "a");
        assertEquals(List.of(new Recorder.Suspect(a, 2, b), new Recorder.Alive(b, 1, Tags.EMPTY)),
                n.transport.takeOnly().messages());
        assertEquals(0, gossip.transmits("a"));
    }

    @Test
    void aPacketCanGoOverTheStreamAsItIs() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, a, 1, null, Tags.EMPTY, null);
        Codec.ping(n.outbox.packet(), 4, a);
        n.outbox.sendOverStream(a.address());
        Wire w = n.transport.takeOnly();
        assertEquals(Header.Channel.STREAM, w.channel());
        assertEquals(List.of(new Recorder.Ping(4, a)), w.messages(), "without updates");
        assertEquals(1, n.counters.messagesOut);
    }

    @Test
    void aFrameGoesCompressedOnlyWhenAllowedAndOverTheThreshold() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] zeros = new byte[4000];
        eventFrame(zeros);
        n.outbox.sendFrame(a.address(), Codec.Compress.ALLOWED);
        Wire w = n.transport.takeOnly();
        assertEquals(Header.Channel.STREAM, w.channel());
        assertTrue(w.compressed());
        assertTrue(w.length() < 1000, "" + w.length());
        assertArrayEquals(zeros, payloadOf(w));
        assertEquals(w.length(), n.counters.bytesOut, "the bytes sent are counted, compressed");

        eventFrame(zeros);
        n.outbox.sendFrame(a.address(), Codec.Compress.NEVER);
        w = n.transport.takeOnly();
        assertFalse(w.compressed());
        assertTrue(w.length() > 4000);

        eventFrame(new byte[900]);
        n.outbox.sendFrame(a.address(), Codec.Compress.ALLOWED);
        assertFalse(n.transport.takeOnly().compressed(), "under the 1024-byte threshold");

        byte[] noise = incompressible(4000);
        eventFrame(noise);
        n.outbox.sendFrame(a.address(), Codec.Compress.ALLOWED);
        w = n.transport.takeOnly();
        assertFalse(w.compressed(), "not when it does not get smaller");
        assertArrayEquals(noise, payloadOf(w));
    }

    @Test
    void aNodeWithCompressionOffOrAZeroThresholdNeverCompresses() {
        make(TestNode.with().config(c -> c.option(Compression.ENABLED.key(), "false")).build());
        eventFrame(new byte[4000]);
        n.outbox.sendFrame(n.peer("a").address(), Codec.Compress.ALLOWED);
        assertFalse(n.transport.takeOnly().compressed());
        make(TestNode.with().config(c -> c.option(Compression.THRESHOLD.key(), "0")).build());
        eventFrame(new byte[4000]);
        n.outbox.sendFrame(n.peer("a").address(), Codec.Compress.ALLOWED);
        assertFalse(n.transport.takeOnly().compressed());
    }

    @Test
    void onAPacketOnlyTransportAFrameGoesAsAPacketWhenItFitsNeverCompressed() {
        make(TestNode.with().packetsOnly().build());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        byte[] payload = new byte[1200];
        eventFrame(payload);
        n.outbox.sendFrame(a.address(), Codec.Compress.ALLOWED);
        Wire w = n.transport.takeOnly();
        assertEquals(Header.Channel.PACKET, w.channel());
        assertFalse(w.compressed(), "a packet is never compressed, even to a member that inflates");
        assertArrayEquals(payload, payloadOf(w));
    }

    @Test
    void onAPacketOnlyTransportAFrameTooBigIsNeitherSentNorCounted() {
        make(TestNode.with().packetsOnly().build());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        eventFrame(new byte[1500]);
        n.outbox.sendFrame(a.address(), Codec.Compress.ALLOWED);
        assertEquals(0, n.transport.count());
        assertEquals(0, n.counters.messagesOut);
        assertEquals(0, n.counters.bytesOut);
    }

    @Test
    void aFrameMayGoCompressedOnlyToTheVeryPeerThatSaidItInflates() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        assertEquals(Codec.Compress.NEVER, n.outbox.compressFor(a), "not heard yet");
        n.table.inflates[n.slot(a)] = true;
        assertEquals(Codec.Compress.ALLOWED, n.outbox.compressFor(a));
        assertEquals(Codec.Compress.NEVER, n.outbox.compressFor(n.peer("a", "10.9.9.9")), "another address");
        assertEquals(Codec.Compress.NEVER, n.outbox.compressFor(n.peer("stranger")));
    }

    @Test
    void aBigFrameDoesNotSpoilTheNextOnes() {
        make(TestNode.lan());
        Peer a = n.add("a", MemberState.ALIVE, 1);
        eventFrame(incompressible(40_000));
        n.outbox.sendFrame(a.address(), Codec.Compress.NEVER);
        byte[] small = "small and after a big one".getBytes(StandardCharsets.US_ASCII);
        eventFrame(small);
        n.outbox.sendFrame(a.address(), Codec.Compress.NEVER);
        List<Wire> sent = n.transport.take();
        assertEquals(40_000, payloadOf(sent.get(0)).length);
        assertArrayEquals(small, payloadOf(sent.get(1)));
    }
}
