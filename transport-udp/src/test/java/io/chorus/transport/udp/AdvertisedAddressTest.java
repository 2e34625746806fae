package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.testkit.Await;
import io.chorus.testkit.RecordingReceiver;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The address others should dial: advertise settings, bind hosts, and the wildcard rule. */
class AdvertisedAddressTest {
    private final Fixture fixture = new Fixture();

    @AfterEach
    void closeTransports() {
        fixture.close();
    }

    private static List<InetAddress> ips(String... literals) throws UnknownHostException {
        List<InetAddress> out = new ArrayList<>();
        for (String s : literals) {
            out.add(InetAddress.getByName(s));
        }
        return out;
    }

    /** @return the port the transport really sends from, as a raw socket sees it */
    private static int sourcePortSeenByPeer(UdpTransport t) throws Exception {
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            raw.setSoTimeout((int) Await.DEFAULT_DEADLINE.toMillis());
            t.sendPacket(new Address("127.0.0.1", raw.getLocalPort()), new byte[] {7}, 0, 1);
            DatagramPacket p = new DatagramPacket(new byte[16], 16);
            raw.receive(p);
            return p.getPort();
        }
    }

    @Test
    void advertiseHostAndPortAreUsedAsGiven() {
        ClusterConfig config = ClusterConfig.builder("node").bind("127.0.0.1", 0).advertise("10.1.2.3", 9999).build();

        UdpTransport t = fixture.open(config, Options.empty(), new RecordingReceiver());

        assertEquals(new Address("10.1.2.3", 9999), t.localAddress());
    }

    @Test
    void advertisePortZeroMeansTheBoundPort() throws Exception {
        ClusterConfig config = ClusterConfig.builder("node").bind("127.0.0.1", 0).advertise("node-1.example", 0).build();

        UdpTransport t = fixture.open(config, Options.empty(), new RecordingReceiver());

        assertEquals("node-1.example", t.localAddress().host());
        assertEquals(sourcePortSeenByPeer(t), t.localAddress().port());
    }

    @Test
    void withoutAdvertiseTheBindHostAndBoundPortAreUsed() throws Exception {
        UdpTransport t = fixture.open("127.0.0.1", new RecordingReceiver());

        assertEquals("127.0.0.1", t.localAddress().host());
        assertEquals(sourcePortSeenByPeer(t), t.localAddress().port());
    }

    @Test
    void anIpv6BindHostIsWrittenCanonically() {
        assumeTrue(Fixture.ipv6LoopbackAvailable(), "IPv6 loopback ::1 is not available on this machine");

        UdpTransport t = fixture.open("0:0:0:0:0:0:0:1", new RecordingReceiver());

        assertEquals("::1", t.localAddress().host());
    }

    @Test
    void aBindHostnameIsKeptAsWritten() {
        UdpTransport t = fixture.open("localhost", new RecordingReceiver());

        assertEquals("localhost", t.localAddress().host());
    }

    @Test
    void aWildcardBindAdvertisesAnAddressOfThisMachineThatPeersReach() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport b = fixture.open("0.0.0.0", rb);
        String host = b.localAddress().host();
        Set<String> mine = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .map(Addresses::hostText)
                .collect(Collectors.toSet());
        assertNotEquals("0.0.0.0", host);
        assertTrue(Addresses.isLiteral(host) && host.indexOf(':') < 0, "an IPv4 address for 0.0.0.0: " + host);
        assertTrue(mine.contains(host) || host.equals(AdvertisedAddress.FALLBACK_HOST), host + " is not in " + mine);

        UdpTransport a = fixture.open(host, new RecordingReceiver());
        a.sendPacket(b.localAddress(), new byte[] {42}, 0, 1);

        assertArrayEquals(new byte[] {42}, rb.next().data());
    }

    @Test
    void anIpv6WildcardBindAdvertisesAnAddressOfThisMachine() throws Exception {
        assumeTrue(Fixture.ipv6LoopbackAvailable(), "IPv6 is not available on this machine");

        UdpTransport b = fixture.open("::", new RecordingReceiver());

        String host = b.localAddress().host();
        Set<String> mine = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .map(Addresses::hostText)
                .collect(Collectors.toSet());
        assertTrue(mine.contains(host) || host.equals(AdvertisedAddress.FALLBACK_HOST), host + " is not in " + mine);
    }

    @Test
    void theRulePrefersSiteLocalThenIpv4AndKeepsInterfaceOrder() throws Exception {
        assertEquals("192.168.1.5", AdvertisedAddress.choose(ips("203.0.113.9", "192.168.1.5", "10.0.0.1"), true));
        assertEquals("10.0.0.1", AdvertisedAddress.choose(ips("fec0::1", "10.0.0.1"), false));
        assertEquals("fec0::1", AdvertisedAddress.choose(ips("2001:db8::1", "fec0::1"), false));
        assertEquals("203.0.113.9", AdvertisedAddress.choose(ips("2001:db8::1", "203.0.113.9"), false));
        assertEquals("2001:db8::1", AdvertisedAddress.choose(ips("2001:db8::1"), false));
    }

    @Test
    void theRuleSkipsLoopbackLinkLocalMulticastAndWildcard() throws Exception {
        List<InetAddress> unusable = ips("127.0.0.2", "::1", "169.254.1.1", "fe80::1", "224.0.0.1", "0.0.0.0", "::");
        assertEquals("127.0.0.1", AdvertisedAddress.choose(unusable, false));
        assertEquals("127.0.0.1", AdvertisedAddress.choose(List.of(), false));
        assertEquals("127.0.0.1", AdvertisedAddress.choose(ips("fd00::2", "2001:db8::1"), true),
                "0.0.0.0 never advertises IPv6");
    }
}
