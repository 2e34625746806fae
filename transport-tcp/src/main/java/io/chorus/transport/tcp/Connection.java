package io.chorus.transport.tcp;

import io.chorus.api.Address;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One socket and its buffers. Owned by the I/O thread; nothing here is thread-safe.
 * An outbound connection belongs to a {@link Peer}; an inbound one (accepted) to nobody.
 */
final class Connection {
    final SocketChannel channel;
    /** The remote socket address: the destination for an outbound connection. */
    final Address remote;
    /** The destination this connection was dialed for, or {@code null} when it was accepted. */
    final Peer peer;
    final MessageReader reader;
    /** Encoded messages not yet fully written, oldest first. */
    final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Bytes in {@link #queue} not yet written. */
    long queuedBytes;
    SelectionKey key;
    boolean connecting;
    long connectDeadline;
    long lastActivity;
    /** Whether it is in the transport's list of connections to flush. */
    boolean dirty;
    boolean closed;

    Connection(SocketChannel channel, Address remote, Peer peer, int maxFrameBytes) {
        this.channel = channel;
        this.remote = remote;
        this.peer = peer;
        this.reader = new MessageReader(maxFrameBytes);
    }

    boolean outbound() {
        return peer != null;
    }

    @Override
    public String toString() {
        return (outbound() ? "connection to " : "connection from ") + remote;
    }
}
