package io.chorus.api.spi;

import io.chorus.api.Stability;

/** Creates a {@link Discovery}. Every discovery provider present is used unless the config names some. */
@Stability(Stability.Level.STABLE)
public interface DiscoveryProvider extends Provider {
    /**
     * @param context config and options
     * @return the discovery
     */
    Discovery create(ProviderContext context);
}
