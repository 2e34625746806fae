package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.Address;
import io.chorus.api.Options;
import io.chorus.testkit.RecordingReceiver;
import io.chorus.testkit.RecordingReceiver.Message;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packets over real sockets on loopback, beyond the transport contract ({@link UdpTransportContractTest}):
 * the sender's address, counters, drops of what arrives, and a receive loop that survives.
 */
class UdpTransportTest {
    private final Fixture fixture = new Fixture();

    /**
     * Records as the kit's receiver does, then throws when told to, as a decoder that chokes on a
     * packet would: {@code failure} after recording a packet or a drop, {@code rejects} instead of
     * recording the packets it matches.
     */
    static final class Misbehaving extends RecordingReceiver {
        volatile Throwable failure;
        volatile Predicate<byte[]> rejects;

        Misbehaving(Duration deadline) {
            super(deadline);
        }

        @Override
        public void onPacket(Address from, byte[] data, int offset, int length) {
            // read before recording: once the test sees the packet it may change what is thrown next
            Throwable fail = failure;
            Predicate<byte[]> r = rejects;
            if (r != null && r.test(Arrays.copyOfRange(data, offset, offset + length))) {
                throw new IllegalStateException("unreadable packet of " + length + " bytes");
            }
            super.onPacket(from, data, offset, length);
            maybeFail(fail);
        }

        @Override
        public void onDropped(Address from) {
            Throwable fail = failure;
            super.onDropped(from);
            maybeFail(fail);
        }

        private static void maybeFail(Throwable t) {
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    @AfterEach
    void closeTransports() {
        fixture.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assumeHost(String host) {
        if (host.indexOf(':') >= 0) {
            assumeTrue(Fixture.ipv6LoopbackAvailable(), "IPv6 loopback ::1 is not available on this machine");
        }
    }

    private static void rawSend(DatagramSocket raw, byte[] data, int length, Address to) throws Exception {
        raw.send(new DatagramPacket(data, length, new InetSocketAddress(InetAddress.getByName(to.host()), to.port())));
    }

    private static Address addressOf(DatagramSocket raw) {
        return Addresses.of((InetSocketAddress) raw.getLocalSocketAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void twoTransportsExchangePacketsWithTheirAddresses(String host) throws Exception {
        assumeHost(host);
        RecordingReceiver ra = new RecordingReceiver();
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport a = fixture.open(host, ra);
        UdpTransport b = fixture.open(host, rb);

        byte[] buffer = bytes("xxxhelloyyy");
        a.sendPacket(b.localAddress(), buffer, 3, 5);
        Message ping = rb.next();
        assertArrayEquals(bytes("hello"), ping.data());
        assertEquals(a.localAddress(), ping.from(), "the sender address is the one the sender advertises");

        b.sendPacket(ping.from(), bytes("world"), 0, 5);
        Message pong = ra.next();
        assertArrayEquals(bytes("world"), pong.data());
        assertEquals(b.localAddress(), pong.from());
        assertEquals(1, a.packetsSent());
        assertEquals(1, b.packetsReceived());
    }

    @Test
    void aPacketOfExactlyTheBudgetArrivesWhole() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", rb);
        assertEquals(1400, a.packetBudget());
        byte[] data = new byte[1400];
        new Random(1).nextBytes(data);

        a.sendPacket(b.localAddress(), data, 0, data.length);

        assertArrayEquals(data, rb.next().data());
    }

    @Test
    void aPacketLongerThanTheBudgetIsRefusedNamingBothNumbers() {
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", new RecordingReceiver());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.sendPacket(b.localAddress(), new byte[2000], 0, 1401));

        assertTrue(e.getMessage().contains("1401") && e.getMessage().contains("1400"), e.getMessage());
        assertEquals(0, a.packetsSent());
    }

    @Test
    void aDatagramLongerThanTheBudgetIsDroppedAndReported() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport b = fixture.open("127.0.0.1", rb);
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            rawSend(raw, new byte[1401], 1401, b.localAddress());
            rawSend(raw, new byte[9000], 9000, b.localAddress());
            rawSend(raw, bytes("fine"), 4, b.localAddress());

            assertEquals(addressOf(raw), rb.nextDropped());
            assertEquals(addressOf(raw), rb.nextDropped());
            assertArrayEquals(bytes("fine"), rb.next().data());
        }
        assertEquals(2, b.packetsDropped());
        assertEquals(1, b.packetsReceived());
    }

    @Test
    void theBudgetOptionSetsBothLimits() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        Options options = Options.of(Map.of(UdpSettings.PACKET_BUDGET.key(), "512"));
        UdpTransport b = fixture.open(Fixture.config("127.0.0.1"), options, rb);
        assertEquals(512, b.packetBudget());
        assertThrows(IllegalArgumentException.class, () -> b.sendPacket(b.localAddress(), new byte[513], 0, 513));
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            rawSend(raw, new byte[513], 513, b.localAddress());
            rawSend(raw, new byte[512], 512, b.localAddress());

            assertEquals(addressOf(raw), rb.nextDropped());
            assertEquals(512, rb.next().data().length);
        }
    }

