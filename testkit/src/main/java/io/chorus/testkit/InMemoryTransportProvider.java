package io.chorus.testkit;

import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import java.util.Objects;

/**
 * The transport {@code memory}: packets and frames over an {@link InMemoryNetwork}, delivered
 * synchronously and never lost (see the network for the rules). It is a test double, not a
 * service: nothing declares it, so ServiceLoader never finds it, and a test passes it in:
 *
 * <pre>{@code
 * InMemoryTransportProvider memory = new InMemoryTransportProvider();
 * Cluster a = Chorus.builder(configA).autoDiscovery(false).provider(memory).build();
 * Cluster b = Chorus.builder(configB).autoDiscovery(false).provider(memory).build();
 * }</pre>
 *
 * Every transport one provider creates is on the provider's network, so nodes built with the same
 * provider reach each other; providers built on one {@link InMemoryNetwork} do too.
 */
public final class InMemoryTransportProvider implements TransportProvider {
    /** The provider's id. */
    public static final String ID = "memory";

    private final InMemoryNetwork network;

    /** A provider on a network of its own, with the default packet budget. */
    public InMemoryTransportProvider() {
        this(new InMemoryNetwork());
    }

    /** @param network the network its transports join */
    public InMemoryTransportProvider(InMemoryNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /** @return the network its transports join */
    public InMemoryNetwork network() {
        return network;
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * Binds the config's bind address on the network; no option is read.
     *
     * @param context config (bind address) and the receiver
     * @return the transport
     * @throws io.chorus.api.ChorusException if the address is held on the network; the message names it
     */
    @Override
    public Transport create(TransportContext context) {
        Objects.requireNonNull(context, "context");
        return network.bind(context);
    }

    @Override
    public String toString() {
        return "InMemoryTransportProvider[" + ID + ", " + network + "]";
    }
}
