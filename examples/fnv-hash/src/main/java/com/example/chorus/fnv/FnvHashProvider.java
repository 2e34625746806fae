package com.example.chorus.fnv;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import java.util.Objects;

/** Provides FNV-1a (64 bits) under the id {@code fnv1a}. */
public final class FnvHashProvider implements HashFunctionProvider {
    /** For ServiceLoader: no work here. */
    public FnvHashProvider() {
    }

    @Override
    public String id() {
        return "fnv1a";
    }

    /** The api this was built for: the compiler copies the constant in, so a newer api still sees the one compiled against. */
    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public HashFunction create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return new Fnv1a();
    }
}
