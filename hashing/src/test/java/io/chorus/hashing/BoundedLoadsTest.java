package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bounded-load assignment: max ≤ ⌈c × mean⌉ after every assignment, and the plain owner while there is room. */
class BoundedLoadsTest {

    static List<String> strategies() {
        return Rings.STRATEGIES;
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void noMemberEverHoldsMoreThanCTimesTheMean(String strategy) {
        for (double c : new double[] {1.01, 1.1, 1.25, 2.0}) {
            int n = strategy.equals(RendezvousRingProvider.ID) ? 20 : 50;
            Ring ring = Rings.build(strategy, Rings.members(n));
            BoundedLoads loads = BoundedLoads.over(ring, c);
            long[] keys = Rings.keyHashes(strategy.equals(RendezvousRingProvider.ID) ? 5_000 : 50_000, XxHash64.INSTANCE);
            for (long key : keys) {
                loads.assign(key);
                long bound = ceilOfCTimesMean(c, loads.total(), n);
                assertTrue(loads.maxLoad() <= Math.max(bound, 1), () -> strategy + " c=" + c + ": max "
                        + loads.maxLoad() + " > ceil(c x mean) = " + bound + " at total " + loads.total());
            }
            assertEquals(keys.length, loads.total());
        }
    }

    /** @return ⌈c × total / n⌉ computed exactly, with c the decimal number it prints as */
    private static long ceilOfCTimesMean(double c, long total, int n) {
        return new BigDecimal(Double.toString(c)).multiply(BigDecimal.valueOf(total))
                .divide(BigDecimal.valueOf(n), 0, RoundingMode.CEILING).longValueExact();
    }

    @Test
    void keysStayWithTheirOwnerWhileItHasRoom() {
        Ring ring = Rings.build(VnodeRingProvider.ID, Rings.members(10));
        BoundedLoads loads = BoundedLoads.over(ring, 1.25);
        int moved = 0;
        for (int i = 0; i < 2000; i++) {
            String key = "key-" + i;
            Member owner = ring.owner(key).orElseThrow();
            int index = ring.members().indexOf(owner);
            boolean room = loads.load(index) + 1 <= BoundedLoads.capacity(1.25, loads.total(), 10);
            Member chosen = loads.assign(key).orElseThrow();
            assertEquals(room, chosen.equals(owner), key);
            moved += room ? 0 : 1;
        }
        assertTrue(moved > 0 && moved < 1000, "moved " + moved);
    }

    @Test
    void aFullOwnerPassesTheKeyToItsSuccessor() {
        AbstractRing ring = Rings.build(VnodeRingProvider.ID, Rings.members(4));
        long key = XxHash64.INSTANCE.hash("hot");
        int owner = ring.ownerIndex(key);
        List<Member> order = ring.owners(key, 4);
        long[] loads = new long[4];
        loads[owner] = 10;
        // total 10: capacity for the next key is ceil(1.5 x 11 / 4) = 5, the owner is full
        int chosen = BoundedLoads.choose(ring, key, loads, 10, 1.5);
        assertEquals(order.get(1), ring.members().get(chosen));
        loads[owner] = 4;
        loads[(owner + 1) % 4] = 6;
        assertEquals(owner, BoundedLoads.choose(ring, key, loads, 10, 1.5));
    }

    @Test
    void capacityIsTheCeilingOfCTimesTheNextMean() {
        assertEquals(1, BoundedLoads.capacity(1.25, 0, 4));
        assertEquals(4, BoundedLoads.capacity(1.25, 11, 4));
        assertEquals(13, BoundedLoads.capacity(1.25, 39, 4));
        assertEquals(4, BoundedLoads.capacity(1.0000001, 8, 3));
        // c is the decimal it prints as: 1.1 x 3500 / 50 is exactly 77, though 1.1 * 3500 / 50 is 77.00000000000001
        assertEquals(77, BoundedLoads.capacity(1.1, 3499, 50));
        assertEquals(78, BoundedLoads.capacity(1.1, 3500, 50));
        assertEquals(4, BoundedLoads.capacity(1.1, 2, 1));
        assertEquals(Long.MAX_VALUE / 4 + 1, BoundedLoads.capacity(2.0, Long.MAX_VALUE / 2 - 1, 4));
        assertThrows(IllegalArgumentException.class, () -> BoundedLoads.capacity(1.0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> BoundedLoads.capacity(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> BoundedLoads.capacity(1.5, 1, 0));
    }

    @Test
    void releaseForgetsAKey() {
        Ring ring = Rings.build(MaglevRingProvider.ID, Rings.members(3));
        BoundedLoads loads = BoundedLoads.over(ring, 1.5);
        int m = loads.assign(12345L);
        assertEquals(1, loads.load(m));
        loads.release(m);
        assertEquals(0, loads.load(m));
        assertEquals(0, loads.total());
        assertThrows(IllegalArgumentException.class, () -> loads.release(m));
    }

    @Test
    void anEmptyRingAssignsNothing() {
        Ring ring = Rings.strategy(VnodeRingProvider.ID).build(List.of(), XxHash64.INSTANCE, 1);
        BoundedLoads loads = BoundedLoads.over(ring, 1.5);
        assertEquals(-1, loads.assign(1L));
        assertEquals(Optional.empty(), loads.assign("k"));
        assertEquals(-1, BoundedLoads.choose(ring, 1L, new long[0], 0, 1.5));
    }

    @Test
    void ringsFromElsewhereAreRefused() {
        Ring foreign = new Ring() {
            @Override
            public long epoch() {
                return 0;
            }

            @Override
            public List<Member> members() {
                return List.of();
            }

            @Override
            public Optional<Member> owner(CharSequence key) {
                return Optional.empty();
            }

            @Override
            public List<Member> owners(CharSequence key, int replicas) {
                return List.of();
            }
        };
        assertThrows(IllegalArgumentException.class, () -> BoundedLoads.over(foreign, 1.5));
        assertThrows(IllegalArgumentException.class, () -> RingIndex.ownerIndex(foreign, 1L));
    }
}
