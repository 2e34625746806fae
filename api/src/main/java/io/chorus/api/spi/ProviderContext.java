package io.chorus.api.spi;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.Stability;
import java.util.Objects;

/**
 * What a provider gets to build its component. A final class built by {@link #of}, not a record,
 * so that it can gain what later work gives providers without breaking a provider that reads it
 * or a test that builds it.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ProviderContext {
    private final ClusterConfig config;
    private final Options options;

    private ProviderContext(ClusterConfig config, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param config the node's config
     * @return a context with the config's own options
     */
    public static ProviderContext of(ClusterConfig config) {
        return new ProviderContext(config, Objects.requireNonNull(config, "config").options());
    }

    /**
     * @param config the node's config
     * @param options the provider settings
     * @return the context
     */
    public static ProviderContext of(ClusterConfig config, Options options) {
        return new ProviderContext(config, options);
    }

    /** @return the node's config */
    public ClusterConfig config() {
        return config;
    }

    /** @return the provider settings ({@code config.options()} unless given); read with typed, range-checked accessors */
    public Options options() {
        return options;
    }

    @Override
    public String toString() {
        return "ProviderContext[" + config.name() + ", " + options + "]";
    }
}
