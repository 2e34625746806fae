package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JoinTimeoutException}: the message lists every seed tried, and why discovery found none. */
class JoinTimeoutExceptionTest {

    @Test
    void messageListsTheSeedsInOrder() {
        List<Address> seeds = List.of(Address.parse("10.0.0.1:7946"), Address.parse("[::1]:7947"),
                Address.parse("seed.example.com:7946"));
        JoinTimeoutException e = new JoinTimeoutException(seeds, Duration.ofSeconds(10));
        assertEquals("join timed out after 10000 ms: no seed answered; tried "
                + "[10.0.0.1:7946, [::1]:7947, seed.example.com:7946]", e.getMessage());
        assertEquals(seeds, e.seedsTried());
        assertEquals(Duration.ofSeconds(10), e.timeout());
    }

    @Test
    void messageSaysWhenDiscoveryFoundNoSeeds() {
        JoinTimeoutException e = new JoinTimeoutException(List.of(), Duration.ofMillis(500));
        assertEquals("join timed out after 500 ms: no seed answered; tried no seeds (discovery found none)",
                e.getMessage());
        assertEquals(List.of(), e.seedsTried());
    }

    @Test
    void messageNamesEachFailedDiscoverySourceAndItsLastError() {
        java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
        failures.put("dns", "_chorus._udp.example.org: NXDOMAIN from 10.0.0.2:53");
        failures.put("file", "seeds file /etc/chorus/seeds does not exist");
        JoinTimeoutException e = new JoinTimeoutException(List.of(), Duration.ofMillis(500), failures);
        assertEquals("join timed out after 500 ms: no seed answered; tried no seeds (discovery found none); discovery "
                + "failed: dns: _chorus._udp.example.org: NXDOMAIN from 10.0.0.2:53; file: seeds file /etc/chorus/seeds "
                + "does not exist", e.getMessage());
        assertEquals(List.of("dns", "file"), List.copyOf(e.discoveryFailures().keySet()), "in the order given");
        assertEquals(java.util.Map.of(), new JoinTimeoutException(List.of(), Duration.ofMillis(1)).discoveryFailures());
    }

    @Test
    void seedsAreCopied() {
        List<Address> seeds = new ArrayList<>(List.of(Address.parse("h:1")));
        JoinTimeoutException e = new JoinTimeoutException(seeds, Duration.ofSeconds(1));
        seeds.add(Address.parse("h:2"));
        assertEquals(List.of(Address.parse("h:1")), e.seedsTried());
        assertThrows(UnsupportedOperationException.class, () -> e.seedsTried().add(Address.parse("h:3")));
    }
}
