package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import java.util.Objects;

/**
 * XXH64 with seed 0: the default hash function, the fastest of the three.
 *
 * <p>Id {@value #ID}, priority 30. No options. The function is stateless and shared: {@link #create}
 * returns the same instance every time.
 */
public final class XxHash64Provider implements HashFunctionProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "xxhash64";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}; does nothing. */
    public XxHash64Provider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public HashFunction create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return XxHash64.INSTANCE;
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
