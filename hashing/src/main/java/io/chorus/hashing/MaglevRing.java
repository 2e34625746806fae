package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.Arrays;
import java.util.Optional;

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer",
 * NSDI 2016, section 3.4): a lookup table of prime size M, filled by the members in turns, each
 * member taking the next free slot of its own permutation of the table.
 *
 * <p>Member {@code m} with name hash {@code h} has offset {@code h mod M} and skip
 * {@code (fmix64(h) mod (M − 1)) + 1}; its permutation is {@code offset, offset + skip, ...} modulo
 * M, which visits every slot because M is prime. Members take turns in canonical order; a member of
 * weight {@code w} takes {@code w} slots per turn, so with equal weights every member holds
 * ⌊M/n⌋ or ⌈M/n⌉ slots. A key's slot is {@code ((hash >>> 32) × M) >>> 32}, a multiply instead of
 * a division. The walk for replicas goes forward through the table from the key's slot.
 */
final class MaglevRing extends PositionRing {
    private final int[] table;

    MaglevRing(RingMembers set, HashFunction hash, long epoch, int tableSize) {
        super(set, hash, epoch);
        int n = set.size();
        if (n == 0) {
            this.table = new int[0];
            return;
        }
        int size = tableSize;
        int[] next = new int[n];
        int[] skip = new int[n];
        for (int m = 0; m < n; m++) {
            long h = hash.hash(set.members[m].name());
            next[m] = (int) Long.remainderUnsigned(h, size);
            skip[m] = (int) Long.remainderUnsigned(Murmur3.fmix64(h), size - 1) + 1;
        }
        int[] t = new int[size];
        Arrays.fill(t, -1);
        int filled = 0;
        fill:
        while (true) {
            for (int m = 0; m < n; m++) {
                for (int turn = set.weights[m]; turn > 0; turn--) {
                    int c = next[m];
                    while (t[c] >= 0) {
                        c += skip[m];
                        if (c >= size) {
                            c -= size;
                        }
                    }
                    t[c] = m;
                    c += skip[m];
                    next[m] = c >= size ? c - size : c;
                    if (++filled == size) {
                        break fill;
                    }
                }
            }
        }
        this.table = t;
    }

    @Override
    int ownerIndex(long keyHash) {
        int[] t = table;
        if (t.length == 0) {
            return -1;
        }
        return t[slot(keyHash, t.length)];
    }

    private static int slot(long keyHash, int size) {
        return (int) (((keyHash >>> 32) * size) >>> 32);
    }

    @Override
    int positions() {
        return table.length;
    }

    @Override
    int start(long keyHash) {
        return slot(keyHash, table.length);
    }

    @Override
    int memberAt(int position) {
        return table[position];
    }

    /** Each slot is one M-th of the hash space (to within 2^-32). */
    @Override
    Optional<double[]> keyspace() {
        double[] share = new double[size()];
        for (int m : table) {
            share[m] += 1.0 / table.length;
        }
        return Optional.of(share);
    }

    /** @return the table size M */
    int tableSize() {
        return table.length;
    }

    @Override
    public String toString() {
        return "MaglevRing[epoch=" + epoch() + ", members=" + size() + ", table=" + table.length + ", hash="
                + hashFunction() + "]";
    }
}
