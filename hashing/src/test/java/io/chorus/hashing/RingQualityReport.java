package io.chorus.hashing;

import io.chorus.api.Member;
import io.chorus.api.spi.HashFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints the ring quality table: for 10, 100 and 1,000 members and 1,000,000 keys, per strategy,
 * the keyspace max/mean (exact, from the ring's arcs or slots), the key-count max/mean, and the
 * share of keys that move when one member is added or removed (also as a multiple of 1/n, the
 * least possible). A last row per size assigns the keys with bounded loads (c = 1.10) over the
 * vnode ring.
 *
 * <p>Run after {@code mvn -pl hashing test-compile}:
 * {@code java -cp api/target/classes:hashing/target/classes:hashing/target/test-classes io.chorus.hashing.RingQualityReport}
 * (optional arguments: the number of keys, then the hash function id).
 */
public final class RingQualityReport {
    private RingQualityReport() {
    }

    /**
     * @param args optional: the number of keys (default 1,000,000), the hash function id (default xxhash64)
     */
    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        HashFunction hash = args.length > 1 ? hashFunction(args[1]) : XxHash64.INSTANCE;
        long[] hashes = Rings.keyHashes(keys, hash);
        System.out.printf(Locale.ROOT, "Ring quality: %,d keys (\"key-0\" ...), hash %s, default options%n%n", keys, hash);
        System.out.println("| members | strategy | keyspace max/mean | keys max/mean | moved on add | x 1/n | moved on remove | x 1/n |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {10, 100, 1000}) {
            List<Member> members = Rings.members(n);
            List<Member> more = new ArrayList<>(members);
            more.add(Rings.member("node-" + n));
            List<Member> fewer = new ArrayList<>(members);
            fewer.remove(n / 2);
            for (String strategy : Rings.STRATEGIES) {
                AbstractRing ring = Rings.build(strategy, members, hash);
                Optional<double[]> keyspace = ring.keyspace();
                double keyRatio = Rings.maxOverMean(Rings.keyCounts(ring, hashes));
                double added = Rings.remapped(ring, Rings.build(strategy, more, hash), hashes);
                double removed = Rings.remapped(ring, Rings.build(strategy, fewer, hash), hashes);
                System.out.printf(Locale.ROOT, "| %,d | %s | %s | %.3f | %.4f | %.2f | %.4f | %.2f |%n", n, strategy,
                        keyspace.map(k -> String.format(Locale.ROOT, "%.3f", Rings.maxOverMean(k))).orElse("n/a"),
                        keyRatio, added, added * n, removed, removed * n);
            }
            AbstractRing vnode = Rings.build(VnodeRingProvider.ID, members, hash);
            BoundedLoads bounded = BoundedLoads.over(vnode, 1.10);
            for (long h : hashes) {
                bounded.assign(h);
            }
            System.out.printf(Locale.ROOT, "| %,d | vnode + bounded loads c=1.10 | | %.3f | | | | |%n", n,
                    bounded.maxLoad() / ((double) keys / n));
        }
    }

    private static HashFunction hashFunction(String id) {
        switch (id) {
            case XxHash64Provider.ID:
                return XxHash64.INSTANCE;
            case Murmur3Provider.ID:
                return Murmur3.INSTANCE;
            case Md5Provider.ID:
                return Md5.INSTANCE;
            default:
                throw new IllegalArgumentException("unknown hash function " + id + ": xxhash64, murmur3 or md5");
        }
    }
}
