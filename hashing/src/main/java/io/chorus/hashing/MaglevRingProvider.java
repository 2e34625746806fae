package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Option;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import io.chorus.api.spi.RingStrategyProvider;
import java.util.List;
import java.util.Objects;

/**
 * Maglev: a lookup table of prime size filled by the members in turns, for near-perfect balance
 * (with equal weights each member holds ⌊M/n⌋ or ⌈M/n⌉ of the M slots) and one array read per
 * lookup. Changes of membership move somewhat more than the minimum of keys.
 *
 * <p>Id {@value #ID}, priority 20. Option {@code hashing.maglev.table-size} ({@link #TABLE_SIZE}):
 * the table size M, a prime from {@value #MIN_TABLE_SIZE} to {@value #MAX_TABLE_SIZE}, at least
 * ten times the number of members;
 * building a ring for more members than that fails with an {@link InvalidConfigException}. When
 * the option is unset, M is {@value #DEFAULT_TABLE_SIZE}, or the next prime at or above ten times
 * the number of members when that is larger. Member weights (tag {@code weight}, 1 to 100) give a
 * member that many slots per turn.
 */
public final class MaglevRingProvider implements RingStrategyProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "maglev";
    /** The table size when the option is unset and members are few enough: a prime. */
    public static final int DEFAULT_TABLE_SIZE = 65_537;
    /** The smallest allowed table size: a prime. */
    public static final int MIN_TABLE_SIZE = 11;
    /** The largest allowed table size: the largest prime below 2^24. */
    public static final int MAX_TABLE_SIZE = 16_777_213;
    private static final String ALLOWED = "a prime from " + MIN_TABLE_SIZE + " to " + MAX_TABLE_SIZE
            + ", at least 10 × members";
    /** Option: the table size; unset, it is sized from the members. */
    public static final Option<Integer> TABLE_SIZE = Option.integer("hashing.maglev.table-size", MIN_TABLE_SIZE,
            MAX_TABLE_SIZE, "Maglev ring: the lookup table size M; building a ring for more than M / 10 members fails")
            .whenUnset(DEFAULT_TABLE_SIZE + ", or the next prime at or above 10 × members when that is larger")
            .withCheck(ALLOWED, size -> {
                if (!Primes.isPrime(size)) {
                    throw new IllegalArgumentException(ALLOWED + " (" + size + " is not prime; " + Primes.atLeast(size)
                            + " is the next prime)");
                }
                return size;
            });

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

    /** @return the table size */
    @Override
    public List<Option<?>> options() {
        return List.of(TABLE_SIZE);
    }

    /** @throws InvalidConfigException when {@code hashing.maglev.table-size} is not a prime in range */
    @Override
    public RingStrategy create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return new MaglevStrategy(TABLE_SIZE.read(context.options(), 0));
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
