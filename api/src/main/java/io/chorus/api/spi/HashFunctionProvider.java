package io.chorus.api.spi;

/** Creates a {@link HashFunction}. */
public interface HashFunctionProvider extends Provider {
    /**
     * @param context config and options
     * @return the hash function
     */
    HashFunction create(ProviderContext context);
}
