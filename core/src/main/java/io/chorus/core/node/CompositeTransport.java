package io.chorus.core.node;

import io.chorus.api.Address;
import io.chorus.api.spi.Transport;

/**
 * Packets over one transport (UDP), frames over another (TCP) bound to the same port, as
 * memberlist does: probes and gossip stay cheap datagrams, full-state exchange goes over a stream.
 */
final class CompositeTransport implements Transport {
    private final Transport packets;
    private final Transport frames;

    CompositeTransport(Transport packets, Transport frames) {
        this.packets = packets;
        this.frames = frames;
    }

    @Override
    public Address localAddress() {
        return packets.localAddress();
    }

    @Override
    public int packetBudget() {
        return packets.packetBudget();
    }

    @Override
    public void sendPacket(Address to, byte[] data, int offset, int length) {
        packets.sendPacket(to, data, offset, length);
    }

    @Override
    public boolean supportsFrames() {
        return true;
    }

    @Override
    public void sendFrame(Address to, byte[] data, int offset, int length) {
        frames.sendFrame(to, data, offset, length);
    }

    @Override
    public void close() {
        try {
            packets.close();
        } finally {
            frames.close();
        }
    }

    @Override
    public String toString() {
        return "packets over " + packets + ", frames over " + frames;
    }
}
