package io.chorus.api.spi;

import io.chorus.api.Address;
import io.chorus.api.Stability;

/**
 * Moves bytes between nodes: packets (unreliable, bounded by {@link #packetBudget()}) for probes
 * and gossip, and frames (reliable) for full-state exchange. Sends never block the caller for
 * long and never throw for network trouble: failures surface through
 * {@link TransportReceiver#onDeliveryFailure}. The caller may reuse its buffer once a send
 * returns. Thread-safe: the protocol loop sends membership traffic while user messages are sent
 * from the callers' threads.
 */
@Stability(Stability.Level.STABLE)
public interface Transport extends AutoCloseable {
    /** @return the address others should dial: the advertised one, with the bound port when 0 was configured */
    Address localAddress();

    /** @return the largest packet this transport sends, in bytes */
    int packetBudget();

    /**
     * Sends one packet, best effort.
     *
     * @param to the destination
     * @param data the buffer
     * @param offset where the packet starts
     * @param length its length, at most {@link #packetBudget()}
     * @throws IllegalArgumentException if longer than the budget: never silently truncated
     */
    void sendPacket(Address to, byte[] data, int offset, int length);

    /** @return whether {@link #sendFrame} is supported (a packet-only transport returns false) */
    boolean supportsFrames();

    /**
     * Sends one frame reliably; frames to one destination arrive in order.
     *
     * @param to the destination
     * @param data the buffer
     * @param offset where the frame starts
     * @param length its length
     * @throws UnsupportedOperationException if {@link #supportsFrames()} is false
     */
    void sendFrame(Address to, byte[] data, int offset, int length);

    /** Stops receiving and releases sockets and threads. Idempotent. */
    @Override
    void close();
}
