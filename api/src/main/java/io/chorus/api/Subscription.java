package io.chorus.api;

/** A listener's registration; closing it stops deliveries (events already running finish). */
@Stability(Stability.Level.STABLE)
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Stops deliveries to the listener. Idempotent. */
    @Override
    void close();
}
