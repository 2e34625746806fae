package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import io.chorus.api.spi.RingStrategyProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * Maglev: a lookup table of prime size filled by the members in turns, for near-perfect balance
 * (with equal weights each member holds ⌊M/n⌋ or ⌈M/n⌉ of the M slots) and one array read per
 * lookup. Changes of membership move somewhat more than the minimum of keys.
 *
 * <p>Id {@value #ID}, priority 20. Option {@value #TABLE_SIZE_KEY}: the table size M, a prime from
 * {@value #MIN_TABLE_SIZE} to {@value #MAX_TABLE_SIZE}, at least ten times the number of members;
 * building a ring for more members than that fails with an {@link InvalidConfigException}. When
 * the option is unset, M is {@value #DEFAULT_TABLE_SIZE}, or the next prime at or above ten times
 * the number of members when that is larger. Member weights (tag {@code weight}, 1 to 100) give a
 * member that many slots per turn.
 */
public final class MaglevRingProvider implements RingStrategyProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "maglev";
    /** The option key for the table size. */
    public static final String TABLE_SIZE_KEY = "hashing.maglev.table-size";
    /** The table size when the option is unset and members are few enough: a prime. */
    public static final int DEFAULT_TABLE_SIZE = 65_537;
    /** The smallest allowed table size: a prime. */
    public static final int MIN_TABLE_SIZE = 11;
    /** The largest allowed table size: the largest prime below 2^24. */
    public static final int MAX_TABLE_SIZE = 16_777_213;

    /** Public no-arg constructor for {@link java.util.ServiceLoader}; does nothing. */
    public MaglevRingProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public int priority() {
        return 20;
    }

    /** @throws InvalidConfigException when {@value #TABLE_SIZE_KEY} is not a prime in range */
    @Override
    public RingStrategy create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        Optional<String> raw = context.options().get(TABLE_SIZE_KEY);
        if (raw.isEmpty()) {
            return new MaglevStrategy(0);
        }
        String allowed = "a prime from " + MIN_TABLE_SIZE + " to " + MAX_TABLE_SIZE + ", at least 10 × members";
        int size;
        try {
            size = context.options().intValue(TABLE_SIZE_KEY, DEFAULT_TABLE_SIZE, MIN_TABLE_SIZE, MAX_TABLE_SIZE);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(TABLE_SIZE_KEY, raw.get(), allowed);
        }
        if (!Primes.isPrime(size)) {
            throw new InvalidConfigException(TABLE_SIZE_KEY, raw.get(), allowed + " (" + size + " is not prime; "
                    + Primes.atLeast(size) + " is the next prime)");
        }
        return new MaglevStrategy(size);
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
