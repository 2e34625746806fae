package io.chorus.discovery.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options: defaults, forms, ranges, and messages that name the key, the value and what is allowed. */
class DnsSettingsTest {
    private static final ClusterConfig CONFIG = ClusterConfig.builder("web-1").bind("0.0.0.0", 7946).build();

    private static DnsSettings read(Map<String, String> options) {
        return DnsSettings.read(CONFIG, Options.of(options));
    }

    @Test
    void defaults() {
        DnsSettings s = read(Map.of());
        assertEquals(Optional.empty(), s.name());
        assertEquals(Optional.empty(), s.server());
        assertEquals("the system resolver", s.serverText());
        assertEquals(7946, s.port());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals(2, s.retries());
        assertEquals(Duration.ofSeconds(30), s.interval());
        assertEquals(Duration.ofSeconds(6), s.budget());
    }

    @Test
    void everyOptionIsRead() {
        DnsSettings s = read(Map.of("discovery.dns.name", "_chorus._udp.svc.cluster.local.",
                "discovery.dns.server", "[fd00::53]:5353", "discovery.dns.port", "7000",
                "discovery.dns.timeout", "500ms", "discovery.dns.retries", "0", "discovery.dns.interval", "1m"));
        assertEquals(Optional.of("_chorus._udp.svc.cluster.local"), s.name());
        assertTrue(s.srv());
        assertEquals(Optional.of(new Address("fd00::53", 5353)), s.server());
        assertEquals(new DnsSettings(s.name(), s.server(), 7000, Duration.ofMillis(500), 0, Duration.ofMinutes(1)), s);
    }

    @Test
    void aServerWithoutAPortIsPort53() {
        assertEquals(new Address("10.0.0.2", 53), read(Map.of("discovery.dns.server", "10.0.0.2")).server().orElseThrow());
        assertEquals(new Address("fd00::2", 53), read(Map.of("discovery.dns.server", "[fd00::2]")).server().orElseThrow());
    }

    @Test
    void anARecordNameOnANodeBindingPortZeroNeedsThePort() {
        ClusterConfig anyPort = ClusterConfig.builder("web-1").bind("127.0.0.1", 0).build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DnsSettings.read(anyPort, Options.of(Map.of("discovery.dns.name", "nodes.example.org"))));
        assertEquals("discovery.dns.port", e.field());
        assertEquals(0, DnsSettings.read(anyPort, Options.of(Map.of("discovery.dns.name", "_c._udp.example.org"))).port(),
                "an SRV name needs no port");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "discovery.dns.name|bad name.example.org|a DNS name",
        "discovery.dns.name|a..example.org|a DNS name",
        "discovery.dns.name|-a.example.org|a DNS name",
        "discovery.dns.server|10.0.0.2:99999|HOST:PORT",
        "discovery.dns.server|not a host:53|HOST:PORT",
        "discovery.dns.port|0|1 to 65535",
        "discovery.dns.port|http|1 to 65535",
        "discovery.dns.timeout|5ms|10ms to 1m",
        "discovery.dns.timeout|soon|a duration",
        "discovery.dns.retries|11|0 to 10",
        "discovery.dns.retries|-1|0 to 10",
        "discovery.dns.interval|50ms|100ms to 24h",
    })
    void aBadValueNamesTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(key, value)));
        assertEquals(key, e.field());
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value) && e.getMessage().contains(allowed),
                e.getMessage());
    }
}
