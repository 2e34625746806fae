package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.function.IntPredicate;

/**
 * A ring whose order is a circle of positions, each held by one member: the vnode ring's sorted
 * points, Maglev's lookup table. A key starts at a position and walks forward, wrapping around.
 */
abstract class PositionRing extends AbstractRing {

    PositionRing(RingMembers set, HashFunction hash, long epoch) {
        super(set, hash, epoch);
    }

    /** @return how many positions the circle has; 0 for an empty ring */
    abstract int positions();

    /**
     * @return the position a key hash starts at, the one whose member {@link #ownerIndex(long)}
     *     returns; only called on a non-empty ring
     */
    abstract int start(long keyHash);

    /** @return the index of the member holding {@code position} */
    abstract int memberAt(int position);

    @Override
    final void walk(long keyHash, IntPredicate stop) {
        int count = positions();
        if (count == 0) {
            return;
        }
        int p = start(keyHash);
        for (int step = 0; step < count; step++) {
            if (stop.test(memberAt(p))) {
                return;
            }
            if (++p == count) {
                p = 0;
            }
        }
    }

    @Override
    final int firstWithRoom(long keyHash, long[] loads, long capacity) {
        int count = positions();
        if (count == 0) {
            return -1;
        }
        int p = start(keyHash);
        for (int step = 0; step < count; step++) {
            int m = memberAt(p);
            if (loads[m] < capacity) {
                return m;
            }
            if (++p == count) {
                p = 0;
            }
        }
        return -1;
    }
}
