package io.chorus.discovery.dns;

import io.chorus.api.Address;
import io.chorus.api.spi.Discovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Seeds from DNS: inactive without a name; else the name's records, looked up on every call. */
final class DnsDiscovery implements Discovery {
    private final DnsSettings settings;
    private final DnsResolver resolver;
    private final Set<Address> self;

    DnsDiscovery(DnsSettings settings, DnsResolver resolver, Set<Address> self) {
        this.settings = settings;
        this.resolver = resolver;
        this.self = Set.copyOf(self);
    }

    @Override
    public List<Address> discover() {
        if (resolver == null) {
            return List.of();
        }
        List<Address> out = new ArrayList<>();
        for (Address a : resolver.resolve()) {
            if (!self.contains(a)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<Duration> refreshInterval() {
        return resolver == null ? Optional.empty() : Optional.of(settings.interval());
    }

    @Override
    public String toString() {
        return settings.name().map(n -> "dns " + (settings.srv() ? "SRV " : "A/AAAA ") + n + " at " + settings.serverText())
                .orElse("dns (inactive: no " + DnsSettings.NAME.key() + ")");
    }
}
