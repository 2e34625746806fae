package io.chorus.transport.tcp;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Option;
import io.chorus.api.Options;
import java.time.Duration;
import java.util.List;

/**
 * The TCP transport's options, declared here, read once and range-checked; the module javadoc's
 * list is generated from these declarations.
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

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long GIB = 1024L * MIB;

    /** Option: the largest packet {@code sendPacket} takes. */
    static final Option<Integer> PACKET_BUDGET = Option.bytes("transport.tcp.packet-budget", 1400, 512, 65_507,
            "the largest packet sendPacket takes; a longer one is refused, never truncated");
    /** Option: the largest payload of one message, either direction. */
    static final Option<Integer> MAX_FRAME_BYTES = Option.bytes("transport.tcp.max-frame-bytes", 8 * MIB, 64 * KIB,
            256 * MIB, "the largest payload of one message, sent or received, checked before any buffer is allocated");
    /** Option: the most bytes waiting to be written to one destination. */
    static final Option<Long> MAX_QUEUED_BYTES = Option.longBytes("transport.tcp.max-queued-bytes", 64L * MIB, 128L * KIB,
            4 * GIB, "the most bytes waiting to be written to one destination, at least max-frame-bytes + 5; a send over "
                    + "it is dropped and reported as CONNECTION_CLOSED");
    /** Option: how long a dial may take. */
    static final Option<Duration> CONNECT_TIMEOUT = Option.duration("transport.tcp.connect-timeout", Duration.ofSeconds(2),
            Duration.ofMillis(10), Duration.ofSeconds(60), "how long a dial may take");
    /** Option: the backoff after a destination's first failure. */
    static final Option<Duration> RECONNECT_BASE = Option.duration("transport.tcp.reconnect-base", Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofMinutes(10), "the backoff after a destination's first failure; it doubles "
                    + "with each further failure, with jitter");
    /** Option: the longest backoff. */
    static final Option<Duration> RECONNECT_MAX = Option.duration("transport.tcp.reconnect-max", Duration.ofSeconds(30),
            Duration.ofMillis(10), Duration.ofHours(1), "the longest backoff, before jitter; at least reconnect-base");
    /** Option: how long a connection may carry nothing. */
    static final Option<Duration> IDLE_TIMEOUT = Option.duration("transport.tcp.idle-timeout", Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofHours(1), "a connection that carried nothing either way for this long is closed");
    /** The options read here. */
    static final List<Option<?>> OPTIONS = List.of(PACKET_BUDGET, MAX_FRAME_BYTES, MAX_QUEUED_BYTES, CONNECT_TIMEOUT,
            RECONNECT_BASE, RECONNECT_MAX, IDLE_TIMEOUT);

    /**
     * @param options the transport options
     * @return the settings
     * @throws InvalidConfigException naming the key, the value and the allowed range
     */
    static TcpSettings from(Options options) {
        int packetBudget = PACKET_BUDGET.read(options);
        int maxFrameBytes = MAX_FRAME_BYTES.read(options);
        long maxQueuedBytes = MAX_QUEUED_BYTES.read(options);
        if (maxQueuedBytes < (long) maxFrameBytes + Wire.HEADER_BYTES) {
            throw new InvalidConfigException(MAX_QUEUED_BYTES.key(), maxQueuedBytes,
                    "at least " + MAX_FRAME_BYTES.key() + " (" + maxFrameBytes + ") plus " + Wire.HEADER_BYTES
                            + ", so that the largest frame fits; raise it or lower " + MAX_FRAME_BYTES.key());
        }
        Duration connectTimeout = CONNECT_TIMEOUT.read(options);
        Duration reconnectBase = RECONNECT_BASE.read(options);
        Duration reconnectMax = RECONNECT_MAX.read(options);
        if (reconnectMax.compareTo(reconnectBase) < 0) {
            throw new InvalidConfigException(RECONNECT_MAX.key(), Options.format(reconnectMax),
                    "a duration from " + RECONNECT_BASE.key() + " (" + Options.format(reconnectBase) + ") to 1h");
        }
        Duration idleTimeout = IDLE_TIMEOUT.read(options);
        return new TcpSettings(packetBudget, maxFrameBytes, maxQueuedBytes, connectTimeout, reconnectBase,
                reconnectMax, idleTimeout);
    }
}
