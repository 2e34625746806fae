package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.core.engine.Compression;
import io.chorus.core.engine.Engine;
import io.chorus.core.sim.SimCluster.Life;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nodes that compress and nodes with {@code compression.enabled=false}, which behave on the wire as
 * a build before compression (they neither advertise nor inflate, and drop a compressed frame
 * whole), in one cluster: it converges and detects a death, compressing nodes send each other
 * compressed states, and no compressed byte ever reaches a node that did not ask for it.
 */
class MixedCompressionSimTest {
    private static final long MS = SimCluster.MS;
    private static final long SECOND = SimCluster.SECOND;

    @Test
    void compressingAndPlainNodesInteroperate() {
        SimCluster c = SimCluster.lan(5);
        Set<Address> plain = new HashSet<>();
        int n = 40;
        for (int i = 0; i < n; i++) {
            boolean old = i % 3 == 1; // the seed (n0) compresses; n1, n4, ... do not
            String zone = "zone-" + i % 3;
            Life l = c.add("n" + i, b -> {
                b.tag("zone", zone).tag("role", "worker").tag("version", old ? "1.0" : "1.1");
                return old ? b.option(Compression.ENABLED.key(), "false") : b;
            });
            if (old) {
                plain.add(l.node.address);
            }
        }
        int[] compressed = new int[2];
        long[] bytes = new long[2];
        c.net.tap = (from, to, data, off, len, channel) -> {
            boolean frame = channel == Header.Channel.STREAM;
            boolean packed = (data[off + 3] & Codec.FLAG_COMPRESSED) != 0;
            if (packed && plain.contains(to)) {
                throw new AssertionError(from.address + " sent a compressed " + (frame ? "frame" : "packet") + " to " + to
                        + ", which does not inflate");
            }
            if (plain.contains(from.address)) {
                assertEquals(0, data[off + 3] & (Codec.FLAG_INFLATES | Codec.FLAG_COMPRESSED), "a plain node's header");
            }
            if (packed) {
                compressed[frame ? 1 : 0]++;
                bytes[1] += len;
            }
        };
        c.startAll(20 * MS);
        long converged = c.awaitConverged(60 * SECOND);
        c.run(60 * SECOND); // push-pull and digest rounds
        Life victim = c.life("n7");
        c.net.kill(victim.node);
        c.await("n7 dead everywhere", 60 * SECOND, () -> c.allSee("n7", io.chorus.api.MemberState.DEAD));
        assertTrue(compressed[1] > 0, "compressing nodes sent each other compressed frames");
        assertEquals(0, compressed[0], "packets are never compressed");
        for (Life l : c.live()) {
            assertEquals(0, l.engine().stats().dropped(), l.name() + " dropped nothing");
        }
        System.out.printf("%d nodes, %d without compression: converged in %d ms; %d compressed frames (%d bytes) sent%n", n,
                plain.size(), converged / MS, compressed[1], bytes[1]);
    }
}
