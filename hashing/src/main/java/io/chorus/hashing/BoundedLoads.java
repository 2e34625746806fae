package io.chorus.hashing;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, SODA 2018) over a
 * ring built by this module, for callers that track how many keys each member holds.
 *
 * <p>With {@code n} members, a load factor {@code c > 1} and {@code total} keys already assigned,
 * the next key goes to the first member in ring order (the owner first, then clockwise on the
 * vnode ring, forward through the table on Maglev, by descending score on rendezvous) whose
 * {@code load + 1 ≤ ⌈c × (total + 1) / n⌉}. Such a member always exists: the least loaded one
 * holds at most ⌊total / n⌋ keys, and ⌊total / n⌋ + 1 = ⌈(total + 1) / n⌉ ≤ ⌈c × (total + 1) / n⌉.
 *
 * <p><b>Guarantee.</b> After every assignment, no member holds more than ⌈c × total / n⌉ keys,
 * that is ⌈c × mean⌉: the key just placed respects the capacity of the new total, and the capacity
 * never shrinks as the total grows. {@link #release(int)} lowers the total without moving keys, so
 * after releases the bound holds again once the total is back where it was; callers that need it
 * at all times reassign the keys of the member that overflows.
 *
 * <p>Keys stay with their owner while it has room, so as long as no member is full this is the
 * plain ring; a full member's overflow goes to its successors, not to random members. Capacity is
 * the same for every member: weights shape the ring, not the bound.
 *
 * <p>The load factor is taken as the decimal number it prints as ({@link Double#toString}), and
 * capacities are computed exactly from it: 1.1 means 11/10, so 50 members holding 3,500 keys have
 * capacity 77, where {@code 1.1 * 3500 / 50} in doubles would round up to 78.
 *
 * <p>Not exported from the module: the tests and the quality report use it, and class-path
 * callers may.
 * An instance tracks loads for one ring and is not thread-safe; {@link #choose} is the stateless
 * form for callers that keep loads themselves.
 */
public final class BoundedLoads {
    private final AbstractRing ring;
    private final double loadFactor;
    private final Factor factor;
    private final long[] loads;
    private long total;

    private BoundedLoads(AbstractRing ring, double loadFactor) {
        this.ring = ring;
        this.factor = Factor.of(loadFactor);
        this.loadFactor = loadFactor;
        this.loads = new long[ring.size()];
    }

    /**
     * @param ring a ring built by one of this module's strategies
     * @param loadFactor c, greater than 1 (1.25 keeps every member within a quarter of the mean)
     * @return a tracker with every load at zero
     * @throws IllegalArgumentException when the ring comes from elsewhere or c is not above 1
     */
    public static BoundedLoads over(Ring ring, double loadFactor) {
        return new BoundedLoads(RingIndex.own(ring), loadFactor);
    }

    /**
     * The capacity for the next key: ⌈c × (total + 1) / n⌉.
     *
     * @param loadFactor c, greater than 1
     * @param total keys assigned so far
     * @param members n, at least 1
     * @return the most keys a member may hold after taking the next key
     */
    public static long capacity(double loadFactor, long total, int members) {
        return Factor.of(loadFactor).capacity(total, members);
    }

    /**
     * Chooses the member for a key without changing anything.
     *
     * @param ring a ring built by one of this module's strategies
     * @param keyHash the key's hash, from the ring's hash function ({@link RingIndex#keyHash})
     * @param loads each member's load, indexed like {@link Ring#members()}
     * @param total the sum of {@code loads}
     * @param loadFactor c, greater than 1
     * @return the index of the first member in ring order whose load + 1 is within capacity;
     *     -1 when the ring is empty
     */
    public static int choose(Ring ring, long keyHash, long[] loads, long total, double loadFactor) {
        AbstractRing own = RingIndex.own(ring);
        Objects.requireNonNull(loads, "loads");
        if (loads.length != own.size()) {
            throw new IllegalArgumentException("loads has " + loads.length + " entries for " + own.size() + " members");
        }
        if (own.size() == 0) {
            return -1;
        }
        int m = own.firstWithRoom(keyHash, loads, Factor.of(loadFactor).capacity(total, own.size()));
        if (m < 0) {
            throw new IllegalArgumentException("no member has room: loads do not add up to total = " + total);
        }
        return m;
    }

    /**
     * Assigns a key and counts it.
     *
     * @param keyHash the key's hash, from the ring's hash function
     * @return the index of the member that takes it; -1 when the ring is empty
     */
    public int assign(long keyHash) {
        if (loads.length == 0) {
            return -1;
        }
        int m = ring.firstWithRoom(keyHash, loads, factor.capacity(total, loads.length));
        loads[m]++;
        total++;
        return m;
    }

    /**
     * Assigns a key and counts it.
     *
     * @param key the key, hashed as UTF-8 with the ring's hash function
     * @return the member that takes it; empty when the ring is empty
     */
    public Optional<Member> assign(CharSequence key) {
        Objects.requireNonNull(key, "key");
        int m = assign(ring.hashFunction().hash(key));
        return m < 0 ? Optional.empty() : Optional.of(ring.member(m));
    }

    /**
     * Forgets one key of a member.
     *
     * @param member the member's index in {@link Ring#members()}
     * @throws IllegalArgumentException when the member holds no keys
     */
    public void release(int member) {
        Objects.checkIndex(member, loads.length);
        if (loads[member] == 0) {
            throw new IllegalArgumentException("member " + member + " holds no keys");
        }
        loads[member]--;
        total--;
    }

    /**
     * @param member the member's index in {@link Ring#members()}
     * @return how many keys it holds
     */
    public long load(int member) {
        return loads[Objects.checkIndex(member, loads.length)];
    }

    /** @return the keys assigned and not released */
    public long total() {
        return total;
    }

    /** @return the largest load */
    public long maxLoad() {
        long max = 0;
        for (long l : loads) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** @return c */
    public double loadFactor() {
        return loadFactor;
    }

    /** @return the ring */
    public Ring ring() {
        return ring;
    }

    /**
     * A load factor as the exact fraction {@code num / den} of the decimal it prints as
     * ({@link Double#toString}), so that 1.1 means 11/10 and capacities do not suffer from binary
     * rounding (1.1 * 3500 / 50 is 77.00000000000001 in doubles, and its ceiling 78).
     */
    private record Factor(BigInteger num, BigInteger den, long smallNum, long smallDen) {
        static Factor of(double c) {
            if (!(c > 1.0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("load factor = " + c + ": greater than 1 and finite");
            }
            BigDecimal d = new BigDecimal(Double.toString(c));
            int scale = Math.max(0, d.scale());
            BigInteger num = d.movePointRight(scale).toBigIntegerExact();
            BigInteger den = BigInteger.TEN.pow(scale);
            boolean small = num.bitLength() < 63 && den.bitLength() < 63;
            return new Factor(num, den, small ? num.longValue() : 0, small ? den.longValue() : 0);
        }

        /** @return ⌈num × (total + 1) / (den × members)⌉, in longs unless they would overflow */
        long capacity(long total, int members) {
            if (members < 1) {
                throw new IllegalArgumentException("members = " + members + ": at least 1");
            }
            if (total < 0 || total == Long.MAX_VALUE) {
                throw new IllegalArgumentException("total = " + total + ": from 0 to " + (Long.MAX_VALUE - 1));
            }
            if (smallDen != 0) {
                long top = smallNum * (total + 1);
                long bottom = smallDen * members;
                if (Math.multiplyHigh(smallNum, total + 1) == 0 && top >= 0
                        && Math.multiplyHigh(smallDen, members) == 0 && bottom > 0) {
                    return Math.floorDiv(top, bottom) + (top % bottom == 0 ? 0 : 1);
                }
            }
            BigInteger[] qr = num.multiply(BigInteger.valueOf(total + 1))
                    .divideAndRemainder(den.multiply(BigInteger.valueOf(members)));
            BigInteger cap = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            return cap.bitLength() < 64 ? cap.longValue() : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "BoundedLoads[c=" + loadFactor + ", total=" + total + ", max=" + maxLoad() + ", ring=" + ring + "]";
    }
}
