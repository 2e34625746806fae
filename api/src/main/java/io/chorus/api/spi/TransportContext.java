package io.chorus.api.spi;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.Stability;
import java.util.Objects;

/**
 * What a transport gets to start.
 *
 * @param config the node's config: bind and advertise addresses
 * @param options transport settings
 * @param receiver where received bytes go
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record TransportContext(ClusterConfig config, Options options, TransportReceiver receiver) {
    /** Checks the components. */
    public TransportContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * @param config the node's config
     * @param options transport settings
     * @param receiver where received bytes go
     * @return the context
     */
    public static TransportContext of(ClusterConfig config, Options options, TransportReceiver receiver) {
        return new TransportContext(config, options, receiver);
    }
}
