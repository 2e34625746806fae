package io.chorus.discovery.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.ProviderContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider reads the config's seeds: forms, checks, duplicates and the node itself. */
class StaticSeedsTest {
    private static Discovery create(ClusterConfig.Builder b) {
        return new StaticDiscoveryProvider().create(ProviderContext.of(b.build()));
    }

    private static ClusterConfig.Builder config(String... seeds) {
        return ClusterConfig.builder("web-1").bind("10.0.0.1", 7946).seeds(List.of(seeds));
    }

    @Test
    void bothFormsGiveAddressesInOrder() {
        Discovery d = create(config("db-1@10.0.0.2:7946", "10.0.0.3:7000", "api@[fd00::4]:7946", " seed.example.org:7946 "));
        assertEquals(List.of(new Address("10.0.0.2", 7946), new Address("10.0.0.3", 7000),
                new Address("fd00::4", 7946), new Address("seed.example.org", 7946)), d.discover());
    }

    @Test
    void noSeedsGiveNoSeeds() {
        assertEquals(List.of(), create(config()).discover());
    }

    @Test
    void duplicatesAreKeptOnceInOrderOfFirstAppearance() {
        Discovery d = create(config("10.0.0.3:7946", "a@10.0.0.2:7946", "b@10.0.0.3:7946", "10.0.0.2:7946",
                "Seed.Example.org:7946", "seed.example.org:7946"));
        assertEquals(List.of(new Address("10.0.0.3", 7946), new Address("10.0.0.2", 7946),
                new Address("seed.example.org", 7946)), d.discover());
    }

    @Test
    void theNodesOwnBindAndAdvertisedAddressesAreRemoved() {
        ClusterConfig.Builder b = config("web-1@10.0.0.1:7946", "10.0.0.2:7946", "203.0.113.7:7946", "203.0.113.7:9000")
                .advertise("203.0.113.7", 9000);
        assertEquals(List.of(new Address("10.0.0.2", 7946), new Address("203.0.113.7", 7946)), create(b).discover());
    }

    @Test
    void theAdvertisedHostWithTheBindPortIsTheNodeToo() {
        ClusterConfig.Builder b = config("203.0.113.7:7946", "10.0.0.2:7946").advertise("203.0.113.7", 0);
        assertEquals(List.of(new Address("10.0.0.2", 7946)), create(b).discover());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.9", "10.0.0.9:0", "10.0.0.9:65536", "10.0.0.9:http", "1node@10.0.0.9:7946",
        "@10.0.0.9:7946", "fd00::9:7946", "[10.0.0.9]:7946", "bad_host:7946", "256.0.0.1:7946", "", "  "})
    void aMalformedEntryIsNamedWithItsIndexItsValueAndTheAllowedForm(String bad) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> create(config("10.0.0.2:7946", "a@10.0.0.3:7946", bad, "also-bad")));
        assertEquals("seeds[2]", e.field());
        assertEquals("'" + bad + "'", e.value());
        assertTrue(e.getMessage().contains("seeds[2] = '" + bad + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("name@host:port or host:port"), e.getMessage());
    }

    @Test
    void theMessageSaysWhatIsWrongWithTheEntry() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> create(config("10.0.0.9:99999")));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> create(config("10.0.0.9")));
        assertTrue(e.getMessage().contains("no port"), e.getMessage());
    }

    @Test
    void aFixedListIsNotReReadPeriodically() {
        assertEquals(Optional.<Duration>empty(), create(config("10.0.0.2:7946")).refreshInterval());
    }

    @Test
    void theProviderIsNamedStatic() {
        StaticDiscoveryProvider p = new StaticDiscoveryProvider();
        assertEquals("static", p.id());
        assertEquals(10, p.priority());
    }
}
