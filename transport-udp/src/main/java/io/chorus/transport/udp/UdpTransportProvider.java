package io.chorus.transport.udp;

import io.chorus.api.ApiVersion;
import io.chorus.api.Option;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import java.util.List;
import java.util.Objects;

/**
 * The UDP transport, id {@code udp}, priority 20: packets (probes and gossip) as datagrams, at
 * most {@code transport.udp.packet-budget} bytes each. It carries no frames, so full-state
 * exchange needs a stream transport next to it ({@code io.chorus:chorus-transport-tcp}).
 * The options, their defaults and ranges, and the rule for the advertised address are in the
 * {@code io.chorus.transport.udp} module documentation.
 */
public final class UdpTransportProvider implements TransportProvider {
    /** The id that selects this transport. */
    static final String ID = "udp";
    /** The priority used when several transports are found and the config names none. */
    static final int PRIORITY = 20;

    /** Creates the provider; does nothing else: no socket is opened until {@link #create}. */
    public UdpTransportProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** @return the packet budget and the socket buffers */
    @Override
    public List<Option<?>> options() {
        return UdpSettings.OPTIONS;
    }

    /**
     * Reads the options, binds {@code bindHost:bindPort} and starts the receive thread.
     *
     * @param context config, options and the receiver
     * @return the running transport
     * @throws io.chorus.api.InvalidConfigException if an option is out of range, before anything is bound
     * @throws io.chorus.api.ChorusException if the address cannot be bound; the message names it
     */
    @Override
    public Transport create(TransportContext context) {
        Objects.requireNonNull(context, "context");
        UdpSettings settings = UdpSettings.read(context.options());
        return UdpTransport.open(context.config(), settings, context.receiver());
    }
}
