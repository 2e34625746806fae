package io.chorus.api.spi;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Stability;
import java.util.List;
import java.util.Objects;

/**
 * What the engine is assembled from.
 *
 * @param config the node's config
 * @param autoDiscovery whether to find providers with {@link java.util.ServiceLoader} as well
 * @param providers providers registered explicitly; they take part in selection like discovered ones
 * @param classLoader the class loader used for discovery
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record EngineContext(ClusterConfig config, boolean autoDiscovery, List<Provider> providers, ClassLoader classLoader) {
    /** Checks and copies the components. */
    public EngineContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(classLoader, "classLoader");
        providers = List.copyOf(providers);
    }
}
