package io.chorus.api.spi;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;
import io.chorus.api.Stability;

/**
 * Where a transport hands what it receives; the engine implements it. Calls may come from any
 * transport thread and must return quickly; the bytes are valid only during the call.
 */
@Stability(Stability.Level.STABLE)
public interface TransportReceiver {
    /**
     * A packet arrived (unreliable, at most the packet budget).
     *
     * @param from the sender's socket address
     * @param data the buffer
     * @param offset where the packet starts
     * @param length its length
     */
    void onPacket(Address from, byte[] data, int offset, int length);

    /**
     * A frame arrived over a stream (reliable, ordered per connection).
     *
     * @param from the remote socket address (for inbound connections an ephemeral port)
     * @param data the buffer
     * @param offset where the frame starts
     * @param length its length
     */
    void onFrame(Address from, byte[] data, int offset, int length);

    /**
     * A frame could not be delivered.
     *
     * @param to where it was sent
     * @param reason refused, or closed mid-way
     */
    void onDeliveryFailure(Address to, FailureReason reason);

    /**
     * An established stream to {@code to} was closed by the other side or broke (not one this
     * transport closed for idleness or at shutdown): frames sent over it may not have been read,
     * and a member that was to answer them may be gone. Requests in flight to it fail at once.
     * Transports without streams never call it.
     *
     * @param to the destination the stream was dialed for
     */
    default void onConnectionLost(Address to) {
    }

    /**
     * Inbound bytes were dropped before reaching the engine (oversized, truncated, unreadable).
     * Counted in {@link io.chorus.api.ClusterStats#dropped()}.
     *
     * @param from the sender, as far as known
     */
    void onDropped(Address from);
}
