package io.chorus.api.spi;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.Stability;
import java.util.Objects;

/**
 * What a transport gets to start. A final class built by {@link #of}, not a record, so that it can
 * gain what later work gives transports without breaking a provider that reads it or a test that
 * builds it.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class TransportContext {
    private final ClusterConfig config;
    private final Options options;
    private final TransportReceiver receiver;

    private TransportContext(ClusterConfig config, Options options, TransportReceiver receiver) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * @param config the node's config: bind and advertise addresses
     * @param options transport settings
     * @param receiver where received bytes go
     * @return the context
     */
    public static TransportContext of(ClusterConfig config, Options options, TransportReceiver receiver) {
        return new TransportContext(config, options, receiver);
    }

    /** @return the node's config: bind and advertise addresses */
    public ClusterConfig config() {
        return config;
    }

    /** @return transport settings; read with typed, range-checked accessors */
    public Options options() {
        return options;
    }

    /** @return where received bytes go */
    public TransportReceiver receiver() {
        return receiver;
    }

    @Override
    public String toString() {
        return "TransportContext[" + config.name() + ", " + options + "]";
    }
}
