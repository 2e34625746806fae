package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.MemberState;
import io.chorus.api.spi.Transport;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.WireWriter;

/**
 * Everything this node sends goes out here (memberlist's {@code net.go}): one packet writer and one
 * frame writer, each begun with this node's header, finished (compressed, signed) by the codec,
 * counted, and handed to the transport. A packet can carry pending membership updates in its spare
 * room (piggybacking).
 */
final class Outbox {
    /** Frames are rare and can be large: a big buffer is let go after use instead of kept (10,000 nodes in one JVM). */
    private static final int FRAME_BUFFER = 16 * 1024;

    /** Fills a packet's spare room with pending updates. */
    @FunctionalInterface
    interface Piggyback {
        /**
         * @param w the packet
         * @param budget its last usable byte offset
         * @param skip a member whose update the packet already carries, or null
         */
        void fill(WireWriter w, int budget, String skip);
    }

    private final Codec codec;
    private final MemberTable table;
    private final LocalNode local;
    private final Counters counters;
    private final WireWriter out = new WireWriter(2048);
    private WireWriter frameOut = new WireWriter(FRAME_BUFFER);
    private Piggyback piggyback = (w, budget, skip) -> { };
    private Transport transport;
    private int budget;

    Outbox(Codec codec, MemberTable table, LocalNode local, Counters counters) {
        this.codec = codec;
        this.table = table;
        this.local = local;
        this.counters = counters;
    }

    /** @param p what fills the spare room of packets sent with updates */
    void piggyback(Piggyback p) {
        this.piggyback = p;
    }

    /** @param t the bound transport */
    void bind(Transport t) {
        this.transport = t;
        this.budget = t.packetBudget() - codec.trailerLength();
    }

    /** @return the last byte offset a packet's messages may reach (the transport's budget less the signature) */
    int budget() {
        return budget;
    }

    /** @return whether the transport carries frames (streams) */
    boolean streams() {
        return transport.supportsFrames();
    }

    /** @return the room a packet has for messages after its header */
    int packetRoom() {
        return budget - (4 + local.peer.wireLength() + 10);
    }

    /** @return the packet writer, cleared and begun with this node's header */
    WireWriter packet() {
        codec.begin(out, local.peer, table.count(MemberState.ALIVE), table.size);
        return out;
    }

    /** @return the frame writer, cleared and begun with this node's header */
    WireWriter frame() {
        codec.begin(frameOut, local.peer, table.count(MemberState.ALIVE), table.size);
        return frameOut;
    }

    /** Sends the packet as written. */
    void send(Address to) {
        codec.finish(out);
        int len = out.position();
        counters.sent(len);
        transport.sendPacket(to, out.buffer(), 0, len);
    }

    /**
     * Fills the packet's spare room with pending updates, then sends it.
     *
     * @param to the receiver
     * @param skip a member whose update the packet already carries, or null
     */
    void sendWithUpdates(Address to, String skip) {
        piggyback.fill(out, budget, skip);
        send(to);
    }

    /** Sends the packet as written over a stream instead: a probe or its answer that datagrams may not get through. */
    void sendOverStream(Address to) {
        codec.finish(out);
        counters.sentFrame(out.position());
        transport.sendFrame(to, out.buffer(), 0, out.position());
    }

    /**
     * Sends the frame: over a stream, compressed when allowed and worth it; with a transport that has
     * no streams, in a packet when it fits.
     *
     * @param to the receiver
     * @param compress whether the receiver may get it compressed
     * @return the bytes sent, 0 when it was not (too large for a packet, with no stream)
     */
    int sendFrame(Address to, Codec.Compress compress) {
        boolean streams = transport.supportsFrames();
        codec.finish(frameOut, streams ? compress : Codec.Compress.NEVER);
        int len = frameOut.position();
        int sent = 0;
        if (streams) {
            counters.sentFrame(len);
            transport.sendFrame(to, frameOut.buffer(), 0, len);
            sent = len;
        } else if (len <= transport.packetBudget()) {
            counters.sent(len);
            transport.sendPacket(to, frameOut.buffer(), 0, len);
            sent = len;
        }
        if (frameOut.buffer().length > FRAME_BUFFER) {
            frameOut = new WireWriter(FRAME_BUFFER);
        }
        return sent;
    }

    /** @return whether a member's last header said it inflates compressed frames: how to send it a frame */
    Codec.Compress compressFor(io.chorus.core.wire.Peer p) {
        int slot = table.find(p);
        return Codec.Compress.allowedIf(slot >= 0 && table.peers[slot] == p && table.inflates[slot]);
    }
}
