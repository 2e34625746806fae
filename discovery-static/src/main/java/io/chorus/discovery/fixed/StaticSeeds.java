package io.chorus.discovery.fixed;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.spi.Discovery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A fixed list of seeds, parsed and checked once. */
final class StaticSeeds implements Discovery {
    private final List<Address> seeds;

    StaticSeeds(List<Address> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    @Override
    public List<Address> discover() {
        return seeds;
    }

    @Override
    public String toString() {
        return "static seeds " + seeds;
    }

    /**
     * @param config the node's config
     * @return its seeds as addresses: in order, each once, without the node's own addresses
     * @throws InvalidConfigException naming the first malformed entry as {@code seeds[i]}
     */
    static List<Address> parse(ClusterConfig config) {
        Set<Address> self = selfAddresses(config);
        LinkedHashSet<Address> out = new LinkedHashSet<>();
        List<String> entries = config.seeds();
        for (int i = 0; i < entries.size(); i++) {
            Address a = parseEntry("seeds[" + i + "]", entries.get(i));
            if (!self.contains(a)) {
                out.add(a);
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * @param field the field to name in an error, as {@code seeds[2]}
     * @param entry {@code name@host:port} or {@code host:port}
     * @return the address, its host in lower case
     */
    static Address parseEntry(String field, String entry) {
        try {
            Address a = ClusterConfig.seedAddress(entry);
            return new Address(a.host().toLowerCase(Locale.ROOT), a.port());
        } catch (InvalidNodeIdException e) {
            throw new InvalidConfigException(field, "'" + entry + "'", e.getMessage());
        }
    }

    /** The addresses the node itself is reached at, as far as its config tells. */
    private static Set<Address> selfAddresses(ClusterConfig config) {
        Set<Address> self = new LinkedHashSet<>();
        if (config.bindPort() != 0) {
            self.add(new Address(config.bindHost().toLowerCase(Locale.ROOT), config.bindPort()));
        }
        int advertisePort = config.advertisePort() != 0 ? config.advertisePort() : config.bindPort();
        if (advertisePort != 0) {
            config.advertiseHost().ifPresent(h -> self.add(new Address(h.toLowerCase(Locale.ROOT), advertisePort)));
        }
        return self;
    }
}
