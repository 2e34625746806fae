package io.chorus.testkit;

import io.chorus.api.spi.TransportProvider;

/** The in-memory transport keeps the transport contract; it is passed in, never declared as a service. */
class InMemoryTransportContractTest extends TransportContract {
    private final InMemoryTransportProvider provider = new InMemoryTransportProvider();

    @Override
    protected TransportProvider provider() {
        return provider;
    }

    @Override
    protected boolean registeredAsService() {
        return false;
    }
}
