package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import io.chorus.api.Options;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider: a cheap factory with a stable id, found by ServiceLoader on the module path. */
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

    @Test
    void createNeedsAContext() {
        assertThrows(NullPointerException.class, () -> new UdpTransportProvider().create(null));
    }

    @Test
    void serviceLoaderFindsItOnTheModulePath() {
        // the engine declares `uses`; this module does not, so the test adds it for itself
        getClass().getModule().addUses(TransportProvider.class);

        List<TransportProvider> found = ServiceLoader.load(ModuleLayer.boot(), TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, found.size(), found::toString);
        TransportProvider provider = found.get(0);
        assertEquals("udp", provider.id());
        try (Transport t = provider.create(TransportContext.of(Fixture.config("127.0.0.1"), Options.empty(), new Recorder()))) {
            assertTrue(t.localAddress().port() > 0);
            assertEquals(1400, t.packetBudget());
        }
    }
}
