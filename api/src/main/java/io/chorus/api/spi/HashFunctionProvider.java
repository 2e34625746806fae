package io.chorus.api.spi;

import io.chorus.api.Stability;

/** Creates a {@link HashFunction}. */
@Stability(Stability.Level.STABLE)
public interface HashFunctionProvider extends Provider {
    /**
     * @param context config and options
     * @return the hash function
     */
    HashFunction create(ProviderContext context);
}