    @Test
    void anEmptyDatagramIsDroppedAndReported() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport b = fixture.open("127.0.0.1", rb);
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            rawSend(raw, new byte[0], 0, b.localAddress());
            rawSend(raw, bytes("after"), 5, b.localAddress());

            assertEquals(addressOf(raw), rb.nextDropped());
            assertArrayEquals(bytes("after"), rb.next().data());
        }
        assertEquals(1, b.packetsDropped());
    }

    @Test
    void garbageNeverStopsTheLoop() throws Exception {
        Misbehaving rb = new Misbehaving(Duration.ofSeconds(60));
        UdpTransport b = fixture.open("127.0.0.1", rb);
        byte[] marker = bytes("still listening");
        rb.rejects = data -> !Arrays.equals(data, marker);
        Random random = new Random(42);
        byte[] garbage = new byte[3000];
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 10_000; i++) {
                random.nextBytes(garbage);
                rawSend(raw, garbage, random.nextInt(garbage.length + 1), b.localAddress());
            }
            // the socket buffer may have overflowed and lost some, so the marker is sent until it comes
            Message p = rb.sendUntilReceived(() -> rawSend(raw, marker, marker.length, b.localAddress()),
                    q -> q.is(marker));
            assertEquals(addressOf(raw), p.from());
        }
        assertTrue(b.receiveErrors() > 0, "the receiver threw for garbage and the loop went on");
        assertTrue(b.receiveThread().isAlive());
    }

    @Test
    void aReceiverThatThrowsDoesNotStopTheLoop() throws Exception {
        Misbehaving rb = new Misbehaving(io.chorus.testkit.Await.DEFAULT_DEADLINE);
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", rb);

        rb.failure = new IllegalStateException("receiver bug");
        a.sendPacket(b.localAddress(), bytes("one"), 0, 3);
        assertArrayEquals(bytes("one"), rb.next().data());

        rb.failure = new AssertionError("an error, not an exception");
        a.sendPacket(b.localAddress(), bytes("two"), 0, 3);
        assertArrayEquals(bytes("two"), rb.next().data());

        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            rawSend(raw, new byte[0], 0, b.localAddress());
            rb.nextDropped();
        }

        rb.failure = null;
        a.sendPacket(b.localAddress(), bytes("three"), 0, 5);
        assertArrayEquals(bytes("three"), rb.next().data());
        assertEquals(3, b.receiveErrors());
        assertTrue(b.receiveThread().isAlive());
    }

    @Test
    void framesAreNotSupported() {
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        assertFalse(a.supportsFrames());

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> a.sendFrame(a.localAddress(), new byte[1], 0, 1));

        assertTrue(e.getMessage().contains("packets only"), e.getMessage());
        assertTrue(e.getMessage().contains("chorus-transport-tcp"), e.getMessage());
    }

    @Test
    void sendsNeverThrowForNetworkTrouble() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", rb);
        byte[] data = bytes("x");

        // an IPv6 destination from an IPv4 socket, broadcast without SO_BROADCAST, a name that never resolves
        assertDoesNotThrow(() -> a.sendPacket(new Address("::1", 9), data, 0, 1));
        assertDoesNotThrow(() -> a.sendPacket(new Address("255.255.255.255", 9), data, 0, 1));
        assertDoesNotThrow(() -> a.sendPacket(new Address("no-such-host.invalid", 9), data, 0, 1));
        assertTrue(a.sendFailures() >= 3, "failures are counted: " + a.sendFailures());

        a.sendPacket(b.localAddress(), data, 0, 1);
        assertArrayEquals(data, rb.next().data());
    }

    @Test
    void anInterruptedSenderDoesNotCloseTheTransport() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", rb);

        Thread.currentThread().interrupt();
        try {
            a.sendPacket(b.localAddress(), bytes("one"), 0, 3);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
        }
        a.sendPacket(b.localAddress(), bytes("two"), 0, 3);

        assertArrayEquals(bytes("one"), rb.next().data());
        assertArrayEquals(bytes("two"), rb.next().data());
    }

    @Test
    void anInterruptedReceiveThreadKeepsReceiving() throws Exception {
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", rb);

        b.receiveThread().interrupt();
        a.sendPacket(b.localAddress(), bytes("one"), 0, 3);
        assertArrayEquals(bytes("one"), rb.next().data());
        a.sendPacket(b.localAddress(), bytes("two"), 0, 3);

        assertArrayEquals(bytes("two"), rb.next().data());
        assertTrue(b.receiveThread().isAlive());
    }

    @Test
    void aHostnameDestinationIsLookedUpInTheBackground() throws Exception {
        InetAddress localhost = InetAddress.getByName("localhost");
        assumeTrue(localhost.getAddress().length == 4 && localhost.isLoopbackAddress(),
                "localhost does not resolve to an IPv4 loopback address here");
        RecordingReceiver rb = new RecordingReceiver();
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());
        UdpTransport b = fixture.open("127.0.0.1", rb);
        Address byName = new Address("localhost", b.localAddress().port());
        byte[] data = bytes("by name");

        Message p = rb.sendUntilReceived(() -> a.sendPacket(byName, data, 0, data.length), q -> q.is(data));

        assertEquals(a.localAddress(), p.from());
    }
}
