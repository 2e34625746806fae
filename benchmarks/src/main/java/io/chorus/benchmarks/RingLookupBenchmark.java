package io.chorus.benchmarks;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ring lookups: the owner of a 16-character string key (hashing included) and of a pre-hashed key,
 * for each ring strategy, hash function and cluster size; and, in the same run, the baseline users
 * would otherwise write: a {@code TreeMap<Long, String>} ketama ring over MD5 with 160 points per
 * member and a {@code MessageDigest} per lookup, and Guava's {@code Hashing.consistentHash} (jump
 * consistent hashing) over the key's hash from the same hash function, then a member from an
 * array. {@code hash16} measures hashing a key alone.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RingLookup -prof gc} (add
 * {@code -p hash=xxhash64} for the default hash function only).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingLookupBenchmark {
    private static final int KEYS = 1024;

    /** A chorus ring of {@code members} members. */
    @State(Scope.Thread)
    public static class Chorus {
        /** The ring strategy id. */
        @Param({"vnode", "maglev", "rendezvous"})
        public String strategy;
        /** The hash function id. */
        @Param({"xxhash64", "murmur3", "md5"})
        public String hash;
        /** The number of members. */
        @Param({"10", "100", "1000"})
        public int members;

        Ring ring;
        String[] keys;
        long[] hashes;
        int next;

        /** Builds the ring and the keys. */
        @Setup
        public void setUp() throws Throwable {
            HashFunction function = RingProviders.hash(hash);
            ring = RingProviders.strategy(strategy).build(RingProviders.members(members), function, 1);
            keys = RingProviders.keys(KEYS, 16);
            hashes = new long[KEYS];
            for (int i = 0; i < KEYS; i++) {
                hashes[i] = (long) RingProviders.KEY_HASH.invokeExact(ring, (CharSequence) keys[i]);
            }
        }
    }

    /** A ketama ring as users build it: a TreeMap of MD5 points. */
    @State(Scope.Thread)
    public static class Ketama {
        /** The number of members. */
        @Param({"10", "100", "1000"})
        public int members;

        TreeMap<Long, String> ring;
        String[] keys;
        int next;

        /** Places 160 points per member: four per MD5 digest of {@code name-i}, as libketama does. */
        @Setup
        public void setUp() throws NoSuchAlgorithmException {
            ring = new TreeMap<>();
            for (Member m : RingProviders.members(members)) {
                for (int i = 0; i < 40; i++) {
                    byte[] d = MessageDigest.getInstance("MD5").digest((m.name() + "-" + i).getBytes(StandardCharsets.UTF_8));
                    for (int p = 0; p < 4; p++) {
                        ring.put(point(d, p), m.name());
                    }
                }
            }
            keys = RingProviders.keys(KEYS, 16);
        }

        static long point(byte[] d, int p) {
            return (d[3 + 4 * p] & 0xFFL) << 24 | (d[2 + 4 * p] & 0xFFL) << 16 | (d[1 + 4 * p] & 0xFFL) << 8 | (d[4 * p] & 0xFFL);
        }
    }

    /** Guava's jump consistent hash over the members, the keys hashed with a chorus hash function. */
    @State(Scope.Thread)
    public static class Guava {
        /** The hash function id. */
        @Param({"xxhash64", "murmur3", "md5"})
        public String hash;
        /** The number of members. */
        @Param({"10", "100", "1000"})
        public int members;

        HashFunction function;
        Member[] owners;
        String[] keys;
        int next;

        /** Finds the function and makes the members and the keys. */
        @Setup
        public void setUp() {
            function = RingProviders.hash(hash);
            owners = RingProviders.members(members).toArray(new Member[0]);
            keys = RingProviders.keys(KEYS, 16);
        }
    }

    /** A hash function alone. */
    @State(Scope.Thread)
    public static class Hashing {
        /** The hash function id. */
        @Param({"xxhash64", "murmur3", "md5"})
        public String hash;

        HashFunction function;
        String[] keys;
        int next;

        /** Finds the function and makes the keys. */
        @Setup
        public void setUp() {
            function = RingProviders.hash(hash);
            keys = RingProviders.keys(KEYS, 16);
        }
    }

    /** @return the owner of a 16-character key, hashing included */
    @Benchmark
    public Optional<Member> stringKey(Chorus s) {
        int i = s.next = (s.next + 1) & (KEYS - 1);
        return s.ring.owner(s.keys[i]);
    }

    /** @return the owner's index for a pre-hashed key */
    @Benchmark
    public int hashedKey(Chorus s) throws Throwable {
        int i = s.next = (s.next + 1) & (KEYS - 1);
        return (int) RingProviders.OWNER_INDEX.invokeExact(s.ring, s.hashes[i]);
    }

    /** @return the owner of a 16-character key on the TreeMap MD5 ketama baseline */
    @Benchmark
    public String treeMapMd5Ketama(Ketama s) throws NoSuchAlgorithmException {
        int i = s.next = (s.next + 1) & (KEYS - 1);
        byte[] d = MessageDigest.getInstance("MD5").digest(s.keys[i].getBytes(StandardCharsets.UTF_8));
        Map.Entry<Long, String> e = s.ring.ceilingEntry(Ketama.point(d, 0));
        return (e != null ? e : s.ring.firstEntry()).getValue();
    }

    /** @return the owner of a 16-character key by Guava's {@code Hashing.consistentHash}, hashing included */
    @Benchmark
    public Member guavaConsistentHash(Guava s) {
        int i = s.next = (s.next + 1) & (KEYS - 1);
        return s.owners[com.google.common.hash.Hashing.consistentHash(s.function.hash(s.keys[i]), s.owners.length)];
    }

    /** @return the hash of a 16-character key */
    @Benchmark
    public long hash16(Hashing s) {
        int i = s.next = (s.next + 1) & (KEYS - 1);
        return s.function.hash(s.keys[i]);
    }
}
