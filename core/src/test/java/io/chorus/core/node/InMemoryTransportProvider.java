package io.chorus.core.node;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import io.chorus.api.spi.TransportReceiver;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory transport for core's own tests: nodes of one hub reach each other by address,
 * synchronously, with nothing lost. A closed or unknown address refuses frames, as a dead TCP
 * port would.
 */
final class InMemoryTransportProvider implements TransportProvider {
    private final ConcurrentHashMap<Address, TransportReceiver> hub = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(17000);

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public Transport create(TransportContext context) {
        int port = context.config().bindPort() == 0 ? nextPort.getAndIncrement() : context.config().bindPort();
        Address local = new Address("127.0.0.1", port);
        if (hub.putIfAbsent(local, context.receiver()) != null) {
            throw new ChorusException("address " + local + " is in use");
        }
        TransportReceiver self = context.receiver();
        return new Transport() {
            @Override
            public Address localAddress() {
                return local;
            }

            @Override
            public int packetBudget() {
                return 1400;
            }

            @Override
            public void sendPacket(Address to, byte[] data, int offset, int length) {
                if (length > 1400) {
                    throw new IllegalArgumentException("packet of " + length + " bytes exceeds 1400");
                }
                TransportReceiver r = hub.get(to);
                if (r != null) {
                    r.onPacket(local, data, offset, length);
                }
            }

            @Override
            public boolean supportsFrames() {
                return true;
            }

            @Override
            public void sendFrame(Address to, byte[] data, int offset, int length) {
                TransportReceiver r = hub.get(to);
                if (r != null) {
                    r.onFrame(local, data, offset, length);
                } else {
                    self.onDeliveryFailure(to, FailureReason.CONNECTION_REFUSED);
                }
            }

            @Override
            public void close() {
                hub.remove(local, self);
            }
        };
    }
}
