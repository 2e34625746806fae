package io.chorus.transport.tcp;

import static io.chorus.transport.tcp.Transports.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.testkit.RecordingReceiver;
import io.chorus.testkit.RecordingReceiver.Kind;
import io.chorus.testkit.RecordingReceiver.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real transports on loopback: delivery, order, pooling, addresses and life cycle. */
class TcpTransportTest {
    private static final int BIG = 4 * 1024 * 1024;

    private final Transports transports = new Transports();

    @AfterEach
    void closeAll() throws IOException {
        transports.close();
    }

    @Test
    void packetsAndFramesArriveInOrderBothWaysIncludingA4MiBFrame() {
        RecordingReceiver ra = new RecordingReceiver();
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport a = transports.open(ra);
        TcpTransport b = transports.open(rb);

        exchange(a, b, rb, 1);
        exchange(b, a, ra, 2);
    }

    /** Sends 201 interleaved packets and frames, the 4 MiB frame in the middle, reusing one buffer. */
    private static void exchange(TcpTransport from, TcpTransport to, RecordingReceiver at, int seed) {
        byte[] big = new byte[BIG];
        new Random(seed).nextBytes(big);
        byte[] buffer = new byte[1000];
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                from.sendFrame(to.localAddress(), big, 0, big.length);
            }
            byte[] p = payload(seed * 1000 + i, i % 2 == 0 ? 100 : 1000);
            System.arraycopy(p, 0, buffer, 0, p.length);
            if (i % 2 == 0) {
                from.sendPacket(to.localAddress(), buffer, 0, p.length);
            } else {
                from.sendFrame(to.localAddress(), buffer, 0, p.length);
            }
        }
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                Message m = at.next();
                assertEquals(Kind.FRAME, m.kind());
                assertArrayEquals(big, m.data(), "the 4 MiB frame");
            }
            Message m = at.next();
            assertEquals(i % 2 == 0 ? Kind.PACKET : Kind.FRAME, m.kind(), "message " + i);
            assertArrayEquals(payload(seed * 1000 + i, i % 2 == 0 ? 100 : 1000), m.data(), "message " + i);
            assertEquals(Transports.LOOPBACK, m.from().host());
        }
        assertTrue(at.failures().isEmpty(), () -> "failures: " + at.failures());
        assertTrue(at.dropped().isEmpty(), () -> "dropped: " + at.dropped());
    }

    @Test
    void oneConnectionPerDestinationCarriesEverySend() {
        RecordingReceiver ra = new RecordingReceiver();
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport a = transports.open(ra);
        TcpTransport b = transports.open(rb);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50; i++) {
                a.sendFrame(b.localAddress(), payload(i, 10), 0, 10);
                a.sendPacket(b.localAddress(), payload(i, 10), 0, 10);
            }
            for (int i = 0; i < 100; i++) {
                rb.next();
            }
            b.sendFrame(a.localAddress(), payload(round, 10), 0, 10);
            ra.next();
        }

        assertEquals(1, a.dialCount(), "dials from a");
        assertEquals(1, b.acceptCount(), "connections accepted by b");
        assertEquals(1, b.dialCount(), "dials from b");
        assertEquals(1, a.acceptCount(), "connections accepted by a");
    }

    @Test
    void theSenderOfAnInboundMessageIsTheRemoteSocketAddress() {
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport a = transports.open(new RecordingReceiver());
        TcpTransport b = transports.open(rb);

        a.sendFrame(b.localAddress(), new byte[] {1}, 0, 1);

        Address from = rb.next().from();
        assertEquals(Transports.LOOPBACK, from.host());
        assertNotEquals(a.localAddress().port(), from.port(), "an accepted connection comes from an ephemeral port");
    }

    @Test
    void worksOverIpv6Loopback() {
        assumeTrue(ipv6LoopbackWorks(), "IPv6 loopback ::1 is not available on this machine");
        RecordingReceiver ra = new RecordingReceiver();
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport a = transports.open(ra, "::1", 0, Map.of());
        TcpTransport b = transports.open(rb, "::1", 0, Map.of());
        assertEquals("::1", b.localAddress().host());

        a.sendPacket(b.localAddress(), payload(1, 50), 0, 50);
        a.sendFrame(b.localAddress(), payload(2, 5000), 0, 5000);
        b.sendFrame(a.localAddress(), payload(3, 7), 0, 7);

        assertArrayEquals(payload(1, 50), rb.next().data());
        Message frame = rb.next();
        assertArrayEquals(payload(2, 5000), frame.data());
        assertTrue(frame.from().host().contains(":"), () -> "an IPv6 sender: " + frame.from());
        assertArrayEquals(payload(3, 7), ra.next().data());
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void advertisesTheBindHostAndTheBoundPort() {
        TcpTransport t = transports.open(new RecordingReceiver());
        assertEquals(Transports.LOOPBACK, t.localAddress().host());
        assertTrue(t.localAddress().port() > 0);
        assertEquals(TcpTransport.THREAD_PREFIX + t.localAddress().port(), t.ioThread().getName());
        assertTrue(t.ioThread().isDaemon());
    }

    @Test
    void advertisesTheConfiguredHostWithTheBoundPortWhenItsPortIsZero() {
        ClusterConfig config = ClusterConfig.builder("node").bind(Transports.LOOPBACK, 0).advertise("10.1.2.3", 0).build();
        TcpTransport t = transports.open(config, new RecordingReceiver());
        assertEquals("10.1.2.3", t.localAddress().host());
        assertEquals(TcpTransport.THREAD_PREFIX + t.localAddress().port(), t.ioThread().getName());
    }

    @Test
    void advertisesTheConfiguredHostAndPort() {
        ClusterConfig config = ClusterConfig.builder("node").bind(Transports.LOOPBACK, 0)
                .advertise("node-1.example.com", 9000).build();
        TcpTransport t = transports.open(config, new RecordingReceiver());
        assertEquals(new Address("node-1.example.com", 9000), t.localAddress());
    }

    @Test
    void aWildcardBindAdvertisesAnInterfaceAddress() {
        TcpTransport t = transports.open(new RecordingReceiver(), "0.0.0.0", 0, Map.of());
        String host = t.localAddress().host();
        assertNotEquals("0.0.0.0", host);
        assertFalse(host.contains(":"), () -> "an IPv4 wildcard advertises an IPv4 address, not " + host);
        assertTrue(t.localAddress().port() > 0);
    }

    @Test
    void aPortInUseFailsWithTheAddressInTheMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Transports.LOOPBACK))) {
            int port = taken.getLocalPort();
            ChorusException e = assertThrows(ChorusException.class,
                    () -> transports.open(new RecordingReceiver(), Transports.LOOPBACK, port, Map.of()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertFalse(ioThreadAlive(port), "no thread is left behind by a failed bind");
        }
    }

    @Test
    void anAddressOfAnotherMachineFailsWithTheAddressInTheMessage() {
        ChorusException e = assertThrows(ChorusException.class,
                () -> transports.open(new RecordingReceiver(), "192.0.2.1", 0, Map.of()));
        assertTrue(e.getMessage().contains("192.0.2.1:0"), e.getMessage());
    }

    @Test
    void closeStopsTheThreadReleasesThePortAndIsIdempotent() throws IOException {
        RecordingReceiver ra = new RecordingReceiver();
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport a = transports.open(ra);
        TcpTransport b = transports.open(rb);
        a.sendFrame(b.localAddress(), new byte[10], 0, 10);
        rb.next();
        b.sendFrame(a.localAddress(), new byte[10], 0, 10);
        ra.next();
        int port = a.localAddress().port();

        a.close();
        b.close();
        a.close();

        assertFalse(a.ioThread().isAlive());
        assertFalse(b.ioThread().isAlive());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(TcpTransport.THREAD_PREFIX)),
                "no chorus-tcp-* thread is left");
        a.sendFrame(b.localAddress(), new byte[10], 0, 10);
        a.sendPacket(b.localAddress(), new byte[10], 0, 10);
        assertTrue(ra.failures().isEmpty(), "a send after close is discarded, not reported");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName(Transports.LOOPBACK))) {
            assertEquals(port, again.getLocalPort(), "the port is free again");
        }
    }

    private static boolean ioThreadAlive(int port) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(TcpTransport.THREAD_PREFIX + port));
    }

    @Test
    void aPacketOverTheBudgetThrowsNamingBothNumbers() {
        TcpTransport t = transports.open(new RecordingReceiver());
        assertEquals(1400, t.packetBudget());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.sendPacket(Transports.loopback(9), new byte[1401], 0, 1401));
        assertTrue(e.getMessage().contains("1401") && e.getMessage().contains("1400"), e.getMessage());
        t.sendPacket(Transports.loopback(9), new byte[2000], 600, 1400);
    }

    @Test
    void theBudgetComesFromTheOption() {
        TcpTransport t = transports.open(new RecordingReceiver(), Map.of(TcpSettings.PACKET_BUDGET.key(), "9000"));
        assertEquals(9000, t.packetBudget());
        assertThrows(IllegalArgumentException.class, () -> t.sendPacket(Transports.loopback(9), new byte[9001], 0, 9001));
    }

    @Test
    void aFrameOverTheLimitThrowsNamingBothNumbers() {
        TcpTransport t = transports.open(new RecordingReceiver(), Map.of(TcpSettings.MAX_FRAME_BYTES.key(), "65536"));
        assertTrue(t.supportsFrames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.sendFrame(Transports.loopback(9), new byte[65537], 0, 65537));
        assertTrue(e.getMessage().contains("65537") && e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void badArgumentsAreRejectedAtTheBoundary() {
        TcpTransport t = transports.open(new RecordingReceiver());
        Address to = Transports.loopback(9);
        assertThrows(NullPointerException.class, () -> t.sendFrame(null, new byte[1], 0, 1));
        assertThrows(NullPointerException.class, () -> t.sendPacket(to, null, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.sendFrame(to, new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.sendPacket(to, new byte[4], -1, 2));
    }
}
