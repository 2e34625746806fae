package io.chorus.hashing;

import io.chorus.api.NodeId;
import io.chorus.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
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
 * top bits of the entries (one bucket per half a point or so) holds, for each bucket, the range of
 * its entries, which narrows the binary search to a few entries, or, for the buckets without a
 * point (about half), the owner itself. A lookup reads one or two cache lines.
 */
final class VnodeRing extends PositionRing {
    /** The most points a ring may hold: 16,777,216 (128 MiB of entries). */
    static final long MAX_POINTS = 1L << 24;

    private static final int MAX_BUCKET_BITS = 22;

    private final int vnodes;
    private final long[] entries;
    private final long ownerMask;
    /** Two ints per bucket: the range of its entries, or {@code ~owner} and 0 when it has none. */
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
                    + ": lower " + VnodeRingProvider.COUNT.key() + " or the members' weights");
        }
        int ownerBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1)));
        this.ownerMask = (1L << ownerBits) - 1;
        this.entries = new long[(int) total];
        // the point texts are built as bytes: hashing them as a StringBuilder would teach the JIT
        // that keys come in two classes, and slow down every lookup of a String key afterwards
        byte[] text = new byte[NodeId.MAX_NAME_LENGTH * 4 + 12];
        int k = 0;
        for (int m = 0; m < n; m++) {
            byte[] name = set.members[m].name().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, text, 0, name.length);
            text[name.length] = '#';
            int base = name.length + 1;
            int count = vnodes * set.weights[m];
            for (int v = 0; v < count; v++) {
                int length = base + decimal(v, text, base);
                entries[k++] = (hash.hash(text, 0, length) & ~ownerMask) | m;
            }
        }
        Arrays.sort(entries);
        int bits = Math.min(MAX_BUCKET_BITS, 64 - Long.numberOfLeadingZeros(Math.max(entries.length, 1)));
        this.shift = 64 - bits;
        this.buckets = new int[2 << bits];
        int j = 0;
        for (int b = 0; b < 1 << bits; b++) {
            int start = j;
            while (j < entries.length && bucket(entries[j]) == b) {
                j++;
            }
            if (start < j) {
                buckets[2 * b] = start;
                buckets[2 * b + 1] = j;
            } else if (entries.length > 0) {
                buckets[2 * b] = ~(int) (entries[j == entries.length ? 0 : j] & ownerMask);
            }
        }
    }

    /** Writes {@code value} (at least 0) in decimal at {@code at}; @return how many digits */
    private static int decimal(int value, byte[] out, int at) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int v = value;
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return digits;
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
        long key = keyHash & ~ownerMask;
        int b = bucket(key) << 1;
        int lo = buckets[b];
        if (lo < 0) {
            return ~lo;
        }
        return (int) (e[search(e, key, lo, buckets[b + 1])] & ownerMask);
    }

    /** @return the index of the first entry at or after the key, wrapping to 0 past the end */
    private int find(long[] e, long keyHash) {
        long key = keyHash & ~ownerMask;
        int b = bucket(key) << 1;
        int lo = buckets[b];
        if (lo < 0) {
            // no point in the bucket: the first point after it
            int next = b + 2;
            while (next < buckets.length && buckets[next] < 0) {
                next += 2;
            }
            return next < buckets.length ? buckets[next] : 0;
        }
        return search(e, key, lo, buckets[b + 1]);
    }

    /** @return the first index in {@code [lo, hi)} whose entry is at or after the key, else {@code hi}; 0 for the end */
    private static int search(long[] e, long key, int lo, int hi) {
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
