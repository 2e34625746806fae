package io.chorus.core.wire;

/**
 * The header of the packet or frame being decoded, handed to every {@link MessageVisitor} call with
 * the messages it carries: who sent it, what the sender advertises, and how it came.
 *
 * <p>One instance per codec, filled anew for each decode: valid during the visitor's calls only
 * (like {@link MessageVisitor.TagsReader}), so that decoding allocates nothing.
 */
public final class Header {
    /** How bytes arrived: in a datagram, or as a frame of a stream. */
    public enum Channel {
        /** A datagram (UDP, or a packet carried over a stream by a packet-only-over-TCP transport). */
        PACKET,
        /** A frame of a stream (TCP): reliable, and possibly large. */
        STREAM
    }

    Peer sender;
    int senderAlive;
    int senderKnown;
    boolean inflates;
    Channel channel = Channel.PACKET;

    /** @return the sender's id, interned */
    public Peer sender() {
        return sender;
    }

    /** @return how many members the sender sees ALIVE */
    public int senderAlive() {
        return senderAlive;
    }

    /** @return how many members the sender knows in any state */
    public int senderKnown() {
        return senderKnown;
    }

    /** @return whether the sender accepts compressed frames (it advertised {@link Codec#FLAG_INFLATES}) */
    public boolean inflates() {
        return inflates;
    }

    /** @return how the bytes arrived */
    public Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "Header[" + sender + ", alive " + senderAlive + ", known " + senderKnown + (inflates ? ", inflates" : "")
                + ", " + channel + "]";
    }
}
