package io.chorus.core.wire;

import io.chorus.api.spi.MessageSigner;

/**
 * User messages on the wire: packets and frames whose header has {@link Codec#FLAG_USER}. They
 * are checked (magic, version, signature) and decoded on the thread that received them, never on
 * the protocol loop, so user traffic cannot delay probes.
 *
 * <pre>
 * SEND       11 : topic (len u8, ASCII), payload (the rest)
 * REQUEST    12 : id varint, timeoutMs varint, topic, payload
 * REPLY      13 : id varint, status u8, payload (for a status other than OK: the reason, UTF-8)
 * USER_EVENT 14 : as in {@link Codec}: an event its origin sends to each member directly
 * </pre>
 *
 * Encoding is static and thread-safe. A decoder instance is not: keep one per receiving thread.
 */
public final class UserCodec {
    /** One-way message. */
    public static final int SEND = 11;
    /** Request: expects a reply. */
    public static final int REQUEST = 12;
    /** Reply to a request. */
    public static final int REPLY = 13;

    /** Reply status: the handler's answer. */
    public static final int OK = 0;
    /** Reply status: no handler for the topic. */
    public static final int NO_HANDLER = 1;
    /** Reply status: the handler threw. */
    public static final int HANDLER_FAILED = 2;
    /** Reply status: the handler queue was full. */
    public static final int OVERLOADED = 3;
    /** Reply status: the reply was too large to send. */
    public static final int TOO_LARGE = 4;
    private static final int MAX_STATUS = TOO_LARGE;
    /** Decoding keeps at most this many distinct senders before it starts over. */
    private static final int MAX_INTERNED = 4096;

    /** Receives the messages of one decoded user packet or frame. Buffers are valid during the call only. */
    public interface Visitor extends UserEventVisitor {
        /** @param from the sender @param topic the topic @param b buffer @param off payload start @param len payload length */
        void send(Peer from, String topic, byte[] b, int off, int len);

        /**
         * @param from the sender
         * @param id the request id, to answer with
         * @param timeoutMs how long the sender waits for the reply
         * @param topic the topic
         * @param b buffer
         * @param off payload start
         * @param len payload length
         */
        void request(Peer from, long id, long timeoutMs, String topic, byte[] b, int off, int len);

        /** @param from the sender @param id the request id @param status OK or an error status @param b buffer @param off start @param len length */
        void reply(Peer from, long id, int status, byte[] b, int off, int len);

    }

    private final Verifier verifier;
    private final WireReader reader = new WireReader();
    private final boolean inflate;
    private final int maxInflated;
    private Deflation deflation;
    private PeerInterner interner = new PeerInterner();

    /** @param signer the node's signer, or null for unsigned traffic */
    public UserCodec(MessageSigner signer) {
        this(signer, false, Codec.DEFAULT_MAX_INFLATED);
    }

    /**
     * @param signer the node's signer, or null for unsigned traffic
     * @param inflate whether compressed user frames are accepted (the node's compression is on)
     * @param maxInflated the largest inflated size accepted
     */
    public UserCodec(MessageSigner signer, boolean inflate, int maxInflated) {
        this.verifier = new Verifier(signer);
        this.inflate = inflate;
        this.maxInflated = maxInflated;
    }

    /**
     * @param envelope the node's envelope, for its signer
     * @param inflate whether compressed user frames are accepted (the node's compression is on)
     * @param maxInflated the largest inflated size accepted
     * @return a decoder
     */
    public static UserCodec of(Envelope envelope, boolean inflate, int maxInflated) {
        return new UserCodec(envelope.signer(), inflate, maxInflated);
    }

    /** @return why the last decode dropped its input */
    public String lastError() {
        return verifier.lastError;
    }

    /**
     * @param b a packet or frame
     * @param off start
     * @param len length
     * @return whether its header marks it as user messages (checked before anything else)
     */
    public static boolean isUser(byte[] b, int off, int len) {
        return len >= 4 && b[off] == Codec.MAGIC0 && b[off + 1] == Codec.MAGIC1 && (b[off + 3] & FLAG_USER_BIT) != 0;
    }

    private static final int FLAG_USER_BIT = Codec.FLAG_USER;

    /**
     * Verifies and decodes a user packet or frame.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param v the visitor
     * @return the outcome; messages before a malformed one have been visited
     */
    public Codec.Outcome decode(byte[] b, int off, int len, Visitor v) {
        return decode(b, off, len, false, v);
    }

