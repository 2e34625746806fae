package io.chorus.api.spi;

/** Creates a {@link RingStrategy}. */
public interface RingStrategyProvider extends Provider {
    /**
     * @param context config and options
     * @return the strategy
     */
    RingStrategy create(ProviderContext context);
}
