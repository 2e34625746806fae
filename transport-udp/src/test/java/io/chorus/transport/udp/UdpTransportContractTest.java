package io.chorus.transport.udp;

import io.chorus.api.spi.TransportProvider;
import io.chorus.testkit.TransportContract;

/** The UDP transport keeps the transport contract of the provider test kit (it carries packets only). */
class UdpTransportContractTest extends TransportContract {
    @Override
    protected TransportProvider provider() {
        return new UdpTransportProvider();
    }
}
