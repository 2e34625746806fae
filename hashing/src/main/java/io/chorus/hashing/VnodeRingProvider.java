package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.Option;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import io.chorus.api.spi.RingStrategyProvider;
import java.util.List;
import java.util.Objects;

/**
 * The vnode ring, ketama-style: each member places {@code vnodes × weight} points on the ring and
 * a key belongs to the first point at or after its hash. The default strategy.
 *
 * <p>Id {@value #ID}, priority 30. Option {@code hashing.vnode.count} ({@link #COUNT}): vnodes per
 * unit of weight, a whole number from {@value #MIN_COUNT} to {@value #MAX_COUNT}, default
 * {@value #DEFAULT_COUNT}. A member's weight comes from its tag {@code weight}, a whole number from
 * 1 to 100; a missing or bad tag counts as 1. A ring holds at most 2^24 points in all.
 */
public final class VnodeRingProvider implements RingStrategyProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "vnode";
    /** Vnodes per unit of weight when the option is unset. */
    public static final int DEFAULT_COUNT = 160;
    /** The smallest allowed vnode count. */
    public static final int MIN_COUNT = 1;
    /** The largest allowed vnode count. */
    public static final int MAX_COUNT = 10_000;
    /** Option: the number of vnodes per unit of weight. */
    public static final Option<Integer> COUNT = Option.integer("hashing.vnode.count", DEFAULT_COUNT, MIN_COUNT, MAX_COUNT,
            "vnode ring: points per unit of a member's weight (tag weight); a ring holds at most 2^24 points in all");

    /** Public no-arg constructor for {@link java.util.ServiceLoader}; does nothing. */
    public VnodeRingProvider() {
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
        return 30;
    }

    /** @return the vnode count */
    @Override
    public List<Option<?>> options() {
        return List.of(COUNT);
    }

    /** @throws io.chorus.api.InvalidConfigException when {@code hashing.vnode.count} is not a number in range */
    @Override
    public RingStrategy create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return new VnodeStrategy(COUNT.read(context.options()));
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
