package io.chorus.hashing;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What the three rings share: the members in canonical order, the epoch, the hash function, and
 * replica selection with zone preference over each ring's own order.
 *
 * <p>Each ring provides the allocation-free fast path {@link #ownerIndex(long)}: a key's hash in,
 * the owner's index in {@link #members()} out. {@link #owner(CharSequence)} hashes the key, calls
 * it, and returns one of the {@code Optional}s made at build time, so it allocates nothing either.
 */
abstract class AbstractRing implements Ring {
    final RingMembers set;
    final HashFunction hash;
    private final long epoch;
    private final List<Optional<Member>> found;

    AbstractRing(RingMembers set, HashFunction hash, long epoch) {
        this.set = set;
        this.hash = Objects.requireNonNull(hash, "hash");
        this.epoch = epoch;
        Optional<?>[] owners = new Optional<?>[set.size()];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = Optional.of(set.members[i]);
        }
        @SuppressWarnings("unchecked")
        List<Optional<Member>> list = (List<Optional<Member>>) (List<?>) List.of(owners);
        this.found = list;
    }

    /**
     * The fast path: no allocation, no locks.
     *
     * @param keyHash the key's hash, from this ring's hash function
     * @return the owner's index in {@link #members()}; -1 when the ring is empty
     */
    abstract int ownerIndex(long keyHash);

    /**
     * Visits member indices in this ring's order for a key, the owner first. A member may come more
     * than once; every member comes at least once before the walk ends.
     *
     * @param keyHash the key's hash
     * @param stop called with each member index; the walk ends when it returns {@code true}
     */
    abstract void walk(long keyHash, IntPredicate stop);

    /**
     * @param keyHash the key's hash
     * @param loads the load of each member, by index
     * @param capacity the most a member may hold after taking the key
     * @return the first member in ring order whose load + 1 is at most {@code capacity}; -1 if none
     */
    abstract int firstWithRoom(long keyHash, long[] loads, long capacity);

    /**
     * @return each member's exact share of the hash space, by index, for rings that divide it into
     *     arcs or slots; empty for rings that do not
     */
    Optional<double[]> keyspace() {
        return Optional.empty();
    }

    /** @return the hash function keys are hashed with */
    final HashFunction hashFunction() {
        return hash;
    }

    /** @return the member at {@code index} in {@link #members()} */
    final Member member(int index) {
        return set.members[index];
    }

    /** @return how many members the ring holds */
    final int size() {
        return set.members.length;
    }

    @Override
    public final long epoch() {
        return epoch;
    }

    /** @return the members, sorted by name: the order {@link #ownerIndex(long)} indexes */
    @Override
    public final List<Member> members() {
        return set.list;
    }

    @Override
    public final Optional<Member> owner(CharSequence key) {
        Objects.requireNonNull(key, "key");
        int i = ownerIndex(hash.hash(key));
        return i < 0 ? Optional.empty() : found.get(i);
    }

    /**
     * Walks the ring from the key and takes members whose zone is not taken yet; when zones run
     * out, fills up with the members it passed over, in ring order. The owner always comes first,
     * then the other members of distinct zones in ring order, then the fill.
     */
    @Override
    public final List<Member> owners(CharSequence key, int replicas) {
        Objects.requireNonNull(key, "key");
        checkReplicas(replicas);
        if (size() == 0) {
            return List.of();
        }
        return owners(hash.hash(key), replicas);
    }

    /** {@link #owners(CharSequence, int)} for a key already hashed. */
    final List<Member> owners(long keyHash, int replicas) {
        checkReplicas(replicas);
        if (size() == 0) {
            return List.of();
        }
        ReplicaPicker picker = new ReplicaPicker(set, Math.min(replicas, size()));
        walk(keyHash, picker);
        return picker.result();
    }

    private static void checkReplicas(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas = " + replicas + ": at least 1");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[epoch=" + epoch + ", members=" + size() + ", hash=" + hash + "]";
    }

    /** Chooses replicas during a walk: distinct zones first, then the members passed over. */
    private static final class ReplicaPicker implements IntPredicate {
        private final RingMembers set;
        private final int wanted;
        private final int[] picked;
        private final int[] passed;
        private final long[] seen;
        private final long[] zoneTaken;
        private int pickedCount;
        private int passedCount;
        private int seenCount;
        private int zonesTaken;

        ReplicaPicker(RingMembers set, int wanted) {
            this.set = set;
            this.wanted = wanted;
            this.picked = new int[wanted];
            this.passed = new int[wanted];
            this.seen = new long[(set.size() + 63) >>> 6];
            this.zoneTaken = new long[(set.zoneCount + 63) >>> 6];
        }

        @Override
        public boolean test(int member) {
            if ((seen[member >>> 6] & 1L << member) != 0) {
                return false;
            }
            seen[member >>> 6] |= 1L << member;
            seenCount++;
            int zone = set.zones[member];
            if ((zoneTaken[zone >>> 6] & 1L << zone) == 0) {
                zoneTaken[zone >>> 6] |= 1L << zone;
                zonesTaken++;
                picked[pickedCount++] = member;
                if (pickedCount == wanted) {
                    return true;
                }
            } else if (passedCount < wanted) {
                passed[passedCount++] = member;
            }
            return seenCount == set.size() || (zonesTaken == set.zoneCount && pickedCount + passedCount >= wanted);
        }

        List<Member> result() {
            Member[] out = new Member[Math.min(wanted, pickedCount + passedCount)];
            for (int i = 0; i < out.length; i++) {
                out[i] = set.members[i < pickedCount ? picked[i] : passed[i - pickedCount]];
            }
            return List.of(out);
        }
    }
}
