/**
 * Stream transport for Chorus: reliable frames for full-state exchange, and packets too on
 * networks where UDP is blocked. Provider id {@code tcp}, priority 10. The module exports
 * nothing; the engine finds {@code io.chorus.transport.tcp.TcpTransportProvider} with
 * {@link java.util.ServiceLoader}.
 *
 * <p>One daemon I/O thread, {@code chorus-tcp-<port>}, runs a selector over the listener and
 * every connection. Sends copy the message, queue it and return at once; every call to the
 * receiver comes from that thread. Outbound connections are pooled, one per destination address,
 * and carry packets and frames in the order they were sent. A received message's sender is the
 * remote socket address (for an accepted connection, an ephemeral port).
 *
 * <p>Framing, on every connection: {@code length u32 (big-endian) | kind u8 | payload}, where
 * {@code length} counts the payload bytes only and {@code kind} is 0 for a packet, 1 for a frame.
 * The length is checked against {@code transport.tcp.max-frame-bytes} before any buffer is
 * allocated. A length over the limit, an unknown kind, or a stream that ends in the middle of a
 * message closes that connection alone and is reported through {@code onDropped}; a packet over
 * this node's packet budget is dropped and reported, and the connection kept.
 *
 * <p>Options (keys of {@code ClusterConfig.options()}; a bad value fails {@code Chorus.create} with
 * an {@link io.chorus.api.InvalidConfigException} naming the key, the value and the range;
 * {@code max-queued-bytes} below {@code max-frame-bytes} + 5, or {@code reconnect-max} below
 * {@code reconnect-base}, fails when the transport is created). Durations are written
 * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601.
 * <!-- options: generated from the declarations (Provider.options()) by the agent's OptionsReferenceTest; do not edit -->
 * <table>
 *   <caption>Options of io.chorus.transport.tcp (docs/options.md lists every module's)</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code transport.tcp.connect-timeout}</td><td>duration</td><td>2s</td><td>10ms to 1m</td>
 *       <td>how long a dial may take</td></tr>
 *   <tr><td>{@code transport.tcp.idle-timeout}</td><td>duration</td><td>1m</td><td>1s to 1h</td>
 *       <td>a connection that carried nothing either way for this long is closed</td></tr>
 *   <tr><td>{@code transport.tcp.max-frame-bytes}</td><td>bytes</td><td>8388608 (8 MiB)</td><td>65536 (64 KiB) to 268435456 (256 MiB)</td>
 *       <td>the largest payload of one message, sent or received, checked before any buffer is allocated</td></tr>
 *   <tr><td>{@code transport.tcp.max-queued-bytes}</td><td>bytes</td><td>67108864 (64 MiB)</td><td>131072 (128 KiB) to 4294967296 (4 GiB)</td>
 *       <td>the most bytes waiting to be written to one destination, at least max-frame-bytes + 5; a send over it is dropped and reported as CONNECTION_CLOSED</td></tr>
 *   <tr><td>{@code transport.tcp.packet-budget}</td><td>bytes</td><td>1400</td><td>512 to 65507</td>
 *       <td>the largest packet sendPacket takes; a longer one is refused, never truncated</td></tr>
 *   <tr><td>{@code transport.tcp.reconnect-base}</td><td>duration</td><td>1s</td><td>10ms to 10m</td>
 *       <td>the backoff after a destination's first failure; it doubles with each further failure, with jitter</td></tr>
 *   <tr><td>{@code transport.tcp.reconnect-max}</td><td>duration</td><td>30s</td><td>10ms to 1h</td>
 *       <td>the longest backoff, before jitter; at least reconnect-base</td></tr>
 * </table>
 * <!-- end of options -->
 *
 * <p>Delivery failures ({@code onDeliveryFailure}, once per message queued, for packets and
 * frames alike): a refused connect is {@code CONNECTION_REFUSED}; a connect that times out or
 * fails otherwise, and a connection reset or closed with messages still queued, are
 * {@code CONNECTION_CLOSED}. After a failure the destination is in backoff for
 * {@code min(reconnect-max, reconnect-base x 2^(failures - 1))} times a random factor from 0.5 to
 * 1.5; a send in that time fails at once with the same reason and does not dial. The first
 * successful connect clears the backoff. Bytes the kernel had accepted when a connection broke
 * are lost without a report.
 *
 * @provides io.chorus.api.spi.TransportProvider
 */
module io.chorus.transport.tcp {
    requires io.chorus.api;
    requires org.slf4j;

    provides io.chorus.api.spi.TransportProvider with io.chorus.transport.tcp.TcpTransportProvider;
}