    /**
     * Verifies and decodes a user packet or frame; one that came sealed was opened by
     * {@link Envelope#unwrap} and carries no trailer.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param opened whether it came sealed and was opened
     * @param v the visitor
     * @return the outcome; messages before a malformed one have been visited
     */
    public Codec.Outcome decode(byte[] b, int off, int len, boolean opened, Visitor v) {
        int end = verifier.verify(b, off, len, opened);
        if (end < 0) {
            return Verifier.outcome(end);
        }
        if (interner.size() > MAX_INTERNED) {
            interner = new PeerInterner();
        }
        WireReader r = reader.reset(b, off + 4, end - off - 4);
        try {
            Peer from = interner.read(r);
            r.varint(Integer.MAX_VALUE);
            r.varint(Integer.MAX_VALUE);
            if ((b[off + 3] & Codec.FLAG_COMPRESSED) != 0) {
                if (!inflate) {
                    throw new CodecException("a compressed user frame, but this node's compression is off");
                }
                if (deflation == null) {
                    deflation = new Deflation();
                }
                Deflation.inflateMessages(r, deflation, maxInflated);
            }
            Codec.eachMessage(r, (type, body) -> visit(from, type, body, v));
            return Codec.Outcome.OK;
        } catch (CodecException e) {
            verifier.lastError = e.getMessage();
            return Codec.Outcome.DROPPED;
        }
    }

    private void visit(Peer from, int type, WireReader r, Visitor v) throws CodecException {
        switch (type) {
            case SEND: {
                String topic = Topics.read(r);
                v.send(from, topic, r.buf, r.pos, r.remaining());
                break;
            }
            case REQUEST: {
                long id = r.varlong();
                long timeout = r.varlong();
                String topic = Topics.read(r);
                v.request(from, id, timeout, topic, r.buf, r.pos, r.remaining());
                break;
            }
            case REPLY: {
                long id = r.varlong();
                int status = r.u8();
                if (status > MAX_STATUS) {
                    throw new CodecException("reply status " + status + " out of range 0-" + MAX_STATUS);
                }
                v.reply(from, id, status, r.buf, r.pos, r.remaining());
                break;
            }
            case Codec.USER_EVENT:
                Codec.readUserEvent(interner, r, v);
                break;
            default:
                throw new CodecException("message type " + type + " in a user frame; allowed 11-14");
        }
        r.pos = r.limit;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Starts a user packet or frame.
     *
     * @param w the writer, cleared first
     * @param sender the local node
     * @param signed whether it will be signed
     */
    public static void begin(WireWriter w, Peer sender, boolean signed) {
        w.clear();
        w.u8(Codec.MAGIC0);
        w.u8(Codec.MAGIC1);
        w.u8(Codec.VERSION);
        w.u8(FLAG_USER_BIT | (signed ? Codec.FLAG_SIGNED : 0));
        w.peer(sender);
        w.varlong(0);
        w.varlong(0);
    }

    /**
     * @param sender the local node
     * @param topic the topic's wire bytes
     * @param trailer the signer's trailer length
     * @return the most bytes a user packet or frame spends around its payload
     */
    public static int overhead(Peer sender, byte[] topic, int trailer) {
        // header, type, body length, two varints (id, timeout or status), topic
        return 4 + sender.wire.length + 2 + 1 + 5 + 10 + 10 + 1 + topic.length + trailer;
    }

    /** @param w writer @param topic topic bytes @param payload the payload */
    public static void send(WireWriter w, byte[] topic, byte[] payload) {
        int body = 1 + topic.length + payload.length;
        w.ensure(6 + body);
        w.u8(SEND);
        w.varlong(body);
        Topics.write(w, topic);
        w.bytes(payload, 0, payload.length);
    }

    /** @param w writer @param id request id @param timeoutMs the requester's timeout @param topic topic bytes @param payload the payload */
    public static void request(WireWriter w, long id, long timeoutMs, byte[] topic, byte[] payload) {
        int body = WireWriter.varlongSize(id) + WireWriter.varlongSize(timeoutMs) + 1 + topic.length + payload.length;
        w.ensure(6 + body);
        w.u8(REQUEST);
        w.varlong(body);
        w.varlong(id);
        w.varlong(timeoutMs);
        Topics.write(w, topic);
        w.bytes(payload, 0, payload.length);
    }

    /** @param w writer @param id request id @param status reply status @param payload the reply or the error text */
    public static void reply(WireWriter w, long id, int status, byte[] payload) {
        int body = WireWriter.varlongSize(id) + 1 + payload.length;
        w.ensure(6 + body);
        w.u8(REPLY);
        w.varlong(body);
        w.varlong(id);
        w.u8(status);
        w.bytes(payload, 0, payload.length);
    }

    /**
     * Signs or seals the packet or frame and puts the label in front (thread-safe: the envelope is).
     *
     * @param w the writer
     * @param envelope the node's envelope
     */
    public static void finish(WireWriter w, Envelope envelope) {
        envelope.close(w);
    }

    /**
     * Compresses a user frame's messages in place when they take at least {@code threshold} bytes
     * and shrink; then close it with {@link #finish}.
     *
     * @param w the writer, holding a header and messages
     * @param d the deflation to use (not thread-safe: one per thread)
     * @param threshold message bytes from which to compress
     * @return whether it compressed
     */
    public static boolean compress(WireWriter w, Deflation d, int threshold) {
        return threshold > 0 && Deflation.compressMessages(w, d, threshold);
    }
}
