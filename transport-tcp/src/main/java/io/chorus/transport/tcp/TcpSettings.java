package io.chorus.transport.tcp;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import java.time.Duration;

/**
 * The TCP transport's options, read once and range-checked. The keys, defaults and ranges are
 * documented in the module javadoc; keep the two in step.
 *
 * @param packetBudget the largest packet accepted by {@code sendPacket}, in bytes
 * @param maxFrameBytes the largest payload of one message on a connection, either direction
 * @param maxQueuedBytes the most bytes waiting to be written to one destination
 * @param connectTimeout how long a dial may take
 * @param reconnectBase the first backoff after a failure
 * @param reconnectMax the longest backoff, before jitter
 * @param idleTimeout how long a connection may carry nothing before it is closed
 */
record TcpSettings(int packetBudget, int maxFrameBytes, long maxQueuedBytes, Duration connectTimeout,
        Duration reconnectBase, Duration reconnectMax, Duration idleTimeout) {

    static final String PACKET_BUDGET = "transport.tcp.packet-budget";
    static final String MAX_FRAME_BYTES = "transport.tcp.max-frame-bytes";
    static final String MAX_QUEUED_BYTES = "transport.tcp.max-queued-bytes";
    static final String CONNECT_TIMEOUT = "transport.tcp.connect-timeout";
    static final String RECONNECT_BASE = "transport.tcp.reconnect-base";
    static final String RECONNECT_MAX = "transport.tcp.reconnect-max";
    static final String IDLE_TIMEOUT = "transport.tcp.idle-timeout";

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long GIB = 1024L * MIB;

    /**
     * @param options the transport options
     * @return the settings
     * @throws InvalidConfigException naming the key, the value and the allowed range
     */
    static TcpSettings from(Options options) {
        int packetBudget = options.intValue(PACKET_BUDGET, 1400, 512, 65_507);
        int maxFrameBytes = options.intValue(MAX_FRAME_BYTES, 8 * MIB, 64 * KIB, 256 * MIB);
        long maxQueuedBytes = options.longValue(MAX_QUEUED_BYTES, 64L * MIB, 128L * KIB, 4 * GIB);
        if (maxQueuedBytes < (long) maxFrameBytes + Wire.HEADER_BYTES) {
            throw new InvalidConfigException(MAX_QUEUED_BYTES, maxQueuedBytes,
                    "at least " + MAX_FRAME_BYTES + " (" + maxFrameBytes + ") plus " + Wire.HEADER_BYTES
                            + ", so that the largest frame fits; raise it or lower " + MAX_FRAME_BYTES);
        }
        Duration connectTimeout = options.duration(CONNECT_TIMEOUT, Duration.ofSeconds(2),
                Duration.ofMillis(10), Duration.ofSeconds(60));
        Duration reconnectBase = options.duration(RECONNECT_BASE, Duration.ofSeconds(1),
                Duration.ofMillis(10), Duration.ofMinutes(10));
        Duration reconnectMax = options.duration(RECONNECT_MAX, Duration.ofSeconds(30),
                Duration.ofMillis(10), Duration.ofHours(1));
        if (reconnectMax.compareTo(reconnectBase) < 0) {
            throw new InvalidConfigException(RECONNECT_MAX, Options.format(reconnectMax),
                    "a duration from " + RECONNECT_BASE + " (" + Options.format(reconnectBase) + ") to 1h");
        }
        Duration idleTimeout = options.duration(IDLE_TIMEOUT, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofHours(1));
        return new TcpSettings(packetBudget, maxFrameBytes, maxQueuedBytes, connectTimeout, reconnectBase,
                reconnectMax, idleTimeout);
    }
}
