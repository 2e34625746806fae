package io.chorus.api.spi;

/** Creates a {@link Discovery}. Every discovery provider present is used unless the config names some. */
public interface DiscoveryProvider extends Provider {
    /**
     * @param context config and options
     * @return the discovery
     */
    Discovery create(ProviderContext context);
}
