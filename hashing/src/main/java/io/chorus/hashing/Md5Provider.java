package io.chorus.hashing;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import java.util.Objects;

/**
 * The first eight bytes of MD5, little-endian, for rings that must agree with ketama: bits 0 to 31 are ketama's first point of the digest, bits 32 to 63 its second. Computed without allocating, slower than the others.
 *
 * <p>Id {@value #ID}, priority 10. No options. The function is stateless and shared: {@link #create}
 * returns the same instance every time.
 */
public final class Md5Provider implements HashFunctionProvider {
    /** The provider id, the value that selects it in the config. */
    public static final String ID = "md5";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}; does nothing. */
    public Md5Provider() {
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
        return 10;
    }

    @Override
    public HashFunction create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return Md5.INSTANCE;
    }

    @Override
    public String toString() {
        return ID + " (priority " + priority() + ")";
    }
}
