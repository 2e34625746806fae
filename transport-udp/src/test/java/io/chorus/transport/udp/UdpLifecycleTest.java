package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import io.chorus.testkit.Await;
import io.chorus.testkit.RecordingReceiver;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binding, bind failures and close: no thread and no port is left behind. */
class UdpLifecycleTest {
    private final Fixture fixture = new Fixture();

    @AfterEach
    void closeTransports() {
        fixture.close();
        Fixture.assertNoThreads(name -> name.startsWith(UdpTransport.THREAD_PREFIX));
    }

    private static ClusterConfig bind(String host, int port) {
        return ClusterConfig.builder("node").bind(host, port).build();
    }

    @Test
    void closeStopsTheReceiveThreadAndReleasesThePort() throws Exception {
        UdpTransport t = fixture.open("127.0.0.1", new RecordingReceiver());
        int port = t.localAddress().port();
        Thread thread = t.receiveThread();
        assertEquals("chorus-udp-" + port, thread.getName());
        assertTrue(thread.isDaemon());

        t.close();

        Fixture.assertNoThreads(name -> name.startsWith("chorus-udp-" + port));
        UdpTransport again = fixture.open(bind("127.0.0.1", port), Options.empty(), new RecordingReceiver());
        assertEquals(port, again.localAddress().port());
    }

    @Test
    void closeIsIdempotentAndSendingAfterItDoesNotThrow() {
        UdpTransport t = fixture.open("127.0.0.1", new RecordingReceiver());
        t.close();
        t.close();

        assertDoesNotThrow(() -> t.sendPacket(t.localAddress(), new byte[1], 0, 1));
        assertEquals(1, t.sendFailures());
        assertFalse(t.receiveThread().isAlive());
    }

    @Test
    void closeFromInsideTheReceiverDoesNotDeadlock() throws Exception {
        AtomicReference<UdpTransport> self = new AtomicReference<>();
        RecordingReceiver recorder = new RecordingReceiver() {
            @Override
            public void onPacket(Address from, byte[] data, int offset, int length) {
                super.onPacket(from, data, offset, length);
                self.get().close();
            }
        };
        UdpTransport b = fixture.open("127.0.0.1", recorder);
        self.set(b);
        UdpTransport a = fixture.open("127.0.0.1", new RecordingReceiver());

        a.sendPacket(b.localAddress(), new byte[] {1}, 0, 1);
        recorder.next();

        b.receiveThread().join(Await.DEFAULT_DEADLINE.toMillis());
        assertFalse(b.receiveThread().isAlive());
    }

    @Test
    void closeStopsTheResolverThreadToo() throws Exception {
        UdpTransport t = fixture.open("127.0.0.1", new RecordingReceiver());
        int port = t.localAddress().port();
        t.sendPacket(new Address("no-such-host.invalid", 9), new byte[1], 0, 1);

        t.close();

        Fixture.assertNoThreads(name -> name.startsWith("chorus-udp-" + port));
    }

    @Test
    void manyTransportsOpenedAndClosedLeaveNoThread() throws Exception {
        for (int i = 0; i < 20; i++) {
            UdpTransport t = fixture.open("127.0.0.1", new RecordingReceiver());
            t.sendPacket(t.localAddress(), new byte[] {(byte) i}, 0, 1);
            t.close();
        }
        Fixture.assertNoThreads(name -> name.startsWith(UdpTransport.THREAD_PREFIX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void bindingAPortInUseFailsNamingTheAddress(String host) throws Exception {
        if (host.indexOf(':') >= 0) {
            assumeTrue(Fixture.ipv6LoopbackAvailable(), "IPv6 loopback ::1 is not available on this machine");
        }
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(host, 0))) {
            int port = taken.getLocalPort();

            ChorusException e = assertThrows(ChorusException.class,
                    () -> fixture.open(bind(host, port), Options.empty(), new RecordingReceiver()));

            String where = Addresses.format(host, port);
            assertTrue(e.getMessage().contains(where), e.getMessage());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            Fixture.assertNoThreads(name -> name.startsWith("chorus-udp-" + port));
        }
    }

    @Test
    void bindingAnAddressThisMachineLacksFailsNamingIt() {
        String foreign = "203.0.113.7";
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(foreign, 0))) {
            assumeTrue(false, "this machine can bind " + foreign + " (non-local binding is allowed)");
        } catch (SocketException expected) {
            // the usual case: the address is not ours
        }

        ChorusException e = assertThrows(ChorusException.class,
                () -> fixture.open(bind(foreign, 0), Options.empty(), new RecordingReceiver()));

        assertTrue(e.getMessage().contains(foreign + ":0"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be bound"), e.getMessage());
    }

    @Test
    void badOptionsFailBeforeAnythingIsBound() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Options options = Options.of(Map.of(UdpSettings.RECEIVE_BUFFER.key(), "1"));

            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> fixture.open(bind("127.0.0.1", taken.getLocalPort()), options, new RecordingReceiver()));

            assertEquals(UdpSettings.RECEIVE_BUFFER.key(), e.field());
        }
    }
}
