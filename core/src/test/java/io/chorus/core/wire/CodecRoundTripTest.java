package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.core.wire.Recorder.Ack;
import io.chorus.core.wire.Recorder.Alive;
import io.chorus.core.wire.Recorder.Dead;
import io.chorus.core.wire.Recorder.DigestMsg;
import io.chorus.core.wire.Recorder.Entry;
import io.chorus.core.wire.Recorder.Left;
import io.chorus.core.wire.Recorder.Msg;
import io.chorus.core.wire.Recorder.Nack;
import io.chorus.core.wire.Recorder.Ping;
import io.chorus.core.wire.Recorder.PingReq;
import io.chorus.core.wire.Recorder.Suspect;
import io.chorus.core.wire.Recorder.Sync;
import io.chorus.testkit.Allocations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {
    private static final long[] INCARNATIONS = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 1L << 56, Codec.MAX_INCARNATION};
    private static final int[] SEQS = {0, 1, 127, 128, 16_384, Integer.MAX_VALUE};

    private final PeerInterner interner = new PeerInterner();
    private final Codec codec = new Codec(interner, null);
    private final WireWriter w = new WireWriter(16);
    private final Recorder recorder = new Recorder();
    private final Peer sender = peer("alpha@10.0.0.1:7946");
    private final Peer b = peer("beta@[fe80::1:2]:7947");
    private final Peer c = peer("gamma-3@node-c.example.com:65535");
    private final Tags tags = Tags.of(Map.of("zone", "eu-west-1", "role", "cache", "empty", "", "unicode", "caf\u00e9 \u2603"));

    private Peer peer(String id) {
        return interner.intern(NodeId.parse(id));
    }

    /** Encodes a packet from {@link #sender} with the given body, decodes it, and returns its messages. */
    private List<Msg> roundTrip(Consumer<WireWriter> body) {
        codec.begin(w, sender, 3, 4);
        body.accept(w);
        codec.finish(w);
        return decode(w.buffer(), w.position());
    }

    private List<Msg> decode(byte[] bytes, int len) {
        recorder.clear();
        Outcome outcome = codec.decode(bytes, 0, len, recorder);
        assertEquals(Outcome.OK, outcome, codec.lastError());
        assertSame(sender, codec.lastHeader().sender());
        return new ArrayList<>(recorder.messages());
    }

    /** @return how many bytes {@code body} wrote */
    private static int written(Consumer<WireWriter> body) {
        WireWriter out = new WireWriter(8);
        body.accept(out);
        return out.position();
    }

    // ------------------------------------------------------------------ header

    @Test
    void headerCarriesSenderAndCounts() {
        int[][] counts = {{0, 0}, {3, 5}, {127, 128}, {Integer.MAX_VALUE, Integer.MAX_VALUE}};
        for (int[] c2 : counts) {
            codec.begin(w, sender, c2[0], c2[1]);
            codec.finish(w);
            assertEquals(List.of(), decode(w.buffer(), w.position()));
            assertEquals(c2[0], codec.lastHeader().senderAlive());
            assertEquals(c2[1], codec.lastHeader().senderKnown());
        }
    }

    @Test
    void headerIsMagicVersionFlagsThenSender() {
        codec.begin(w, sender, 1, 2);
        byte[] b2 = w.buffer();
        assertEquals('C', b2[0]);
        assertEquals('h', b2[1]);
        assertEquals(Codec.VERSION, b2[2]);
        assertEquals(Codec.FLAG_INFLATES, b2[3], "unsigned, plain, and this node inflates");
        assertEquals(4 + sender.wireLength() + 2, w.position());
    }

    @Test
    void foreignMagicOrVersionIsDropped() {
        codec.begin(w, sender, 1, 1);
        Codec.ack(w, Codec.ACK, 1);
        for (int i = 0; i < 3; i++) {
            byte[] copy = Arrays.copyOf(w.buffer(), w.position());
            copy[i]++;
            recorder.clear();
            assertEquals(Outcome.DROPPED, codec.decode(copy, 0, copy.length, recorder));
            assertEquals(List.of(), recorder.messages());
        }
        assertTrue(codec.lastError().contains("version"), codec.lastError());
        for (int len = 0; len < 4; len++) {
            assertEquals(Outcome.DROPPED, codec.decode(w.buffer(), 0, len, recorder));
        }
    }

    @Test
    void decodesFromAnOffsetWithinALargerBuffer() {
        codec.begin(w, sender, 1, 1);
        Codec.ping(w, 9, b);
        byte[] framed = new byte[w.position() + 20];
        Arrays.fill(framed, (byte) 0x80);
        System.arraycopy(w.buffer(), 0, framed, 7, w.position());
        recorder.clear();
        assertEquals(Outcome.OK, codec.decode(framed, 7, w.position(), recorder), codec.lastError());
        assertEquals(List.of(new Ping(9, b)), recorder.messages());
    }

    @Test
    void aNameConflictCarriesTheHolderAndTheClaimant() {
        Peer claimant = peer("alpha@10.0.0.2:7946");
        assertEquals(List.of(new Recorder.NameConflict(sender, claimant)), roundTrip(out -> Codec.nameConflict(out, sender, claimant)));
        assertEquals(1 + 1 + sender.wireLength() + claimant.wireLength(), written(out -> Codec.nameConflict(out, sender, claimant)));
    }

    // ------------------------------------------------------------------ probes

    @Test
    void probeMessagesRoundTripWithEdgeSequences() {
        for (int seq : SEQS) {
            assertEquals(List.of(new Ping(seq, b)), roundTrip(x -> Codec.ping(x, seq, b)));
            assertEquals(List.of(new PingReq(seq, c)), roundTrip(x -> Codec.pingReq(x, seq, c)));
            assertEquals(List.of(new Ack(seq)), roundTrip(x -> Codec.ack(x, Codec.ACK, seq)));
            assertEquals(List.of(new Nack(seq)), roundTrip(x -> Codec.ack(x, Codec.NACK, seq)));
            assertEquals(Codec.pingSize(seq, b), written(x -> Codec.ping(x, seq, b)));
            assertEquals(Codec.pingSize(seq, c), written(x -> Codec.pingReq(x, seq, c)));
        }
    }

    // ------------------------------------------------------------------ membership updates

    @Test
    void aliveWithoutTagsDecodesToTheSharedEmptyTags() {
        List<Msg> m = roundTrip(x -> Codec.update(x, MemberState.ALIVE, b, 7, null, Tags.EMPTY, null));
        assertEquals(List.of(new Alive(b, 7, Tags.EMPTY)), m);
        assertSame(Tags.EMPTY, ((Alive) m.get(0)).tags());
    }

    @Test
    void aliveWithTagsRoundTrips() {
        List<Msg> m = roundTrip(x -> Codec.update(x, MemberState.ALIVE, c, 12, null, tags, null));
        Alive a = (Alive) m.get(0);
        assertSame(c, a.member());
        assertEquals(12, a.incarnation());
        assertEquals(tags.map(), a.tags().map());
        assertEquals(tags, a.tags());
    }

    @Test
    void aliveTagsAreReusedWhenUnchanged() {
        codec.begin(w, sender, 1, 1);
        Codec.update(w, MemberState.ALIVE, b, 1, null, tags, null);
        Tags[] read = new Tags[2];
        Recorder reuse = new Recorder() {
            @Override
            public void alive(Header h, Peer member, long incarnation, TagsReader t) throws CodecException {
                read[0] = t.read(tags);
                read[1] = t.read(Tags.of(Map.of("other", "x")));
            }
        };
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), reuse));
        assertSame(tags, read[0]);
        assertNotSame(tags, read[1]);
        assertEquals(tags, read[1]);
    }

    @Test
    void suspectDeadAndLeftRoundTrip() {
        for (long inc : INCARNATIONS) {
            assertEquals(List.of(new Suspect(b, inc, c)), roundTrip(x -> Codec.update(x, MemberState.SUSPECT, b, inc, c, null, null)));
            assertEquals(List.of(new Left(c, inc)), roundTrip(x -> Codec.update(x, MemberState.LEFT, c, inc, null, null, null)));
            assertEquals(List.of(new Alive(b, inc, tags)), roundTrip(x -> Codec.update(x, MemberState.ALIVE, b, inc, null, tags, null)));
        }
    }

    @Test
    void anIncarnationPastTwoToTheSixtySecondIsDropped() {
        // a refutation goes one higher than the accusation: a forged huge incarnation must not overflow
        for (long inc : new long[] {Codec.MAX_INCARNATION + 1, Long.MAX_VALUE}) {
            WireWriter out = new WireWriter(256);
            codec.begin(out, sender, 1, 1);
            Codec.update(out, MemberState.SUSPECT, b, inc, c, null, null);
            codec.finish(out);
            assertEquals(Codec.Outcome.DROPPED, codec.decode(out.buffer(), 0, out.position(), new Recorder()));
            assertTrue(codec.lastError().contains("exceeds 2^62"), codec.lastError());
        }
    }

    @Test
    void deadCarriesEachReason() {
        for (FailureReason reason : FailureReason.values()) {
            for (long inc : INCARNATIONS) {
                int r = reason.ordinal();
                assertEquals(List.of(new Dead(c, inc, b, r)), roundTrip(x -> Codec.update(x, MemberState.DEAD, c, inc, b, null,
                        reason)));
            }
        }
        // a reason this version does not know still decodes, as silence (PROBE_TIMEOUT)
        assertEquals(List.of(new Dead(c, 1, b, FailureReason.PROBE_TIMEOUT.ordinal())), roundTrip(x -> {
            Codec.update(x, MemberState.DEAD, c, 1, b, null, FailureReason.CONNECTION_CLOSED);
            x.buffer()[x.position() - 1] = (byte) 255;
        }));
    }

    @Test
    void updateSizeMatchesWhatIsWritten() {
        for (long inc : INCARNATIONS) {
            for (MemberState kind : MemberState.values()) {
                for (Tags t : new Tags[] {Tags.EMPTY, tags}) {
                    assertEquals(Codec.updateSize(kind, b, inc, c, t), written(x -> Codec.update(x, kind, b, inc, c, t,
                            FailureReason.CONNECTION_REFUSED)),
                            "kind " + kind + " inc " + inc);
                }
            }
        }
    }

    @Test
    void incarnationsUseMinimalVarints() {
        int fixed = 1 + 1 + b.wireLength() + 1; // type, length, id, empty tags
        assertEquals(fixed + 1, written(x -> Codec.update(x, MemberState.ALIVE, b, 0, null, Tags.EMPTY, null)));
        assertEquals(fixed + 1, written(x -> Codec.update(x, MemberState.ALIVE, b, 127, null, Tags.EMPTY, null)));
        assertEquals(fixed + 2, written(x -> Codec.update(x, MemberState.ALIVE, b, 128, null, Tags.EMPTY, null)));
        assertEquals(fixed + 9, written(x -> Codec.update(x, MemberState.ALIVE, b, Long.MAX_VALUE, null, Tags.EMPTY, null)));
    }

    // ------------------------------------------------------------------ SYNC

    @Test
    void syncWithNoEntries() {
        for (int flags : new int[] {0, Codec.SYNC_REPLY, Codec.SYNC_JOIN, Codec.SYNC_REPLY | Codec.SYNC_JOIN}) {
            List<Msg> m = roundTrip(x -> Codec.endSync(x, Codec.beginSync(x, flags, 0)));
            assertEquals(List.of(new Sync(flags, 0, List.of())), m);
        }
    }

    @Test
    void syncWithOneEntry() {
        List<Msg> m = roundTrip(x -> {
            int mark = Codec.beginSync(x, Codec.SYNC_JOIN, 1);
            Codec.syncEntry(x, c, MemberState.SUSPECT, Codec.MAX_INCARNATION, tags);
            Codec.endSync(x, mark);
        });
        assertEquals(List.of(new Sync(Codec.SYNC_JOIN, 1, List.of(new Entry(c, 1, Codec.MAX_INCARNATION, tags)))), m);
    }

    @Test
    void syncWithManyEntriesInEveryStateAndABodyPastTwoVarintBytes() {
        List<Entry> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Peer p = peer("member-" + i + "@" + (i % 3 == 0 ? "10.1." + (i >> 8) + "." + (i & 255)
                    : i % 3 == 1 ? "[2001:db8::" + Integer.toHexString(i) + "]" : "host-" + i + ".example.org") + ":" + (1 + i));
            Map<String, String> m = new LinkedHashMap<>();
            for (int k = 0; k < i % 5; k++) {
                m.put("key" + k, "value-" + i + "-" + k);
            }
            expected.add(new Entry(p, i % 4, INCARNATIONS[i % INCARNATIONS.length], Tags.of(m)));
        }
        int flags = Codec.SYNC_REPLY | Codec.SYNC_JOIN;
        List<Msg> m = roundTrip(x -> {
            int mark = Codec.beginSync(x, flags, expected.size());
            for (Entry e : expected) {
                Codec.syncEntry(x, e.member(), MemberState.values()[e.state()], e.incarnation(), e.tags());
            }
            Codec.endSync(x, mark);
            Codec.ack(x, Codec.ACK, 5);
        });
        assertTrue(w.position() > 16_384, "the body should need a 3-byte length, was " + w.position());
        assertEquals(List.of(new Sync(flags, expected.size(), expected), new Ack(5)), m);
    }

    @Test
    void syncEntriesLeftUnreadAreSkippedByLength() {
        codec.begin(w, sender, 1, 1);
        int mark = Codec.beginSync(w, 0, 2);
        Codec.syncEntry(w, b, MemberState.ALIVE, 1, tags);
        Codec.syncEntry(w, c, MemberState.DEAD, 2, Tags.EMPTY);
        Codec.endSync(w, mark);
        Codec.ack(w, Codec.NACK, 3);
        List<String> seen = new ArrayList<>();
        Recorder lazy = new Recorder() {
            @Override
            public void sync(Header h, int flags, SyncReader entries) throws CodecException {
                seen.add("sync " + entries.count());
                Peer first = entries.next();
                seen.add(first.name() + " " + entries.state() + " " + entries.incarnation());
            }

            @Override
            public void nack(Header h, int seq) {
                seen.add("nack " + seq);
            }
        };
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), lazy), codec.lastError());
        assertEquals(List.of("sync 2", "beta ALIVE 1", "nack 3"), seen);
    }

    @Test
    void syncStateOutOfRangeIsDropped() {
        codec.begin(w, sender, 1, 1);
        int mark = Codec.beginSync(w, 0, 1);
        int at = w.position();
        Codec.syncEntry(w, b, MemberState.ALIVE, 1, Tags.EMPTY);
        w.buffer()[at + b.wireLength()] = 4; // the state byte, one past LEFT
        Codec.endSync(w, mark);
        recorder.clear();
        assertEquals(Outcome.DROPPED, codec.decode(w.buffer(), 0, w.position(), recorder));
        assertTrue(codec.lastError().contains("state 4"), codec.lastError());
    }

    // ------------------------------------------------------------------ DIGEST

    @Test
    void digestHoldsEveryInsertedKeyAndFewOthers() {
        int n = 1000;
        Random rnd = new Random(42);
        int salt = 0x9abc_def0; // negative as an int: the u32 must come back intact
        long[] keys = new long[n];
        Set<Long> inserted = new HashSet<>();
        List<Peer> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Peer p = peer("node" + i + "@10.2." + (i >> 8) + "." + (i & 255) + ":7946");
            members.add(p);
            keys[i] = Codec.digestKey(p.wireHash(), i % 7, i % 4, salt);
            inserted.add(keys[i]);
        }
        assertEquals(n, inserted.size(), "digest keys should not collide");
        int[] falsePositives = new int[2];
        int[] containedInserted = new int[1];
        recorder.onDigest(d -> {
            assertEquals(salt, d.salt());
            for (long k : keys) {
                if (d.mightContain(k)) {
                    containedInserted[0]++;
                }
            }
            for (int i = 0; i < 10_000; i++) {
                long k = rnd.nextLong();
                if (!inserted.contains(k) && d.mightContain(k)) {
                    falsePositives[0]++;
                }
                // the keys a real peer would probe: a known member at an incarnation not inserted
                Peer p = members.get(i % n);
                long next = Codec.digestKey(p.wireHash(), (i % n) % 7 + 1 + i / n, (i % n) % 4, salt);
                if (!inserted.contains(next) && d.mightContain(next)) {
                    falsePositives[1]++;
                }
            }
        });
        List<Msg> m = roundTrip(x -> Codec.digest(x, salt, keys, n));
        assertEquals(List.of(new DigestMsg(salt)), m);
        assertEquals(n, containedInserted[0]);
        assertTrue(falsePositives[0] < 500, "false positives for random keys: " + falsePositives[0] + " of 10000");
        assertTrue(falsePositives[1] < 500, "false positives for other incarnations: " + falsePositives[1] + " of 10000");
    }

    @Test
    void digestKeysDependOnEveryInput() {
        long k = Codec.digestKey(b.wireHash(), 5, 0, 77);
        assertEquals(k, Codec.digestKey(b.wireHash(), 5, 0, 77));
        assertFalse(k == Codec.digestKey(c.wireHash(), 5, 0, 77));
        assertFalse(k == Codec.digestKey(b.wireHash(), 6, 0, 77));
        assertFalse(k == Codec.digestKey(b.wireHash(), 5, 1, 77));
        assertFalse(k == Codec.digestKey(b.wireHash(), 5, 0, 78));
    }

    @Test
    void emptyDigestHoldsNothing() {
        boolean[] any = new boolean[1];
        recorder.onDigest(d -> {
            Random rnd = new Random(1);
            for (int i = 0; i < 1000; i++) {
                any[0] |= d.mightContain(rnd.nextLong());
            }
        });
        assertEquals(List.of(new DigestMsg(0)), roundTrip(x -> Codec.digest(x, 0, new long[0], 0)));
        assertFalse(any[0]);
    }

    @Test
    void malformedDigestsAreDropped() {
        // hashes 0, then 17, then a bit count that does not match the bytes present
        byte[][] bodies = {
            {0, 0, 0, 1, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0},
            {0, 0, 0, 1, 17, 64, 0, 0, 0, 0, 0, 0, 0, 0},
            {0, 0, 0, 1, 3, 65, 0, 0, 0, 0, 0, 0, 0, 0},
            {0, 0, 0, 1, 3, 0},
        };
        for (byte[] body : bodies) {
            codec.begin(w, sender, 1, 1);
            w.u8(Codec.DIGEST);
            w.varlong(body.length);
            w.bytes(body, 0, body.length);
            recorder.clear();
            assertEquals(Outcome.DROPPED, codec.decode(w.buffer(), 0, w.position(), recorder));
            assertEquals(List.of(), recorder.messages());
        }
    }

    // ------------------------------------------------------------------ several messages

    @Test
    void severalMessagesInOnePacketComeOutInOrder() {
        List<Msg> m = roundTrip(x -> {
            Codec.ping(x, 1, b);
            Codec.update(x, MemberState.ALIVE, c, 2, null, tags, null);
            Codec.ack(x, Codec.ACK, 3);
            Codec.update(x, MemberState.SUSPECT, b, 4, c, null, null);
            Codec.pingReq(x, 5, c);
            Codec.update(x, MemberState.DEAD, c, 6, b, null, FailureReason.CONNECTION_REFUSED);
            Codec.ack(x, Codec.NACK, 7);
            Codec.update(x, MemberState.LEFT, b, 8, null, null, null);
            int mark = Codec.beginSync(x, Codec.SYNC_REPLY, 1);
            Codec.syncEntry(x, sender, MemberState.ALIVE, 9, Tags.EMPTY);
            Codec.endSync(x, mark);
            Codec.digest(x, 10, new long[] {11}, 1);
            Codec.update(x, MemberState.ALIVE, sender, 12, null, Tags.EMPTY, null);
        });
        assertEquals(List.of(new Ping(1, b), new Alive(c, 2, tags), new Ack(3), new Suspect(b, 4, c), new PingReq(5, c),
                new Dead(c, 6, b, FailureReason.CONNECTION_REFUSED.ordinal()), new Nack(7), new Left(b, 8),
                new Sync(Codec.SYNC_REPLY, 1, List.of(new Entry(sender, 0, 9, Tags.EMPTY))), new DigestMsg(10),
                new Alive(sender, 12, Tags.EMPTY)), m);
    }

    @Test
    void messagesBeforeAMalformedOneAreVisited() {
        codec.begin(w, sender, 1, 1);
        Codec.ack(w, Codec.ACK, 1);
        Codec.ping(w, 2, b);
        int cut = w.position() - 1;
        recorder.clear();
        assertEquals(Outcome.DROPPED, codec.decode(w.buffer(), 0, cut, recorder));
        assertEquals(List.of(new Ack(1)), recorder.messages());
    }

    // ------------------------------------------------------------------ ids

    @Test
    void ipv4HostsTakeFourBytes() {
        Peer p = Peer.of(NodeId.parse("a@10.0.0.1:7946"));
        assertArrayEquals(new byte[] {1, 'a', 0, 10, 0, 0, 1, 0x1f, 0x0a}, p.wire);
        Peer edge = Peer.of(NodeId.parse("a@255.255.255.255:1"));
        assertArrayEquals(new byte[] {1, 'a', 0, -1, -1, -1, -1, 0, 1}, edge.wire);
        assertEquals(9, Peer.of(NodeId.parse("a@0.0.0.0:65535")).wireLength());
    }

    @Test
    void ipv6AndHostnamesTravelAsText() {
        Peer v6 = Peer.of(NodeId.parse("a@[::1]:7946"));
        assertArrayEquals(new byte[] {1, 'a', 3, ':', ':', '1', 0x1f, 0x0a}, v6.wire);
        Peer host = Peer.of(NodeId.parse("a@db-1.local:80"));
        assertEquals(1 + 1 + 1 + "db-1.local".length() + 2, host.wireLength());
        assertEquals("db-1.local".length(), host.wire[2]);
    }

    @Test
    void everyKindOfIdRoundTrips() {
        String longName = "n" + "x".repeat(NodeId.MAX_NAME_LENGTH - 1);
        String longHost = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertEquals(253, longHost.length());
        String[] ids = {
            "a@10.0.0.1:7946", "a@0.0.0.0:1", "b@255.255.255.255:65535", "c@[::]:7946", "c@[::1]:7946",
            "d@[fe80::1:2:3:4]:7946", "e@[2001:db8:0:0:0:0:0:1]:7946", "f@[::ffff:10.0.0.1]:7946",
            "g@[FE80::ABCD]:7946", "h@localhost:7946", "i@node-1.example.com:7946", "j_k-9@1a.b2:2",
            longName + "@" + longHost + ":65535",
        };
        for (String text : ids) {
            NodeId id = NodeId.parse(text);
            PeerInterner fresh = new PeerInterner();
            Codec other = new Codec(fresh, null);
            Peer p = Peer.of(id);
            other.begin(w, p, 1, 1);
            Codec.ping(w, 1, p);
            Recorder r = new Recorder();
            assertEquals(Outcome.OK, other.decode(w.buffer(), 0, w.position(), r), text + ": " + other.lastError());
            assertEquals(id, other.lastHeader().sender().id(), text);
            assertEquals(id.address(), other.lastHeader().sender().address(), text);
            assertSame(other.lastHeader().sender(), ((Ping) r.messages().get(0)).target(), text);
            assertArrayEquals(p.wire, other.lastHeader().sender().wire, text);
        }
    }

    /** A packet whose PING target is the given raw id bytes. */
    private byte[] pingWithRawTarget(byte[] id) {
        codec.begin(w, sender, 1, 1);
        w.u8(Codec.PING);
        w.varlong(1 + id.length);
        w.varlong(1);
        w.bytes(id, 0, id.length);
        return Arrays.copyOf(w.buffer(), w.position());
    }

    private static byte[] rawId(String name, int hostKind, byte[] host, int port) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[1 + n.length + 1 + host.length + 2];
        out[0] = (byte) n.length;
        System.arraycopy(n, 0, out, 1, n.length);
        out[1 + n.length] = (byte) hostKind;
        System.arraycopy(host, 0, out, 2 + n.length, host.length);
        out[out.length - 2] = (byte) (port >>> 8);
        out[out.length - 1] = (byte) port;
        return out;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void canonicalRawIdIsAccepted() {
        byte[] packet = pingWithRawTarget(rawId("zed", 0, new byte[] {10, 9, 8, 7}, 7946));
        recorder.clear();
        assertEquals(Outcome.OK, codec.decode(packet, 0, packet.length, recorder), codec.lastError());
        assertEquals(NodeId.parse("zed@10.9.8.7:7946"), ((Ping) recorder.messages().get(0)).target().id());
        byte[] v6 = pingWithRawTarget(rawId("zed", 4, text("::ab"), 7946));
        assertEquals(Outcome.OK, codec.decode(v6, 0, v6.length, recorder), codec.lastError());
    }

    @Test
    void ipv4WrittenAsTextIsRefusedAsNonCanonical() {
        for (String host : new String[] {"10.9.8.7", "0.0.0.0", "255.255.255.255"}) {
            byte[] packet = pingWithRawTarget(rawId("zed", host.length(), text(host), 7946));
            recorder.clear();
            assertEquals(Outcome.DROPPED, codec.decode(packet, 0, packet.length, recorder), host);
            assertTrue(codec.lastError().contains("non-canonical"), codec.lastError());
            assertEquals(List.of(), recorder.messages());
        }
    }

    @Test
    void invalidIdsAreRefused() {
        byte[] ip = {10, 0, 0, 1};
        byte[][] bad = {
            rawId("", 0, ip, 7946),                          // empty name
            rawId("n" + "x".repeat(64), 0, ip, 7946),        // name of 65
            rawId("9lives", 0, ip, 7946),                    // name starts with a digit
            rawId("na me", 0, ip, 7946),                     // space in the name
            rawId("caf\u00e9", 0, ip, 7946),                 // not ASCII
            rawId("zed", 0, ip, 0),                          // port 0
            rawId("zed", 8, text("01.2.3.4"), 7946),         // leading zero
            rawId("zed", 5, text("1.2.3"), 7946),            // three numbers
            rawId("zed", 5, text("[::1]"), 7946),            // brackets belong to the id text, not the host
            rawId("zed", 4, text(":::1"), 7946),             // bad IPv6
            rawId("zed", 2, text("-a"), 7946),               // label starts with '-'
            rawId("zed", 4, text("a..b"), 7946),             // empty label
            rawId("zed", 3, text("a_b"), 7946),              // underscore in a hostname
        };
        for (byte[] id : bad) {
            byte[] packet = pingWithRawTarget(id);
            recorder.clear();
            assertEquals(Outcome.DROPPED, codec.decode(packet, 0, packet.length, recorder), new String(id, StandardCharsets.ISO_8859_1));
            assertEquals(List.of(), recorder.messages());
        }
    }

    @Test
    void truncatedIdsAreDropped() {
        byte[] id = rawId("zed", 0, new byte[] {10, 9, 8, 7}, 7946);
        for (int len = 0; len < id.length; len++) {
            byte[] packet = pingWithRawTarget(Arrays.copyOf(id, len));
            assertEquals(Outcome.DROPPED, codec.decode(packet, 0, packet.length, recorder), "id cut to " + len);
        }
    }

    // ------------------------------------------------------------------ interning

    @Test
    void decodingTheSameIdTwiceGivesTheSamePeer() {
        PeerInterner fresh = new PeerInterner();
        Codec other = new Codec(fresh, null);
        Peer remote = Peer.of(NodeId.parse("remote@[2001:db8::7]:9000"));
        Peer target = Peer.of(NodeId.parse("target@target.example:9001"));
        other.begin(w, remote, 1, 1);
        Codec.ping(w, 1, target);
        Codec.update(w, MemberState.SUSPECT, target, 1, remote, null, null);
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, other.decode(w.buffer(), 0, w.position(), r));
        Peer firstSender = other.lastHeader().sender();
        Peer firstTarget = ((Ping) r.messages().get(0)).target();
        assertNotSame(remote, firstSender);
        assertEquals(remote.id(), firstSender.id());
        assertSame(firstTarget, ((Suspect) r.messages().get(1)).member());
        assertSame(firstSender, ((Suspect) r.messages().get(1)).from());
        assertEquals(2, fresh.size());

        byte[] again = Arrays.copyOf(w.buffer(), w.position());
        r.clear();
        assertEquals(Outcome.OK, other.decode(again, 0, again.length, r));
        assertSame(firstSender, other.lastHeader().sender());
        assertSame(firstTarget, ((Ping) r.messages().get(0)).target());
        assertEquals(2, fresh.size());
        assertSame(firstTarget, fresh.intern(target.id()));
        assertSame(firstSender, fresh.intern(NodeId.parse("remote@[2001:db8::7]:9000")));
    }

    @Test
    void theSameNameAtAnotherAddressIsAnotherPeer() {
        Peer moved = peer("beta@10.9.9.9:7947");
        assertNotSame(b, moved);
        assertEquals(List.of(new Ping(1, moved)), roundTrip(x -> Codec.ping(x, 1, moved)));
        assertEquals(b.nameHash(), moved.nameHash());
    }

    @Test
    void decodingKnownIdsAllocatesNothing() {
        if (!Allocations.supported()) {
            return;
        }
        codec.begin(w, sender, 1, 1);
        Codec.ping(w, 1, b);
        Codec.update(w, MemberState.SUSPECT, c, 1, b, null, null);
        Codec.ack(w, Codec.ACK, 3);
        byte[] packet = Arrays.copyOf(w.buffer(), w.position());
        MessageVisitor quiet = new Recorder(false);
        for (int i = 0; i < 20_000; i++) {
            codec.decode(packet, 0, packet.length, quiet);
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            long before = Allocations.threadBytes();
            Outcome o = codec.decode(packet, 0, packet.length, quiet);
            long used = Allocations.threadBytes() - before;
            assertEquals(Outcome.OK, o);
            least = Math.min(least, used);
        }
        assertEquals(0, least, "bytes allocated decoding a packet of known ids");
    }

    // ------------------------------------------------------------------ primitives

    @Test
    void varintsRoundTripAtTheirEdges() throws CodecException {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, (1L << 21) - 1, 1L << 21, Integer.MAX_VALUE, 1L << 35, (1L << 56) - 1,
            1L << 56, Long.MAX_VALUE};
        WireWriter out = new WireWriter(1);
        for (long v : values) {
            out.varlong(v);
        }
        WireReader r = new WireReader().reset(out.buffer(), 0, out.position());
        int size = 0;
        for (long v : values) {
            int before = r.position();
            assertEquals(v, r.varlong());
            assertEquals(WireWriter.varlongSize(v), r.position() - before, "size of " + v);
            size += WireWriter.varlongSize(v);
        }
        assertEquals(0, r.remaining());
        assertEquals(out.position(), size);
        assertEquals(1, WireWriter.varlongSize(127));
        assertEquals(2, WireWriter.varlongSize(128));
        assertEquals(9, WireWriter.varlongSize(Long.MAX_VALUE));
    }

    @Test
    void overlongOrTruncatedVarintsAreRefused() {
        byte[][] bad = {
            {},
            {(byte) 0x80},
            {(byte) 0xff, (byte) 0xff},
            // ten bytes: more than 63 bits
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1},
        };
        for (byte[] b2 : bad) {
            WireReader r = new WireReader().reset(b2, 0, b2.length);
            assertThrows(CodecException.class, r::varlong, Arrays.toString(b2));
        }
        WireReader big = new WireReader().reset(new byte[] {(byte) 0x80, 0x01}, 0, 2);
        assertThrows(CodecException.class, () -> big.varint(127));
    }

    @Test
    void readerNeverReadsPastItsLimit() throws CodecException {
        byte[] b2 = {5, 1, 2, 3, 4, 5, 6, 7};
        WireReader r = new WireReader().reset(b2, 1, 3);
        assertEquals(3, r.remaining());
        assertThrows(CodecException.class, () -> r.skip(4));
        assertThrows(CodecException.class, () -> r.skip(-1));
        assertEquals(0x0102, r.u16());
        assertThrows(CodecException.class, r::u16);
        assertEquals(3, r.u8());
        assertThrows(CodecException.class, r::u8);
        WireReader s = new WireReader().reset(b2, 0, 5);
        assertThrows(CodecException.class, () -> s.string(100));
        assertThrows(CodecException.class, () -> new WireReader().reset(b2, 0, 1).position(2));
    }
}
