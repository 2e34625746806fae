package io.chorus.api.spi;

import io.chorus.api.Stability;

/** Creates a {@link Transport}. */
@Stability(Stability.Level.STABLE)
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
