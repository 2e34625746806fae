package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.Options;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.testkit.RecordingReceiver.DeliveryFailure;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the in-memory network adds to the transport contract: synchronous delivery, its addresses, its isolation. */
class InMemoryNetworkTest {
    private static Transport open(InMemoryTransportProvider p, String host, int port, RecordingReceiver r) {
        ClusterConfig config = ClusterConfig.builder("node").bind(host, port).build();
        return p.create(TransportContext.of(config, Options.empty(), r));
    }

    @Test
    void deliveryIsSynchronousSoNothingNeedsAWait() {
        InMemoryTransportProvider p = new InMemoryTransportProvider();
        RecordingReceiver rb = new RecordingReceiver();
        Transport a = open(p, "127.0.0.1", 0, new RecordingReceiver());
        Transport b = open(p, "127.0.0.1", 0, rb);

        a.sendPacket(b.localAddress(), new byte[] {9, 1, 2, 9}, 1, 2);
        a.sendFrame(b.localAddress(), new byte[] {3}, 0, 1);

        List<RecordingReceiver.Message> got = rb.received();
        assertEquals(2, got.size(), "both arrived before the sends returned");
        assertArrayEquals(new byte[] {1, 2}, got.get(0).data());
        assertEquals(a.localAddress(), got.get(0).from(), "the sender is the sender's address");
        assertTrue(got.get(1).isFrame());
    }

    @Test
    void portsStartAt17000AndAWildcardBindsLoopback() {
        InMemoryTransportProvider p = new InMemoryTransportProvider();
        Transport a = open(p, "0.0.0.0", 0, new RecordingReceiver());
        Transport b = open(p, "10.0.0.7", 0, new RecordingReceiver());
        Transport c = open(p, "10.0.0.7", 9000, new RecordingReceiver());
        assertEquals(new Address("127.0.0.1", 17000), a.localAddress());
        assertEquals(new Address("10.0.0.7", 17001), b.localAddress());
        assertEquals(new Address("10.0.0.7", 9000), c.localAddress());
        assertEquals(Set.of(a.localAddress(), b.localAddress(), c.localAddress()), p.network().addresses());
        ChorusException e = assertThrows(ChorusException.class, () -> open(p, "10.0.0.7", 9000, new RecordingReceiver()));
        assertTrue(e.getMessage().contains("10.0.0.7:9000"), e.getMessage());
        c.close();
        assertEquals(new Address("10.0.0.7", 9000), open(p, "10.0.0.7", 9000, new RecordingReceiver()).localAddress());
    }

    @Test
    void providersOnOneNetworkReachEachOtherAndOtherNetworksDoNot() {
        InMemoryNetwork shared = new InMemoryNetwork();
        RecordingReceiver rb = new RecordingReceiver();
        RecordingReceiver ra = new RecordingReceiver();
        Transport a = open(new InMemoryTransportProvider(shared), "127.0.0.1", 0, ra);
        Transport b = open(new InMemoryTransportProvider(shared), "127.0.0.1", 0, rb);
        RecordingReceiver re = new RecordingReceiver();
        Transport elsewhere = open(new InMemoryTransportProvider(), "127.0.0.1", 0, re);

        a.sendFrame(b.localAddress(), new byte[] {1}, 0, 1);
        assertEquals(1, rb.received().size());
        elsewhere.sendFrame(b.localAddress(), new byte[] {2}, 0, 1);
        assertEquals(1, rb.received().size(), "another network's transport does not reach b");
        assertEquals(new DeliveryFailure(b.localAddress(), FailureReason.CONNECTION_REFUSED), re.nextFailure());
        a.sendFrame(new Address("127.0.0.1", 17005), new byte[] {1}, 0, 1);
        assertEquals(new DeliveryFailure(new Address("127.0.0.1", 17005), FailureReason.CONNECTION_REFUSED), ra.nextFailure());
    }

    @Test
    void whatAReceiverThrowsIsKeptAndNeverReachesTheSender() {
        InMemoryTransportProvider p = new InMemoryTransportProvider();
        RecordingReceiver angry = new RecordingReceiver() {
            @Override
            public void onPacket(Address from, byte[] data, int offset, int length) {
                super.onPacket(from, data, offset, length);
                throw new IllegalStateException("a receiver bug");
            }
        };
        Transport a = open(p, "127.0.0.1", 0, new RecordingReceiver());
        Transport b = open(p, "127.0.0.1", 0, angry);

        a.sendPacket(b.localAddress(), new byte[] {1}, 0, 1);

        assertEquals(1, angry.received().size());
        assertEquals(1, p.network().receiverFailures().size());
        assertEquals("a receiver bug", p.network().receiverFailures().get(0).getMessage());
    }

    @Test
    void aReceiverMayCloseItsOwnTransport() {
        InMemoryTransportProvider p = new InMemoryTransportProvider();
        AtomicReference<Transport> self = new AtomicReference<>();
        RecordingReceiver closing = new RecordingReceiver() {
            @Override
            public void onFrame(Address from, byte[] data, int offset, int length) {
                super.onFrame(from, data, offset, length);
                self.get().close();
            }
        };
        RecordingReceiver ra = new RecordingReceiver();
        Transport a = open(p, "127.0.0.1", 0, ra);
        Transport b = open(p, "127.0.0.1", 0, closing);
        self.set(b);

        a.sendFrame(b.localAddress(), new byte[] {1}, 0, 1);
        a.sendFrame(b.localAddress(), new byte[] {2}, 0, 1);

        assertEquals(1, closing.received().size(), "closed from inside its receiver, it received nothing more");
        assertEquals(FailureReason.CONNECTION_REFUSED, ra.nextFailure().reason());
        assertEquals(List.of(), p.network().receiverFailures());
    }

    @Test
    void theBudgetIsTheNetworks() {
        InMemoryTransportProvider p = new InMemoryTransportProvider(new InMemoryNetwork(9000));
        Transport a = open(p, "127.0.0.1", 0, new RecordingReceiver());
        assertEquals(9000, a.packetBudget());
        assertThrows(IllegalArgumentException.class, () -> new InMemoryNetwork(100));
    }
}
