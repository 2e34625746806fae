package io.chorus.transport.tcp;

import io.chorus.api.spi.TransportProvider;
import io.chorus.testkit.TransportContract;

/** The TCP transport keeps the transport contract of the provider test kit, frames included. */
class TcpTransportContractTest extends TransportContract {
    @Override
    protected TransportProvider provider() {
        return new TcpTransportProvider();
    }
}
