package io.chorus.transport.udp;

import io.chorus.api.Option;
import io.chorus.api.Options;
import java.util.List;
import java.util.Objects;

/**
 * The UDP transport's options, read and range-checked once, before anything is bound.
 *
 * @param packetBudget the largest packet sent or accepted, in bytes
 * @param receiveBuffer the socket receive buffer asked of the operating system, in bytes
 * @param sendBuffer the socket send buffer asked of the operating system, in bytes
 */
record UdpSettings(int packetBudget, int receiveBuffer, int sendBuffer) {
    /** Fits an Ethernet MTU of 1500 with IPv6 and tunnel headers to spare. */
    static final int DEFAULT_PACKET_BUDGET = 1400;
    /** The classic safe UDP payload (as in DNS): every IPv4 host reassembles datagrams of 576 bytes. */
    static final int MIN_PACKET_BUDGET = 512;
    /** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
    static final int MAX_PACKET_BUDGET = 65_507;

    /** 4 MiB: room for a burst of about 3,000 default-size packets. */
    static final int DEFAULT_SOCKET_BUFFER = 4 << 20;
    /** 64 KiB. */
    static final int MIN_SOCKET_BUFFER = 64 << 10;
    /** 64 MiB. */
    static final int MAX_SOCKET_BUFFER = 64 << 20;

    /** Option: the largest packet, in bytes. */
    static final Option<Integer> PACKET_BUDGET = Option.bytes("transport.udp.packet-budget", DEFAULT_PACKET_BUDGET,
            MIN_PACKET_BUDGET, MAX_PACKET_BUDGET, "the largest packet sent or accepted; a longer send is refused, never "
                    + "truncated, and a longer datagram received is dropped");
    /** Option: the socket receive buffer, in bytes. */
    static final Option<Integer> RECEIVE_BUFFER = Option.bytes("transport.udp.receive-buffer", DEFAULT_SOCKET_BUFFER,
            MIN_SOCKET_BUFFER, MAX_SOCKET_BUFFER, "the socket receive buffer asked of the operating system, which may cap "
                    + "it (on Linux, net.core.rmem_max)");
    /** Option: the socket send buffer, in bytes. */
    static final Option<Integer> SEND_BUFFER = Option.bytes("transport.udp.send-buffer", DEFAULT_SOCKET_BUFFER,
            MIN_SOCKET_BUFFER, MAX_SOCKET_BUFFER, "the socket send buffer asked of the operating system, which may cap it "
                    + "(on Linux, net.core.wmem_max)");
    /** The options read here. */
    static final List<Option<?>> OPTIONS = List.of(PACKET_BUDGET, RECEIVE_BUFFER, SEND_BUFFER);

    /**
     * @param options the transport options
     * @return the settings, defaults filled in
     * @throws io.chorus.api.InvalidConfigException naming the key, the value and the allowed range
     */
    static UdpSettings read(Options options) {
        Objects.requireNonNull(options, "options");
        return new UdpSettings(PACKET_BUDGET.read(options), RECEIVE_BUFFER.read(options), SEND_BUFFER.read(options));
    }
}
