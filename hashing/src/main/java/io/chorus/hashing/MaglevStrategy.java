package io.chorus.hashing;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.RingStrategy;
import java.util.List;
import java.util.Objects;

/**
 * Builds {@link MaglevRing}s. A configured table size must be prime and at least ten times the
 * number of members; without one the table has {@value MaglevRingProvider#DEFAULT_TABLE_SIZE}
 * slots, or the next prime at or above ten times the number of members when that is larger.
 */
final class MaglevStrategy implements RingStrategy {
    /** The configured size, or 0 when the option is absent. */
    private final int configured;

    MaglevStrategy(int configured) {
        if (configured != 0 && !Primes.isPrime(configured)) {
            throw new IllegalArgumentException("table size " + configured + " is not prime");
        }
        this.configured = configured;
    }

    @Override
    public Ring build(List<Member> members, HashFunction hash, long epoch) {
        Objects.requireNonNull(hash, "hash");
        RingMembers set = RingMembers.of(members);
        return new MaglevRing(set, hash, epoch, tableSize(set.size()));
    }

    /**
     * @param members how many members the ring holds
     * @return the table size for them
     * @throws InvalidConfigException when the configured size is below ten times {@code members}
     */
    int tableSize(int members) {
        long minimum = 10L * members;
        if (configured == 0) {
            return minimum <= MaglevRingProvider.DEFAULT_TABLE_SIZE ? MaglevRingProvider.DEFAULT_TABLE_SIZE
                    : Primes.atLeast(minimum);
        }
        if (configured < minimum) {
            throw new InvalidConfigException(MaglevRingProvider.TABLE_SIZE.key(), configured,
                    "a prime at least 10 × members: " + members + " members need at least " + Primes.atLeast(minimum)
                            + " (or leave the option unset to size the table automatically)");
        }
        return configured;
    }

    @Override
    public String toString() {
        return MaglevRingProvider.ID + "(table=" + (configured == 0 ? "auto" : Integer.toString(configured)) + ")";
    }
}
