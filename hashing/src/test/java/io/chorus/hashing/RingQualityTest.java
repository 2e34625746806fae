package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Member;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Balance and movement, with loose bounds: the quality report ({@link RingQualityReport}) prints the
 * figures themselves.
 */
class RingQualityTest {
    private static final int KEYS = 200_000;
    private static final long[] HASHES = Rings.keyHashes(KEYS, XxHash64.INSTANCE);

    @ParameterizedTest
    @ValueSource(ints = {100, 1000})
    void vnodeKeyspaceIsWithinAThirdOfTheMean(int n) {
        AbstractRing ring = Rings.build(VnodeRingProvider.ID, Rings.members(n));
        double ratio = Rings.maxOverMean(ring.keyspace().orElseThrow());
        assertTrue(ratio <= 1.35, () -> "vnode-160 keyspace max/mean " + ratio + " at " + n + " members");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1000})
    void maglevKeyspaceIsWithinATenthOfTheMean(int n) {
        AbstractRing ring = Rings.build(MaglevRingProvider.ID, Rings.members(n));
        double ratio = Rings.maxOverMean(ring.keyspace().orElseThrow());
        assertTrue(ratio <= 1.10, () -> "maglev keyspace max/mean " + ratio + " at " + n + " members");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1000})
    void keyCountsFollowTheKeyspace(int n) {
        for (String strategy : Rings.STRATEGIES) {
            if (strategy.equals(RendezvousRingProvider.ID) && n > 100) {
                continue;
            }
            AbstractRing ring = Rings.build(strategy, Rings.members(n));
            double ratio = Rings.maxOverMean(Rings.keyCounts(ring, HASHES));
            // 200 keys per member at 1,000 members: sampling alone puts the max near 1.2 x the mean
            double bound = n == 100 ? 1.35 : 1.6;
            assertTrue(ratio <= bound, () -> strategy + " key-count max/mean " + ratio + " at " + n + " members");
        }
    }

    @Test
    void addingOrRemovingOneMemberMovesAboutOneNth() {
        int n = 100;
        for (String strategy : List.of(VnodeRingProvider.ID, RendezvousRingProvider.ID)) {
            List<Member> members = Rings.members(n);
            AbstractRing base = Rings.build(strategy, members);
            List<Member> more = new ArrayList<>(members);
            more.add(Rings.member("node-" + n));
            List<Member> fewer = new ArrayList<>(members);
            fewer.remove(37);
            double added = Rings.remapped(base, Rings.build(strategy, more), HASHES);
            double removed = Rings.remapped(base, Rings.build(strategy, fewer), HASHES);
            assertTrue(added * n <= 1.5, () -> strategy + ": adding one member moved " + added * n + "/n of the keys");
            assertTrue(removed * n <= 1.5, () -> strategy + ": removing one member moved " + removed * n + "/n of the keys");
            assertTrue(added > 0 && removed > 0);
        }
    }
}
