package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The provider's own id and priority, and a constructor that starts nothing. What every provider
 * must do (a null context refused, ServiceLoader on both paths) is in {@link UdpTransportContractTest}.
 */
class UdpTransportProviderTest {

    private static long udpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(UdpTransport.THREAD_PREFIX))
                .count();
    }

    @Test
    void idAndPriority() {
        UdpTransportProvider p = new UdpTransportProvider();
        assertEquals("udp", p.id());
        assertEquals(20, p.priority());
    }

    @Test
    void theConstructorStartsNothing() {
        long before = udpThreads();
        for (int i = 0; i < 10; i++) {
            new UdpTransportProvider();
        }
        assertEquals(before, udpThreads());
    }
}
