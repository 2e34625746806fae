package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Verification;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.core.wire.Recorder.Ack;
import io.chorus.core.wire.Recorder.Alive;
import io.chorus.core.wire.Recorder.Entry;
import io.chorus.core.wire.Recorder.Msg;
import io.chorus.core.wire.Recorder.Ping;
import io.chorus.core.wire.Recorder.Sync;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecSigningTest {
    private static final long K1 = 0x1234_5678_9abc_def0L;
    private static final long K2 = 0x0fed_cba9_8765_4321L;

    private final PeerInterner interner = new PeerInterner();
    private final Peer sender = interner.intern(NodeId.parse("alpha@10.0.0.1:7946"));
    private final Peer other = interner.intern(NodeId.parse("beta@[::1]:7946"));
    private final Tags tags = Tags.of(Map.of("zone", "a"));
    private final Recorder recorder = new Recorder();

    private Codec codec(MessageSigner signer) {
        return new Codec(interner, signer);
    }

    private byte[] packet(Codec codec) {
        WireWriter w = new WireWriter(32);
        codec.begin(w, sender, 2, 2);
        Codec.ping(w, 7, other);
        Codec.update(w, MemberState.ALIVE, other, 3, null, tags, null);
        int mark = Codec.beginSync(w, Codec.SYNC_REPLY, 1);
        Codec.syncEntry(w, sender, MemberState.ALIVE, 4, Tags.EMPTY);
        Codec.endSync(w, mark);
        Codec.ack(w, Codec.ACK, 9);
        codec.finish(w);
        return Arrays.copyOf(w.buffer(), w.position());
    }

    private List<Msg> expected() {
        return List.of(new Ping(7, other), new Alive(other, 3, tags),
                new Sync(Codec.SYNC_REPLY, 1, List.of(new Entry(sender, 0, 4, Tags.EMPTY))), new Ack(9));
    }

    private Outcome decode(Codec codec, byte[] bytes, int len) {
        recorder.clear();
        return codec.decode(bytes, 0, len, recorder);
    }

    @Test
    void signedPacketsRoundTrip() {
        Codec signing = codec(new TestSigner(1, 0, K1));
        assertEquals(TestSigner.TRAILER, signing.trailerLength());
        assertEquals(0, codec(null).trailerLength());
        byte[] p = packet(signing);
        byte[] plain = packet(codec(null));
        assertEquals(plain.length + TestSigner.TRAILER, p.length);
        assertEquals(Codec.FLAG_SIGNED | Codec.FLAG_INFLATES, p[3]);
        assertEquals(1, p[p.length - TestSigner.TRAILER]);

        Codec receiving = codec(new TestSigner(1, 0, K1));
        assertEquals(Outcome.OK, decode(receiving, p, p.length), receiving.lastError());
        assertEquals(expected(), recorder.messages());
        assertEquals(sender, receiving.lastHeader().sender());
    }

    @Test
    void everySingleFlippedByteIsRejected() {
        long[] keyring = {0, K1, K2};
        Codec signing = codec(new TestSigner(1, keyring));
        Codec receiving = codec(new TestSigner(1, keyring));
        byte[] p = packet(signing);
        int keyIdAt = p.length - TestSigner.TRAILER;
        int checked = 0;
        for (int pos = 0; pos < p.length; pos++) {
            for (int mask : new int[] {1, 2, 4, 8, 16, 32, 64, 128, 0xff, 0x55}) {
                byte[] copy = p.clone();
                copy[pos] ^= (byte) mask;
                Outcome expected;
                if (pos < 3) {
                    expected = Outcome.DROPPED;
                } else if (pos == 3) {
                    expected = (copy[3] & Codec.FLAG_SIGNED) == 0 ? Outcome.MISSING_SIGNATURE : Outcome.BAD_SIGNATURE;
                } else if (pos == keyIdAt) {
                    int id = copy[pos] & 0xff;
                    expected = id < keyring.length && keyring[id] != 0 ? Outcome.BAD_SIGNATURE : Outcome.UNKNOWN_KEY;
                } else {
                    expected = Outcome.BAD_SIGNATURE;
                }
                Outcome got = decode(receiving, copy, copy.length);
                assertNotEquals(Outcome.OK, got, "byte " + pos + " ^ " + mask);
                assertEquals(expected, got, "byte " + pos + " ^ " + mask);
                assertEquals(List.of(), recorder.messages(), "nothing is decoded before the signature is checked");
                checked++;
            }
        }
        assertEquals(p.length * 10, checked);
    }

    @Test
    void truncatedOrExtendedSignedPacketsAreRejected() {
        Codec signing = codec(new TestSigner(1, 0, K1));
        byte[] p = packet(signing);
        for (int len = 0; len < p.length; len++) {
            assertNotEquals(Outcome.OK, decode(signing, p, len), "cut to " + len);
            assertEquals(List.of(), recorder.messages());
        }
        byte[] longer = Arrays.copyOf(p, p.length + 1);
        assertNotEquals(Outcome.OK, decode(signing, longer, longer.length));
        assertEquals(List.of(), recorder.messages());
    }

    @Test
    void unsignedPacketToASigningCodecIsMissingItsSignature() {
        byte[] plain = packet(codec(null));
        Codec signing = codec(new TestSigner(1, 0, K1));
        assertEquals(Outcome.MISSING_SIGNATURE, decode(signing, plain, plain.length));
        assertEquals(List.of(), recorder.messages());
        // even one that claims to be signed but is too short to hold a trailer
        byte[] claims = {'C', 'h', Codec.VERSION, Codec.FLAG_SIGNED, 0, 0, 0};
        assertEquals(Outcome.MISSING_SIGNATURE, decode(signing, claims, claims.length));
    }

    @Test
    void signedPacketToANonSigningCodecIsRejected() {
        byte[] p = packet(codec(new TestSigner(1, 0, K1)));
        Outcome got = decode(codec(null), p, p.length);
        assertEquals(Outcome.BAD_SIGNATURE, got);
        assertEquals(List.of(), recorder.messages());
    }

    @Test
    void keysRotateWithoutDowntime() {
        Codec old = codec(new TestSigner(1, 0, K1));
        Codec rotating = codec(new TestSigner(2, 0, K1, K2));
        Codec rotated = codec(new TestSigner(2, 0, 0, K2));

        byte[] fromOld = packet(old);
        byte[] fromRotating = packet(rotating);
        assertEquals(Outcome.OK, decode(rotating, fromOld, fromOld.length));
        assertEquals(expected(), recorder.messages());
        assertEquals(Outcome.OK, decode(rotated, fromRotating, fromRotating.length));
        assertEquals(Outcome.UNKNOWN_KEY, decode(old, fromRotating, fromRotating.length));
        assertEquals(Outcome.UNKNOWN_KEY, decode(rotated, fromOld, fromOld.length));
        assertEquals(List.of(), recorder.messages());
        Codec sameIdOtherKey = codec(new TestSigner(1, 0, K2));
        assertEquals(Outcome.BAD_SIGNATURE, decode(sameIdOtherKey, fromOld, fromOld.length));
    }

    @Test
    void eachVerdictMapsToItsOutcome() {
        Map<Verification, Outcome> expected = Map.of(Verification.VALID, Outcome.OK, Verification.BAD_TAG, Outcome.BAD_SIGNATURE,
                Verification.UNKNOWN_KEY, Outcome.UNKNOWN_KEY, Verification.REPLAYED, Outcome.REPLAYED);
        for (Verification v : Verification.values()) {
            MessageSigner fixed = new MessageSigner() {
                @Override
                public int trailerLength() {
                    return 4;
                }

                @Override
                public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
                    Arrays.fill(trailer, trailerOffset, trailerOffset + 4, (byte) 0x80);
                }

                @Override
                public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
                    return v;
                }
            };
            Codec codec = codec(fixed);
            byte[] p = packet(codec);
            assertEquals(expected.get(v), decode(codec, p, p.length), v.name());
            assertEquals(v == Verification.VALID ? expected() : List.of(), recorder.messages(), v.name());
        }
    }
}
