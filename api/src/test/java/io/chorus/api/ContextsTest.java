package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportReceiver;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The types that will gain fields are final classes built by factories or builders, never by a public constructor. */
class ContextsTest {
    private static final ClusterConfig CONFIG = ClusterConfig.builder("web-1").option("discovery.dns.port", "53").build();
    private static final TransportReceiver RECEIVER = (TransportReceiver) Proxy.newProxyInstance(
            TransportReceiver.class.getClassLoader(), new Class<?>[] {TransportReceiver.class}, (p, m, a) -> null);

    @Test
    void typesThatGrowAreFinalClassesWithoutPublicConstructors() {
        for (Class<?> type : List.of(ClusterStats.class, ClusterStats.Builder.class, TransportContext.class,
                ProviderContext.class, EngineContext.class, EngineContext.Builder.class)) {
            assertFalse(type.isRecord(), type::getName);
            assertTrue(Modifier.isFinal(type.getModifiers()), type::getName);
            assertEquals(0, type.getConstructors().length, () -> type.getName() + " has a public constructor");
        }
    }

    @Test
    void transportContext() {
        Options options = Options.of(Map.of("transport.udp.buffer", "64KiB"));
        TransportContext c = TransportContext.of(CONFIG, options, RECEIVER);
        assertSame(CONFIG, c.config());
        assertSame(options, c.options());
        assertSame(RECEIVER, c.receiver());
        assertThrows(NullPointerException.class, () -> TransportContext.of(null, options, RECEIVER));
        assertThrows(NullPointerException.class, () -> TransportContext.of(CONFIG, null, RECEIVER));
        assertThrows(NullPointerException.class, () -> TransportContext.of(CONFIG, options, null));
    }

    @Test
    void providerContext() {
        ProviderContext own = ProviderContext.of(CONFIG);
        assertSame(CONFIG, own.config());
        assertEquals(CONFIG.options(), own.options());
        Options other = Options.empty();
        assertSame(other, ProviderContext.of(CONFIG, other).options());
        assertThrows(NullPointerException.class, () -> ProviderContext.of(null));
        assertThrows(NullPointerException.class, () -> ProviderContext.of(CONFIG, null));
    }

    @Test
    void engineContextDefaultsAndCopies() {
        EngineContext c = EngineContext.builder(CONFIG).build();
        assertSame(CONFIG, c.config());
        assertTrue(c.autoDiscovery());
        assertEquals(List.of(), c.providers());
        ClassLoader expected = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : EngineContext.class.getClassLoader();
        assertSame(expected, c.classLoader());

        Provider p = () -> "fake";
        EngineContext off = c.toBuilder().autoDiscovery(false).provider(p).build();
        assertFalse(off.autoDiscovery());
        assertEquals(List.of(p), off.providers());
        assertSame(c.classLoader(), off.classLoader());
        assertEquals(List.of(), c.providers(), "the original is unchanged");
        assertEquals(List.of(), off.toBuilder().providers(List.of()).build().providers());
        assertThrows(NullPointerException.class, () -> EngineContext.builder(CONFIG).provider(null));
        assertThrows(NullPointerException.class, () -> EngineContext.builder(CONFIG).providers(java.util.Arrays.asList(p, null)));
    }
}
