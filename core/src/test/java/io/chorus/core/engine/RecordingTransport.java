package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Transport;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link Transport} that sends nothing and records everything, with the loop time of each send.
 * What was sent is read back with the real {@link Codec} (sharing the node's interner, so the peers
 * in it are the very peers the test holds) and the test visitor {@link Recorder}: a test asserts the
 * exact messages on the wire. It keeps the transport's contract: a packet over the budget and a
 * frame on a packet-only transport are errors.
 */
final class RecordingTransport implements Transport {
    /** One send, as the transport got it. */
    record Sent(long at, Address to, Header.Channel channel, byte[] bytes) {
    }

    /**
     * One send, decoded.
     *
     * @param at the loop time it was sent
     * @param to where it went
     * @param channel PACKET for {@code sendPacket}, STREAM for {@code sendFrame}
     * @param sender the header's sender
     * @param senderAlive the header's count of ALIVE members
     * @param senderKnown the header's count of members known
     * @param inflates whether the header advertises that its sender inflates
     * @param compressed whether the messages went compressed
     * @param length the bytes sent
     * @param messages the messages, in order
     */
    record Wire(long at, Address to, Header.Channel channel, Peer sender, int senderAlive, int senderKnown,
            boolean inflates, boolean compressed, int length, List<Recorder.Msg> messages) {
        /** @return the only message, failing when there are more or none */
        Recorder.Msg only() {
            if (messages.size() != 1) {
                throw new AssertionError("expected one message, got " + messages + " to " + to);
            }
            return messages.get(0);
        }

        /** @param type a message type @return the messages of that type, in order */
        <T extends Recorder.Msg> List<T> all(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Recorder.Msg m : messages) {
                if (type.isInstance(m)) {
                    out.add(type.cast(m));
                }
            }
            return out;
        }

        /** @return the first message */
        Recorder.Msg first() {
            return messages.get(0);
        }
    }

    private final Address local;
    private final int budget;
    private final boolean frames;
    private final LongSupplier clock;
    private final Codec reader;
    private final List<Sent> sent = new ArrayList<>();

    /**
     * @param local the address it is bound to
     * @param budget the largest packet
     * @param frames whether it carries frames
     * @param clock the loop's clock, to stamp each send
     * @param interner the node's interner, so that decoded peers are the test's peers
     * @param signer the node's signer, to check what it signed, or null
     */
    RecordingTransport(Address local, int budget, boolean frames, LongSupplier clock, PeerInterner interner,
            MessageSigner signer) {
        this.local = local;
        this.budget = budget;
        this.frames = frames;
        this.clock = clock;
        this.reader = new Codec(interner, signer);
    }

    @Override
    public Address localAddress() {
        return local;
    }

    @Override
    public int packetBudget() {
        return budget;
    }

    @Override
    public void sendPacket(Address to, byte[] data, int offset, int length) {
        if (length > budget) {
            throw new IllegalArgumentException("packet of " + length + " bytes over the budget of " + budget);
        }
        sent.add(new Sent(clock.getAsLong(), to, Header.Channel.PACKET, Arrays.copyOfRange(data, offset, offset + length)));
    }

    @Override
    public boolean supportsFrames() {
        return frames;
    }

    @Override
    public void sendFrame(Address to, byte[] data, int offset, int length) {
        if (!frames) {
            throw new UnsupportedOperationException("a packet-only transport got a frame");
        }
        sent.add(new Sent(clock.getAsLong(), to, Header.Channel.STREAM, Arrays.copyOfRange(data, offset, offset + length)));
    }

    @Override
    public void close() {
    }

    /** @return every send so far, as sent */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** @return how many sends so far */
    int count() {
        return sent.size();
    }

    /** @return every send so far, decoded */
    List<Wire> wires() {
        List<Wire> out = new ArrayList<>();
        for (Sent s : sent) {
            out.add(decode(s));
        }
        return out;
    }

    /** @return every send so far, decoded; then forgets them */
    List<Wire> take() {
        List<Wire> out = wires();
        sent.clear();
        return out;
    }

    /** @return the only send so far, decoded; then forgets it */
    Wire takeOnly() {
        List<Wire> out = take();
        if (out.size() != 1) {
            throw new AssertionError("expected one send, got " + out);
        }
        return out.get(0);
    }

    /** Forgets every send so far. */
    void clear() {
        sent.clear();
    }

    /**
     * @param s a send
     * @return it decoded, failing when the codec does not accept it
     */
    Wire decode(Sent s) {
        Recorder r = new Recorder();
        Codec.Outcome outcome = reader.decode(s.bytes(), 0, s.bytes().length, s.channel(), r);
        if (outcome != Codec.Outcome.OK) {
            throw new AssertionError("sent bytes do not decode: " + outcome + " " + reader.lastError());
        }
        Header h = reader.lastHeader();
        boolean compressed = (s.bytes()[3] & Codec.FLAG_COMPRESSED) != 0;
        return new Wire(s.at(), s.to(), s.channel(), h.sender(), h.senderAlive(), h.senderKnown(), h.inflates(), compressed,
                s.bytes().length, List.copyOf(r.messages()));
    }
}
