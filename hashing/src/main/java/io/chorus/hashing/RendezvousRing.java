package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntPredicate;

/**
 * Rendezvous hashing, highest random weight (Thaler and Ravishankar, 1998): every member scores
 * the key and the highest score owns it. Removing a member moves only its own keys; adding one
 * moves only the keys it wins. A lookup costs one mix per member, so this ring suits small
 * clusters.
 *
 * <p>Member {@code m}'s score for a key hash {@code k} is {@code s = fmix64(k ^ seed(m))}, where
 * {@code seed(m)} is the hash of the member's name, compared as an unsigned number. When weights
 * differ the score is {@code w / −ln(u)} with {@code u = s / 2^64} in (0, 1) (Schindelhauer and
 * Schomaker's logarithmic method), which gives each member a share proportional to its weight.
 * Ties go to the lower index. The order for replicas is by descending score.
 */
final class RendezvousRing extends AbstractRing {
    private final long[] seeds;
    private final double[] weights;
    private final boolean weighted;

    RendezvousRing(RingMembers set, HashFunction hash, long epoch) {
        super(set, hash, epoch);
        int n = set.size();
        this.seeds = new long[n];
        this.weights = new double[n];
        for (int m = 0; m < n; m++) {
            seeds[m] = hash.hash(set.members[m].name());
            weights[m] = set.weights[m];
        }
        this.weighted = !set.uniformWeights;
    }

    @Override
    int ownerIndex(long keyHash) {
        long[] s = seeds;
        int best = -1;
        if (!weighted) {
            long bestScore = 0;
            for (int m = 0; m < s.length; m++) {
                long score = Murmur3.fmix64(keyHash ^ s[m]) ^ Long.MIN_VALUE;
                if (best < 0 || score > bestScore) {
                    best = m;
                    bestScore = score;
                }
            }
        } else {
            double bestScore = 0;
            for (int m = 0; m < s.length; m++) {
                double score = weightedScore(keyHash, m);
                if (best < 0 || score > bestScore) {
                    best = m;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    private double weightedScore(long keyHash, int m) {
        long s = Murmur3.fmix64(keyHash ^ seeds[m]);
        double u = ((s >>> 11) + 0.5) * 0x1p-53;
        return weights[m] / -Math.log(u);
    }

    /** @return the member indices by descending score for the key, ties by index */
    private Integer[] order(long keyHash) {
        int n = seeds.length;
        Integer[] order = new Integer[n];
        for (int m = 0; m < n; m++) {
            order[m] = m;
        }
        if (weighted) {
            double[] score = new double[n];
            for (int m = 0; m < n; m++) {
                score[m] = weightedScore(keyHash, m);
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer m) -> score[m]).reversed()
                    .thenComparingInt(m -> m));
        } else {
            long[] score = new long[n];
            for (int m = 0; m < n; m++) {
                score[m] = Murmur3.fmix64(keyHash ^ seeds[m]) ^ Long.MIN_VALUE;
            }
            Arrays.sort(order, Comparator.comparingLong((Integer m) -> score[m]).reversed()
                    .thenComparingInt(m -> m));
        }
        return order;
    }

    @Override
    void walk(long keyHash, IntPredicate stop) {
        for (int m : order(keyHash)) {
            if (stop.test(m)) {
                return;
            }
        }
    }

    @Override
    int firstWithRoom(long keyHash, long[] loads, long capacity) {
        for (int m : order(keyHash)) {
            if (loads[m] < capacity) {
                return m;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "RendezvousRing[epoch=" + epoch() + ", members=" + size() + ", weighted=" + weighted + ", hash="
                + hashFunction() + "]";
    }
}
