package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A provider choice is a small immutable value with checked parts and a readable form. */
class ProviderChoiceTest {
    private static ProviderChoice udp() {
        return ProviderChoice.of(ProviderChoice.Kind.TRANSPORT, "udp", "io.chorus.transport.udp.UdpTransportProvider",
                "module io.chorus.transport.udp", ProviderChoice.Reason.HIGHEST_PRIORITY, "highest priority 20 among udp 20, tcp 10");
    }

    @Test
    void readsAsLogged() {
        assertEquals("transport udp (io.chorus.transport.udp.UdpTransportProvider, module io.chorus.transport.udp): "
                + "highest priority 20 among udp 20, tcp 10", udp().toString());
        assertEquals("failure detector", ProviderChoice.Kind.FAILURE_DETECTOR.label());
        assertEquals("message signer", ProviderChoice.Kind.MESSAGE_SIGNER.label());
    }

    @Test
    void equalWhenEveryPartIs() {
        assertEquals(udp(), udp());
        assertEquals(udp().hashCode(), udp().hashCode());
        assertNotEquals(udp(), ProviderChoice.of(ProviderChoice.Kind.FRAMES, "udp", udp().type(), udp().origin(),
                udp().reason(), udp().explanation()));
    }

    @Test
    void everyPartIsRequired() {
        assertThrows(NullPointerException.class, () -> ProviderChoice.of(null, "udp", "T", "module m",
                ProviderChoice.Reason.NAMED, "why"));
        assertThrows(NullPointerException.class, () -> ProviderChoice.of(ProviderChoice.Kind.TRANSPORT, "udp", "T",
                "module m", null, "why"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProviderChoice.of(
                ProviderChoice.Kind.TRANSPORT, " ", "T", "module m", ProviderChoice.Reason.NAMED, "why"));
        assertEquals("a provider choice's id is blank", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProviderChoice.of(ProviderChoice.Kind.TRANSPORT, "udp", "T",
                "module m", ProviderChoice.Reason.NAMED, ""));
    }

    @Test
    void anEngineContextTakesOnlyAnEngineChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.chorus.api.spi.EngineContext.builder(ClusterConfig.builder("n").build()).engineChoice(udp()));
        assertEquals("the engine choice is of kind ENGINE, not TRANSPORT", e.getMessage());
    }
}
