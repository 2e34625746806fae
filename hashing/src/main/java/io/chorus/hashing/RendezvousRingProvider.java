package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import io.chorus.api.spi.RingStrategyProvider;
import java.util.Objects;

/**
 * Rendezvous (highest random weight) hashing: every member scores each key and the highest score
 * owns it, so membership changes move the minimum of keys. A lookup costs one mix per member:
 * meant for small clusters.
 *
 * <p>Id {@value #ID}, priority 10. No options. Member weights (tag {@code weight}, 1 to 100) scale
 * each member's share.
 */
public final class RendezvousRingProvider implements RingStrategyProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "rendezvous";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}; does nothing. */
    public RendezvousRingProvider() {
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
        return 10;
    }

    @Override
    public RingStrategy create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return RendezvousStrategy.INSTANCE;
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
