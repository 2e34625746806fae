package io.chorus.discovery.fixed;

import io.chorus.api.ApiVersion;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.ProviderContext;
import java.util.Objects;

/**
 * Static discovery, id {@code static}, priority 10: the seeds written in the config
 * ({@code ClusterConfig.seeds()}), as {@code name@host:port} or {@code host:port}. Each entry is
 * checked in {@link #create}; duplicates and the node's own address are removed. The rules are in
 * the {@code io.chorus.discovery.fixed} module documentation.
 */
public final class StaticDiscoveryProvider implements DiscoveryProvider {
    /** The id that selects this provider. */
    static final String ID = "static";
    /** The priority; every discovery provider present is used unless the config names some. */
    static final int PRIORITY = 10;

    /** Creates the provider; does nothing else. */
    public StaticDiscoveryProvider() {
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
        return PRIORITY;
    }

    /**
     * Parses and checks every seed.
     *
     * @param context the node's config
     * @return the discovery, which always answers the same list
     * @throws io.chorus.api.InvalidConfigException naming the first malformed entry as {@code seeds[i]}
     */
    @Override
    public Discovery create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return new StaticSeeds(StaticSeeds.parse(context.config()));
    }
}
