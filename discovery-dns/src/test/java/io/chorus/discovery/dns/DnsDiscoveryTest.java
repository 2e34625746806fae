package io.chorus.discovery.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.ProviderContext;
import io.chorus.testkit.Dnsmasq;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider against a real dnsmasq: A/AAAA, SRV, changed records, and every way a lookup fails. */
class DnsDiscoveryTest {
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

    private static Discovery discovery(int bindPort, Map<String, String> options) {
        ClusterConfig.Builder b = ClusterConfig.builder("web-1").bind("127.0.0.1", bindPort);
        options.forEach(b::option);
        return new DnsDiscoveryProvider().create(ProviderContext.of(b.build()));
    }

    private Discovery discovery(String name) {
        return discovery(7946, Map.of("discovery.dns.name", name, "discovery.dns.server", dns.server()));
    }

    @Test
    void aAndAaaaAnswersGetTheConfiguredPort() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=nodes.chorus.test,10.1.0.1,fd00::1", "host-record=nodes.chorus.test,10.1.0.2");
        Discovery d = discovery(7946, Map.of("discovery.dns.name", "nodes.chorus.test", "discovery.dns.server", dns.server(),
                "discovery.dns.port", "7100"));

        List<Address> seeds = d.discover();

        assertEquals(Set.of(new Address("10.1.0.1", 7100), new Address("10.1.0.2", 7100), new Address("fd00::1", 7100)),
                Set.copyOf(seeds));
        assertEquals(3, seeds.size());
        assertEquals(Optional.of(Duration.ofSeconds(30)), d.refreshInterval());
    }

    @Test
    void anARecordsPortDefaultsToTheBindPortAndATrailingDotIsFine() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=one.chorus.test,10.1.0.7");
        assertEquals(List.of(new Address("10.1.0.7", 7946)), discovery("one.chorus.test.").discover());
    }

    @Test
    void anAaaaOnlyNameGivesItsIpv6Addresses() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=six.chorus.test,fd00::6");
        assertEquals(List.of(new Address("fd00::6", 7946)), discovery("six.chorus.test").discover());
    }

    @Test
    void srvRecordsGiveTargetsAndPortsLowestPriorityFirst() throws IOException {
        dns = Dnsmasq.start(dir,
                "host-record=a.chorus.test,10.2.0.1", "host-record=b.chorus.test,10.2.0.2,fd00::2",
                "host-record=c.chorus.test,10.2.0.3",
                "srv-host=" + SRV + ",b.chorus.test,7002,20,10",
                "srv-host=" + SRV + ",c.chorus.test,7003,30,10",
                "srv-host=" + SRV + ",a.chorus.test,7001,10,10");

        List<Address> seeds = discovery(SRV).discover();

        assertEquals(List.of(new Address("10.2.0.1", 7001), new Address("10.2.0.2", 7002), new Address("fd00::2", 7002),
                new Address("10.2.0.3", 7003)), seeds);
    }

    @Test
    void withinOnePriorityTheHeavierTargetComesFirstMostOften() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=heavy.chorus.test,10.3.0.1", "host-record=light.chorus.test,10.3.0.2",
                "srv-host=" + SRV + ",heavy.chorus.test,7001,5,90",
                "srv-host=" + SRV + ",light.chorus.test,7002,5,10");
        Discovery d = discovery(SRV);
        int heavyFirst = 0;
        int rounds = 60;
        for (int i = 0; i < rounds; i++) {
            List<Address> seeds = d.discover();
            assertEquals(2, seeds.size());
            if (seeds.get(0).equals(new Address("10.3.0.1", 7001))) {
                heavyFirst++;
            }
        }
        // weight 90 of 100: first with probability ~0.9; fewer than 30 of 60 has a chance below 1e-15
        assertTrue(heavyFirst >= 30, "heavy first " + heavyFirst + " of " + rounds);
    }

    @Test
    void recordsChangedBetweenTwoResolutionsAreFollowed() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=old.chorus.test,10.4.0.1", "srv-host=" + SRV + ",old.chorus.test,7001,1,1");
        Discovery d = discovery(SRV);
        assertEquals(List.of(new Address("10.4.0.1", 7001)), d.discover());

        dns.serve("host-record=new.chorus.test,10.4.0.2", "srv-host=" + SRV + ",new.chorus.test,7002,1,1");

        assertEquals(List.of(new Address("10.4.0.2", 7002)), d.discover());
    }

    @Test
    void theNodesOwnAddressAndDuplicatesAreRemoved() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=me.chorus.test,127.0.0.1", "host-record=peer.chorus.test,10.5.0.2",
                "srv-host=" + SRV + ",me.chorus.test,7946,1,1",
                "srv-host=" + SRV + ",peer.chorus.test,7946,1,1",
                "srv-host=" + SRV + ",peer.chorus.test,7946,2,1");
        assertEquals(List.of(new Address("10.5.0.2", 7946)), discovery(SRV).discover());
    }

    @Test
    void aTargetWithoutAddressesIsSkippedWhileAnotherAnswers() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=up.chorus.test,10.6.0.1",
                "srv-host=" + SRV + ",gone.chorus.test,7001,1,1", "srv-host=" + SRV + ",up.chorus.test,7002,2,1");
        assertEquals(List.of(new Address("10.6.0.1", 7002)), discovery(SRV).discover());
    }

    @Test
    void anUnknownNameFailsNamingTheNameTheServerAndNxdomain() throws IOException {
        dns = Dnsmasq.start(dir, "host-record=known.chorus.test,10.7.0.1");
        for (String name : List.of("unknown.chorus.test", "_unknown._udp.chorus.test")) {
            ChorusException e = assertThrows(ChorusException.class, () -> discovery(name).discover());
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains(dns.server())
                    && e.getMessage().contains("NXDOMAIN"), e.getMessage());
        }
    }

    @Test
    void aServerNobodyListensOnFailsClearlyAndFast() throws IOException {
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Discovery d = discovery(7946, Map.of("discovery.dns.name", "nodes.chorus.test",
                "discovery.dns.server", "127.0.0.1:" + closed, "discovery.dns.timeout", "300ms", "discovery.dns.retries", "1"));
        long start = System.nanoTime();

        ChorusException e = assertThrows(ChorusException.class, d::discover);

        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("nodes.chorus.test") && e.getMessage().contains("127.0.0.1:" + closed)
                && e.getMessage().contains("unreachable"), e.getMessage());
        assertTrue(ms < 600 + 5_000, "took " + ms + " ms; the bound is timeout x (1 + retries) = 600 ms");
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTimeoutTimesAttempts() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            Discovery d = discovery(7946, Map.of("discovery.dns.name", SRV,
                    "discovery.dns.server", "127.0.0.1:" + silent.getLocalPort(),
                    "discovery.dns.timeout", "200ms", "discovery.dns.retries", "2"));
            long start = System.nanoTime();

            ChorusException e = assertThrows(ChorusException.class, d::discover);

            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains(SRV) && e.getMessage().contains("127.0.0.1:" + silent.getLocalPort())
                    && e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(ms >= 150, "gave up after " + ms + " ms, before one timeout");
            assertTrue(ms < 600 + 5_000, "took " + ms + " ms; the bound is timeout x (1 + retries) = 600 ms");
        }
    }

    @Test
    void withoutANameTheProviderIsInactive() {
        Discovery d = discovery(7946, Map.of("discovery.dns.server", "127.0.0.1:1"));
        assertEquals(List.of(), d.discover());
        assertEquals(Optional.empty(), d.refreshInterval());
        assertTrue(d.toString().contains("inactive"), d.toString());
    }

    @Test
    void theProviderIsNamedDns() {
        DnsDiscoveryProvider p = new DnsDiscoveryProvider();
        assertEquals("dns", p.id());
        assertEquals(20, p.priority());
    }
}
