package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.Arrays;
import java.util.Optional;

/**
 * A ketama-style ring: each member places {@code vnodes × weight} points on a circle of 2^64
 * positions, and a key belongs to the first point at or after its hash, wrapping around.
 *
 * <p>Point {@code i} of the member named {@code N} is the hash of the text {@code N#i} (i in
 * decimal, from 0). Names are the nodes' stable identities, so points do not move when a node
 * comes back on another address or transport. Names cannot contain {@code #}, so no two members'
 * point texts collide.
 *
 * <p>Layout: one sorted {@code long[]}. Each entry keeps the top {@code 64 − b} bits of a point and
 * stores the owner's index in the low {@code b} bits, where {@code b} is the number of bits member
 * indices need; sorting the entries sorts the points (ties broken by member index, so the order is
 * deterministic), and one array read yields both the point and its owner. A bucket index over the
 * top bits of the entries (about one point per bucket) narrows each binary search to a range of a
 * few entries, so a lookup touches about two cache lines.
 */
final class VnodeRing extends PositionRing {
    /** The most points a ring may hold: 16,777,216 (128 MiB of entries). */
    static final long MAX_POINTS = 1L << 24;

    private static final int MAX_BUCKET_BITS = 22;

    private final int vnodes;
    private final long[] entries;
    private final long ownerMask;
    private final int[] buckets;
    private final int shift;

    VnodeRing(RingMembers set, HashFunction hash, long epoch, int vnodes) {
        super(set, hash, epoch);
        this.vnodes = vnodes;
        int n = set.size();
        long total = set.totalWeight() * vnodes;
        if (total > MAX_POINTS) {
            throw new IllegalArgumentException("a vnode ring of " + n + " members with " + vnodes
                    + " vnodes per unit of weight would hold " + total + " points, more than " + MAX_POINTS
                    + ": lower " + VnodeRingProvider.COUNT_KEY + " or the members' weights");
        }
        int ownerBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1)));
        this.ownerMask = (1L << ownerBits) - 1;
        this.entries = new long[(int) total];
        StringBuilder text = new StringBuilder(80);
        int k = 0;
        for (int m = 0; m < n; m++) {
            text.setLength(0);
            text.append(set.members[m].name()).append('#');
            int base = text.length();
            int count = vnodes * set.weights[m];
            for (int v = 0; v < count; v++) {
                text.setLength(base);
                text.append(v);
                entries[k++] = (hash.hash(text) & ~ownerMask) | m;
            }
        }
        Arrays.sort(entries);
        int bits = entries.length < 2 ? 1 : Math.min(MAX_BUCKET_BITS, 63 - Long.numberOfLeadingZeros(entries.length));
        this.shift = 64 - bits;
        this.buckets = new int[(1 << bits) + 1];
        for (long e : entries) {
            buckets[bucket(e) + 1]++;
        }
        for (int b = 1; b < buckets.length; b++) {
            buckets[b] += buckets[b - 1];
        }
    }

    /** @return the bucket of a value: its top bits, in signed order */
    private int bucket(long value) {
        return (int) ((value ^ Long.MIN_VALUE) >>> shift);
    }

    @Override
    int ownerIndex(long keyHash) {
        long[] e = entries;
        if (e.length == 0) {
            return -1;
        }
        return (int) (e[find(e, keyHash)] & ownerMask);
    }

    /** @return the index of the first entry at or after the key, wrapping to 0 past the end */
    private int find(long[] e, long keyHash) {
        long key = keyHash & ~ownerMask;
        int b = bucket(key);
        int lo = buckets[b];
        int hi = buckets[b + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == e.length ? 0 : lo;
    }

    @Override
    int positions() {
        return entries.length;
    }

    @Override
    int start(long keyHash) {
        return find(entries, keyHash);
    }

    @Override
    int memberAt(int position) {
        return (int) (entries[position] & ownerMask);
    }

    /** Each point owns the arc from the point before it (exclusive) to itself (inclusive). */
    @Override
    Optional<double[]> keyspace() {
        double[] share = new double[size()];
        int count = entries.length;
        if (count == 0) {
            return Optional.of(share);
        }
        if (count == 1) {
            share[memberAt(0)] = 1.0;
            return Optional.of(share);
        }
        for (int i = 0; i < count; i++) {
            long here = entries[i] & ~ownerMask;
            long before = entries[i == 0 ? count - 1 : i - 1] & ~ownerMask;
            long arc = here - before;
            share[memberAt(i)] += (arc >>> 11) * 0x1p-53;
        }
        return Optional.of(share);
    }

    /** @return how many points the ring holds */
    int points() {
        return entries.length;
    }

    @Override
    public String toString() {
        return "VnodeRing[epoch=" + epoch() + ", members=" + size() + ", vnodes=" + vnodes + ", points="
                + entries.length + ", hash=" + hashFunction() + "]";
    }
}
