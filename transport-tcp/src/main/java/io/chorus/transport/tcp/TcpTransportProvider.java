package io.chorus.transport.tcp;

import io.chorus.api.ApiVersion;
import io.chorus.api.Option;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import java.util.List;
import java.util.Objects;

/**
 * The TCP transport, id {@code tcp}, priority 10: reliable, ordered frames for full-state
 * exchange, and packets too, so a node can run where UDP is blocked. One pooled connection per
 * destination carries both, in the order they were sent. The options, the framing and the
 * failure reasons are described in the module javadoc of {@code io.chorus.transport.tcp}.
 *
 * <p>Found with {@link java.util.ServiceLoader} on the module path ({@code provides}) and on the
 * class path ({@code META-INF/services}); it can also be passed to the engine directly.
 */
public final class TcpTransportProvider implements TransportProvider {
    /** The id that selects this transport. */
    static final String ID = "tcp";
    /** The priority, used when the config names no transport and several are found. */
    static final int PRIORITY = 10;

    /** Creates the provider; does nothing else (no sockets, no threads). */
    public TcpTransportProvider() {
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

    /** @return the packet budget, the frame and queue limits, and the connection timings */
    @Override
    public List<Option<?>> options() {
        return TcpSettings.OPTIONS;
    }

    /**
     * Reads the options, binds {@code bindHost:bindPort} and starts the I/O thread
     * {@code chorus-tcp-<port>}.
     *
     * @param context config, options and the receiver
     * @return the running transport; close it to release the socket and the thread
     * @throws io.chorus.api.InvalidConfigException naming the option, its value and the allowed range
     * @throws io.chorus.api.ChorusException if it cannot bind; the message names the address
     */
    @Override
    public Transport create(TransportContext context) {
        Objects.requireNonNull(context, "context");
        TcpSettings settings = TcpSettings.from(context.options());
        return TcpTransport.start(context.config(), settings, context.receiver());
    }
}
