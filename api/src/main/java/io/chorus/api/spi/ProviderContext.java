package io.chorus.api.spi;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.Stability;
import java.util.Objects;

/**
 * What a provider gets to build its component.
 *
 * @param config the node's config
 * @param options the provider settings ({@code config.options()}); read with typed, range-checked accessors
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record ProviderContext(ClusterConfig config, Options options) {
    /** Checks the components. */
    public ProviderContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
    }

    /**
     * @param config the node's config
     * @return a context with the config's own options
     */
    public static ProviderContext of(ClusterConfig config) {
        return new ProviderContext(config, config.options());
    }

    /**
     * @param config the node's config
     * @param options the provider settings
     * @return the context
     */
    public static ProviderContext of(ClusterConfig config, Options options) {
        return new ProviderContext(config, options);
    }
}
