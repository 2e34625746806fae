package io.chorus.discovery.fixed;

import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.testkit.DiscoveryContract;
import java.util.List;

/** The {@code static} discovery keeps the discovery contract of the provider test kit. */
class StaticDiscoveryContractTest extends DiscoveryContract {
    @Override
    protected DiscoveryProvider provider() {
        return new StaticDiscoveryProvider();
    }

    /** Seeds in both forms, one listed twice, and the node itself among them. */
    @Override
    protected ProviderContext context() {
        return ProviderContext.of(ClusterConfig.builder("web-1").bind("10.0.0.1", 7946)
                .seeds(List.of("db-1@10.0.0.2:7946", "10.0.0.3:7000", "10.0.0.2:7946", "web-1@10.0.0.1:7946")).build());
    }
}
