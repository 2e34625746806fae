package io.chorus.discovery.dns;

import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.testkit.DiscoveryContract;
import io.chorus.testkit.Dnsmasq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dns} discovery keeps the discovery contract of the provider test kit, against a real
 * dnsmasq serving SRV records (one target listed twice, the node itself among them). Where dnsmasq
 * is missing the checks that resolve are skipped, naming the install command; the others run.
 */
class DnsDiscoveryContractTest extends DiscoveryContract {
    private static final String SRV = "_chorus._udp.chorus.test";

    @TempDir
    Path dir;
    private Dnsmasq dns;

    @AfterEach
    void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @Override
    protected DiscoveryProvider provider() {
        return new DnsDiscoveryProvider();
    }

    @Override
    protected ProviderContext context() {
        if (dns == null) {
            try {
                dns = Dnsmasq.start(dir, "host-record=a.chorus.test,10.8.0.1", "host-record=b.chorus.test,10.8.0.2,fd00::8",
                        "host-record=me.chorus.test,127.0.0.1",
                        "srv-host=" + SRV + ",a.chorus.test,7946,10,10",
                        "srv-host=" + SRV + ",b.chorus.test,7946,10,10",
                        "srv-host=" + SRV + ",a.chorus.test,7946,20,10",
                        "srv-host=" + SRV + ",me.chorus.test,7946,10,10");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ProviderContext.of(ClusterConfig.builder("web-1").bind("127.0.0.1", 7946)
                .option("discovery.dns.name", SRV).option("discovery.dns.server", dns.server()).build());
    }
}
