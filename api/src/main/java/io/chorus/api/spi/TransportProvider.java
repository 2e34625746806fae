package io.chorus.api.spi;

/** Creates a {@link Transport}. */
public interface TransportProvider extends Provider {
    /**
     * Binds and starts the transport.
     *
     * @param context config, options and the receiver
     * @return the running transport
     * @throws io.chorus.api.ChorusException if it cannot bind; the message names the address
     */
    Transport create(TransportContext context);
}
