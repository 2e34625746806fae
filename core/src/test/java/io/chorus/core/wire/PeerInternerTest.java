package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerInternerTest {
    private static final int FNV_PRIME = 0x01000193;

    /**
     * Finds an IPv4 id whose wire hash is 0, the value that marks an empty slot in the interner's
     * hash array. {@link Peer#hash} is 32-bit FNV-1a folded as {@code h ^ (h >>> 16)}, which is 0
     * only when FNV-1a itself is 0; every FNV step is a bijection, so with the two port bytes last
     * the search needs about 2^16 prefixes, not 2^32.
     */
    static NodeId idWithZeroHash() {
        for (int n = 0; ; n++) {
            String name = "z" + Integer.toString(n, 36);
            int h = 0x811c9dc5;
            h = (h ^ name.length()) * FNV_PRIME;
            for (int i = 0; i < name.length(); i++) {
                h = (h ^ name.charAt(i)) * FNV_PRIME;
            }
            for (int b : new int[] {0, 10, 0, 0, 1}) { // host kind 0, then 10.0.0.1
                h = (h ^ b) * FNV_PRIME;
            }
            for (int hi = 0; hi < 256; hi++) {
                int next = (h ^ hi) * FNV_PRIME;
                // the low port byte equal to the state makes the last step (0 * prime) zero
                if ((next & ~0xff) == 0 && (hi | next) != 0) {
                    return new NodeId(name, "10.0.0.1", (hi << 8) | next);
                }
            }
        }
    }

    @Test
    void anIdWhoseHashIsZeroIsInternedAndDecoded() {
        NodeId id = idWithZeroHash();
        Peer p = Peer.of(id);
        assertEquals(0, p.hash, "the search should find an id whose hash is 0: " + id);

        PeerInterner interner = new PeerInterner();
        Codec codec = new Codec(interner, null);
        WireWriter w = new WireWriter(64);
        codec.begin(w, p, 1, 1);
        Codec.ack(w, Codec.ACK, 1);
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), r), codec.lastError());
        Peer decoded = codec.lastHeader().sender();
        assertEquals(id, decoded.id());
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), r));
        assertSame(decoded, codec.lastHeader().sender());
        assertSame(decoded, interner.intern(id));
        assertEquals(1, interner.size());
    }

    @Test
    void internReturnsOnePeerPerIdAcrossGrowth() {
        PeerInterner interner = new PeerInterner();
        List<Peer> first = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            first.add(interner.intern(NodeId.parse("m" + i + "@10.3." + (i >> 8) + "." + (i & 255) + ":" + (1 + i))));
        }
        Peer zero = interner.intern(idWithZeroHash());
        assertEquals(5001, interner.size());
        for (int i = 0; i < 5000; i++) {
            Peer again = interner.intern(NodeId.parse("m" + i + "@10.3." + (i >> 8) + "." + (i & 255) + ":" + (1 + i)));
            assertSame(first.get(i), again);
        }
        assertSame(zero, interner.intern(idWithZeroHash()));
        assertNotNull(zero);
        assertEquals(5001, interner.size());
    }
}
