package io.chorus.api.spi;

import io.chorus.api.Address;
import java.util.List;

/**
 * Finds seeds: addresses of nodes that may already be in the cluster. The engine calls it off the
 * protocol loop, before each join attempt and periodically while the cluster runs.
 */
public interface Discovery extends AutoCloseable {
    /**
     * @return the seeds found now, possibly none
     * @throws io.chorus.api.ChorusException when the source failed; the engine reports it and retries
     */
    List<Address> discover();

    /** Releases resources. Idempotent. */
    @Override
    default void close() {
    }
}
