package io.chorus.discovery.dns;

import io.chorus.api.Address;
import io.chorus.api.ApiVersion;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Option;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.ProviderContext;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * DNS discovery, id {@code dns}, priority 20: seeds from the A/AAAA records of
 * {@code discovery.dns.name} (with the port of {@code discovery.dns.port}), or from its SRV records
 * when the name starts with {@code _} (port and target from each record, in RFC 2782 order),
 * looked up again before each join retry and every {@code discovery.dns.interval}. Without a name
 * it is inactive: no seeds, no error. The options, defaults and ranges are in the
 * {@code io.chorus.discovery.dns} module documentation.
 */
public final class DnsDiscoveryProvider implements DiscoveryProvider {
    /** The id that selects this provider. */
    static final String ID = "dns";
    /** The priority; every discovery provider present is used unless the config names some. */
    static final int PRIORITY = 20;

    /** Creates the provider; does nothing else: no lookup happens until a seed is asked for. */
    public DnsDiscoveryProvider() {
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

    /** @return the name, the server, the port, and the lookup timings */
    @Override
    public List<Option<?>> options() {
        return DnsSettings.OPTIONS;
    }

    /**
     * Reads and checks the options; looks nothing up yet.
     *
     * @param context the node's config and options
     * @return the discovery
     * @throws io.chorus.api.InvalidConfigException naming the option, its value and what is allowed
     */
    @Override
    public Discovery create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        DnsSettings settings = DnsSettings.read(context.config(), context.options());
        DnsResolver resolver = settings.name().isPresent() ? new DnsResolver(settings, new SecureRandom()) : null;
        return new DnsDiscovery(settings, resolver, self(context.config()));
    }

    private static Set<Address> self(ClusterConfig config) {
        Set<Address> self = new HashSet<>();
        if (config.bindPort() != 0) {
            self.add(new Address(config.bindHost().toLowerCase(Locale.ROOT), config.bindPort()));
        }
        int port = config.advertisePort() != 0 ? config.advertisePort() : config.bindPort();
        if (port != 0) {
            config.advertiseHost().ifPresent(h -> self.add(new Address(h.toLowerCase(Locale.ROOT), port)));
        }
        return self;
    }
}
