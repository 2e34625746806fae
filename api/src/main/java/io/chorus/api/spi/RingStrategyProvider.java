package io.chorus.api.spi;

import io.chorus.api.Stability;

/** Creates a {@link RingStrategy}. */
@Stability(Stability.Level.STABLE)
public interface RingStrategyProvider extends Provider {
    /**
     * @param context config and options
     * @return the strategy
     */
    RingStrategy create(ProviderContext context);
}
