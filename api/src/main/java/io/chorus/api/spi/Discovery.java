package io.chorus.api.spi;

import io.chorus.api.Address;
import io.chorus.api.Stability;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds seeds: addresses of nodes that may already be in the cluster. The engine calls it off the
 * protocol loop, before each join attempt and, every {@link #refreshInterval()}, while the
 * cluster runs; each answer replaces the seeds this source gave before.
 */
@Stability(Stability.Level.STABLE)
public interface Discovery extends AutoCloseable {
    /**
     * @return the seeds found now, possibly none
     * @throws io.chorus.api.ChorusException when the source failed; the engine reports it and retries
     */
    List<Address> discover();

    /**
     * How often the engine asks again while the node runs, so that seeds whose addresses change
     * (a DNS record, a restarted pod) are followed. Join retries ask again whatever this says.
     *
     * @return the period between two calls to {@link #discover()} while the node runs; empty (the
     *     default) when the answer never changes, as for a fixed list
     */
    default Optional<Duration> refreshInterval() {
        return Optional.empty();
    }

    /** Releases resources. Idempotent. */
    @Override
    default void close() {
    }
}
