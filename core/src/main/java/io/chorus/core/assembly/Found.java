package io.chorus.core.assembly;

import io.chorus.api.spi.Provider;
import java.util.Objects;

/**
 * A provider found by a {@link ProviderSource}, with where it came from.
 *
 * @param provider the provider instance
 * @param origin where its class lives, as {@code module x.y} or {@code class path LOCATION}
 * @param <P> the provider kind
 */
record Found<P extends Provider>(P provider, String origin) {
    /** Checks the components. */
    Found {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(origin, "origin");
    }
}
