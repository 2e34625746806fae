package io.chorus.transport.udp;

import io.chorus.api.Options;
import java.util.Objects;

/**
 * The UDP transport's options, read and range-checked once, before anything is bound.
 *
 * @param packetBudget the largest packet sent or accepted, in bytes
 * @param receiveBuffer the socket receive buffer asked of the operating system, in bytes
 * @param sendBuffer the socket send buffer asked of the operating system, in bytes
 */
record UdpSettings(int packetBudget, int receiveBuffer, int sendBuffer) {
    /** The largest packet, in bytes. */
    static final String PACKET_BUDGET = "transport.udp.packet-budget";
    /** The socket receive buffer, in bytes. */
    static final String RECEIVE_BUFFER = "transport.udp.receive-buffer";
    /** The socket send buffer, in bytes. */
    static final String SEND_BUFFER = "transport.udp.send-buffer";

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

    /**
     * @param options the transport options
     * @return the settings, defaults filled in
     * @throws io.chorus.api.InvalidConfigException naming the key, the value and the allowed range
     */
    static UdpSettings read(Options options) {
        Objects.requireNonNull(options, "options");
        return new UdpSettings(
                options.intValue(PACKET_BUDGET, DEFAULT_PACKET_BUDGET, MIN_PACKET_BUDGET, MAX_PACKET_BUDGET),
                options.intValue(RECEIVE_BUFFER, DEFAULT_SOCKET_BUFFER, MIN_SOCKET_BUFFER, MAX_SOCKET_BUFFER),
                options.intValue(SEND_BUFFER, DEFAULT_SOCKET_BUFFER, MIN_SOCKET_BUFFER, MAX_SOCKET_BUFFER));
    }
}
