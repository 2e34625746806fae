package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import java.util.Objects;

/**
 * MurmurHash3 x64 128-bit with seed 0, its low 64 bits (the first eight bytes of the reference output, little-endian).
 *
 * <p>Id {@value #ID}, priority 20. No options. The function is stateless and shared: {@link #create}
 * returns the same instance every time.
 */
public final class Murmur3Provider implements HashFunctionProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "murmur3";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}; does nothing. */
    public Murmur3Provider() {
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
        return 20;
    }

    @Override
    public HashFunction create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return Murmur3.INSTANCE;
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
