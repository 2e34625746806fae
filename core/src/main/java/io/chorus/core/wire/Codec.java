package io.chorus.core.wire;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.spi.MessageSigner;

/**
 * The binary wire format, version 1: the one seam between the engine and bytes.
 *
 * <pre>
 * packet or frame := magic 'C' 'h' | version u8 | flags u8 | sender id | senderAlive varint | senderKnown varint
 *                    | message* | trailer (when flags has SIGNED)
 *                    (a cluster label, or a seal, goes around it: see {@link Envelope})
 * message         := type u8 | length varint | body
 * id              := nameLen u8 | name | hostKind u8 | host (4 bytes when kind 0, else kind bytes) | port u16
 * PING     1 : seq varint, target id         ACK  2 : seq varint          NACK 3 : seq varint
 * PING_REQ 4 : seq varint, target id
 * ALIVE    5 : id, incarnation varint, tags  (tags := count varint, (key string, value string)*)
 * SUSPECT  6 : id, incarnation, from id      DEAD 7 : id, incarnation, from id, reason u8 (a FailureReason ordinal)
 * LEFT     8 : id, incarnation
 *            (the type of a member update is 5 + the ordinal of its MemberState)
 * SYNC     9 : flags u8, count varint, (id, state u8 (a MemberState ordinal), incarnation, tags)*
 * DIGEST  10 : salt u32, hashes u8, bits varint, filter bytes: a Bloom filter of the sender's
 *              (id, incarnation, state) entries; the answer is a SYNC reply with the entries
 *              the filter does not hold (a delta pull)
 * USER_EVENT 14 : origin id, stream varint, seq varint, low varint, flags u8, topic (len u8, ASCII), payload (the rest);
 *                 low: the oldest ordered event its origin still gossiped when it sent this one
 * NAME_CONFLICT 15 : holder id, claimant id: a live member (holder) has the name a node at another
 *                 address (claimant) tried to join with; sent by the seed to both
 * </pre>
 *
 * A packet or frame whose flags have {@link #FLAG_USER} carries user messages (types 11 to 13, see
 * {@link UserCodec}); it never reaches the protocol loop.
 *
 * <p>Compression. Every header from a node that can inflate has {@link #FLAG_INFLATES}; a frame
 * whose messages take at least the threshold is sent compressed, to such a node only, when that
 * makes it smaller:
 * <pre>
 * compressed := header (flags has COMPRESSED) | 0 u8 | size varint | zlib stream of the messages (size bytes inflated) | trailer
 * </pre>
 * The signature covers the compressed bytes and is checked before anything is inflated. A node
 * built before compression ignores the flags it does not know and reads the body as a message of
 * type 0 whose length ({@code size}, larger than the compressed rest) runs past the end: it drops
 * the frame whole, visiting nothing. Inflation is bounded: a size over the cap, or over what
 * deflate can reach from the bytes at hand ({@link Deflation#MAX_RATIO}), is dropped before any
 * allocation, and the output may never exceed the size claimed.
 *
 * Every length is checked against what remains before it is used; a message of unknown type is
 * skipped by its length and reported, so versions can mix. With a signer, the trailer is checked
 * over every byte before it, before anything else is decoded. Not thread-safe (one per loop).
 */
public final class Codec {
    /** Protocol version written and accepted. */
    public static final int VERSION = 1;
    static final int MAGIC0 = 'C';
    static final int MAGIC1 = 'h';
    static final int FLAG_SIGNED = 1;
    /** Header flag: user messages (send, request, reply), decoded off the protocol loop. */
    public static final int FLAG_USER = 2;
    /** Header flag: the messages after the header are compressed (see the class comment). */
    public static final int FLAG_COMPRESSED = 4;
    /** Header flag: the sender accepts compressed packets and frames. */
    public static final int FLAG_INFLATES = 8;
    /** The default compression threshold: message bytes from which a frame is compressed. */
    public static final int DEFAULT_THRESHOLD = 1024;
    /** The default cap on the inflated size of a compressed packet or frame. */
    public static final int DEFAULT_MAX_INFLATED = 16 * 1024 * 1024;

    /** Message types. */
    public static final int PING = 1;
    /** Ack of a ping. */
    public static final int ACK = 2;
    /** Negative ack from an indirect prober. */
    public static final int NACK = 3;
    /** Request to probe another member. */
    public static final int PING_REQ = 4;
    /** Alive announcement. */
    public static final int ALIVE = 5;
    /** Suspicion. */
    public static final int SUSPECT = 6;
    /** Death declaration. */
    public static final int DEAD = 7;
    /** Graceful leave. */
    public static final int LEFT = 8;
    /** Full-state exchange. */
    public static final int SYNC = 9;

    /** Delta pull: a Bloom filter of what the sender knows. */
    public static final int DIGEST = 10;
    /** A user event, gossiped or sent directly (see {@link #userEvent}). */
    public static final int USER_EVENT = 14;
    /** A name held by a live member was claimed from another address (see {@link #nameConflict}). */
    public static final int NAME_CONFLICT = 15;
    /** User event flag: coalescing (a newer event of the origin and topic replaces an older one). */
    public static final int EVENT_COALESCE = 1;
    /** User event flag: sent directly by its origin to each member; not relayed. */
    public static final int EVENT_DIRECT = 2;

    /** Bits per entry in a digest's filter (about 2% false positives with 3 hashes). */
    public static final int DIGEST_BITS_PER_ENTRY = 10;
    static final int DIGEST_HASHES = 3;
    /** The largest digest filter accepted, in bits. */
    public static final int DIGEST_MAX_BITS = 1 << 22;

    /**
     * The largest incarnation accepted off the wire (2^62): a node refutes by going one higher, so
     * a forged huge incarnation can never overflow.
     */
    public static final long MAX_INCARNATION = 1L << 62;

    /** SYNC flag: this is the answer to a SYNC. */
    public static final int SYNC_REPLY = 1;
    /** SYNC flag: the sender is joining; its members are news to gossip. */
    public static final int SYNC_JOIN = 2;
    /**
     * SYNC flag: the state is a sample, not all the sender knows (its answer to a join in a large
     * cluster); the rest comes from other members. A build that does not know the flag reads the
     * sample as a state.
     */
    public static final int SYNC_PARTIAL = 4;

    /** Decode outcomes. */
    public enum Outcome {
        /** Decoded (possibly with unknown messages skipped). */
        OK,
        /** Malformed, truncated or of a foreign protocol. */
        DROPPED,
        /** Signature missing. */
        MISSING_SIGNATURE,
        /** Signature wrong. */
        BAD_SIGNATURE,
        /** Key id unknown. */
        UNKNOWN_KEY,
        /** Replayed. */
        REPLAYED,
        /** Another cluster label, or a label where this node has none (or none where it has one). */
        LABEL,
        /** Signed or plain, to a node that accepts only sealed traffic. */
        UNSEALED,
        /** Sealed, to a node that cannot open it (no sealer) or does not accept it yet. */
        SEALED
    }

    private final PeerInterner interner;
    private final Envelope envelope;
    private final Verifier verifier;
    private final int trailer;
    private final WireReader reader = new WireReader();
    /** Reads the messages after a header, handing each with the header to a visitor. */
    private final MessageReader messages;
    private boolean compression = true;
    private int threshold = DEFAULT_THRESHOLD;
    private int maxInflated = DEFAULT_MAX_INFLATED;
    private Deflation deflation;
    private boolean ownDeflation = true;

    /**
     * @param interner where ids are interned
     * @param signer the signer, or null for unsigned traffic
     */
    public Codec(PeerInterner interner, MessageSigner signer) {
        this(Envelope.signing(signer), interner);
    }

    /**
     * @param interner where ids are interned
     * @param envelope the node's label, signer and sealer (see {@link Envelope})
     * @return a codec that closes what it writes with the envelope
     */
    public static Codec of(PeerInterner interner, Envelope envelope) {
        return new Codec(envelope, interner);
    }

    private Codec(Envelope envelope, PeerInterner interner) {
        this.interner = interner;
        this.envelope = envelope;
        this.messages = new MessageReader(interner);
        this.verifier = new Verifier(envelope.signer());
        this.trailer = envelope.overhead();
    }

    /**
     * Sets how this codec compresses.
     *
     * @param enabled whether to advertise {@link #FLAG_INFLATES}, inflate what comes compressed and
     *     compress; when false, packets and frames go as a build before compression wrote them, and a
     *     compressed one is dropped as that build would drop it
     * @param threshold message bytes from which a frame is compressed; 0 never compresses (but
     *     still inflates when enabled)
     * @param maxInflated the largest inflated size accepted
     * @param shared a deflation to share with other codecs on this thread, or null for one of its own
     */
    public void compression(boolean enabled, int threshold, int maxInflated, Deflation shared) {
        if (threshold < 0 || maxInflated < 1) {
            throw new IllegalArgumentException("threshold " + threshold + " or cap " + maxInflated + " out of range");
        }
        this.compression = enabled;
        this.threshold = threshold;
        this.maxInflated = maxInflated;
        if (shared != null) {
            closeDeflation();
            this.deflation = shared;
            this.ownDeflation = false;
        }
    }

    /** Frees the native memory of a deflation of its own (a shared one is its owner's to close); a later use makes new. */
    public void closeDeflation() {
        if (ownDeflation && deflation != null) {
            deflation.close();
        }
        if (ownDeflation) {
            deflation = null;
        }
    }

    private Deflation deflation() {
        Deflation d = deflation;
        if (d == null) {
            d = deflation = new Deflation();
            ownDeflation = true;
        }
        return d;
    }

    /**
     * @return the header of the last packet or frame decoded (its sender is null when the header was
     *     not read); for tests and diagnostics: a visitor gets the header with each message
     */
    public Header lastHeader() {
        return messages.header;
    }

    /** @return the most bytes each packet spends around its messages' header: the label, and the signer's trailer or the seal */
    public int trailerLength() {
        return trailer;
    }

    /** @return the interner */
    public PeerInterner interner() {
        return interner;
    }

    /** @return why the last decode dropped its input */
    public String lastError() {
        return verifier.lastError;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Starts a packet or frame.
     *
     * @param w the writer, cleared first
     * @param sender the local node
     * @param aliveCount members the sender sees ALIVE
     * @param knownCount members the sender knows in any state
     */
    public void begin(WireWriter w, Peer sender, int aliveCount, int knownCount) {
        w.clear();
        w.u8(MAGIC0);
        w.u8(MAGIC1);
        w.u8(VERSION);
        w.u8((envelope.signer() == null ? 0 : FLAG_SIGNED) | (compression ? FLAG_INFLATES : 0));
        w.peer(sender);
        w.varlong(aliveCount);
        w.varlong(knownCount);
    }

    /**
     * Ends a packet or frame: signs or seals it and puts the label in front ({@link Envelope#close}).
     *
     * @param w the writer
     */
    public void finish(WireWriter w) {
        envelope.close(w);
    }

    /**
     * Ends a frame, compressing its messages first when allowed and worth it, then signing.
     *
     * @param w the writer
     * @param compress whether the receiver may get it compressed (it advertised {@link #FLAG_INFLATES})
     * @return whether the frame went compressed
     */
    public boolean finish(WireWriter w, Compress compress) {
        boolean done = compress == Compress.ALLOWED && compression && threshold > 0 && Deflation.compressMessages(w, deflation(), threshold);
        envelope.close(w);
        return done;
    }

    /** Whether a frame may go compressed: only to a member whose last header said it inflates. */
    public enum Compress {
        /** The receiver inflates: compress when it is worth it. */
        ALLOWED,
        /** The receiver may not inflate (a seed not yet heard from, an older build): send it plain. */
        NEVER;

        /**
         * @param receiverInflates whether the receiver's last header advertised {@link #FLAG_INFLATES}
         * @return ALLOWED when it did
         */
        public static Compress allowedIf(boolean receiverInflates) {
            return receiverInflates ? ALLOWED : NEVER;
        }
    }

    /**
     * Where the messages of a well-formed packet or frame start, past its header: for tools and
     * benchmarks that look at bytes this codec wrote. Untrusted input goes through {@link #decode}.
     *
     * @param b the bytes
     * @param off where the packet starts
     * @return the offset of its first message
     */
    public static int messagesStart(byte[] b, int off) {
        int p = off + 4;
        int nameLen = b[p] & 0xff;
        int hostKind = b[p + 1 + nameLen] & 0xff;
        p += 1 + nameLen + 1 + (hostKind == 0 ? 4 : hostKind) + 2;
        for (int i = 0; i < 2; i++) {
            while ((b[p++] & 0x80) != 0) {
                // skip the varint
            }
        }
        return p;
    }

    /** @param seq sequence @param target target @return encoded size */
    public static int pingSize(int seq, Peer target) {
        int body = WireWriter.varlongSize(seq) + target.wire.length;
        return 1 + WireWriter.varlongSize(body) + body;
    }

    /** @param w writer @param seq sequence @param target whom the ping is for */
    public static void ping(WireWriter w, int seq, Peer target) {
        w.u8(PING);
        w.varlong(WireWriter.varlongSize(seq) + target.wire.length);
        w.varlong(seq);
        w.peer(target);
    }

    /** @param w writer @param seq sequence @param target whom to probe */
    public static void pingReq(WireWriter w, int seq, Peer target) {
        w.u8(PING_REQ);
        w.varlong(WireWriter.varlongSize(seq) + target.wire.length);
        w.varlong(seq);
        w.peer(target);
    }

    /** @param w writer @param type ACK or NACK @param seq sequence */
    public static void ack(WireWriter w, int type, int seq) {
        w.u8(type);
        w.varlong(WireWriter.varlongSize(seq));
        w.varlong(seq);
    }

    /**
     * @param state the state the update announces: ALIVE, SUSPECT, DEAD or LEFT
     * @param member the member
     * @param inc incarnation
     * @param from suspector or declarer (SUSPECT, DEAD)
     * @param tags tags (ALIVE)
     * @return encoded size of the update
     */
    public static int updateSize(MemberState state, Peer member, long inc, Peer from, Tags tags) {
        int body = updateBody(state, member, inc, from, tags);
        return 1 + WireWriter.varlongSize(body) + body;
    }

    private static int updateBody(MemberState state, Peer member, long inc, Peer from, Tags tags) {
        int body = member.wire.length + WireWriter.varlongSize(inc);
        switch (state) {
            case ALIVE:
                return body + tags.wire.length;
            case SUSPECT:
                return body + from.wire.length;
            case DEAD:
                return body + from.wire.length + 1;
            default:
                return body;
        }
    }

    /** @param state a member state @return the message type of an update announcing it */
    public static int updateType(MemberState state) {
        return ALIVE + state.ordinal();
    }

    /**
     * Writes a membership update.
     *
     * @param w writer
     * @param state the state it announces: ALIVE, SUSPECT, DEAD or LEFT
     * @param member the member
     * @param inc incarnation
     * @param from suspector or declarer (SUSPECT, DEAD)
     * @param tags tags (ALIVE)
     * @param reason why the member is dead (DEAD; ignored otherwise)
     */
    public static void update(WireWriter w, MemberState state, Peer member, long inc, Peer from, Tags tags,
            FailureReason reason) {
        int body = updateBody(state, member, inc, from, tags);
        w.ensure(1 + WireWriter.varlongSize(body) + body);
        w.u8(updateType(state));
        w.varlong(body);
        w.peer(member);
        w.varlong(inc);
        switch (state) {
            case ALIVE:
                w.bytes(tags.wire, 0, tags.wire.length);
                break;
            case SUSPECT:
                w.peer(from);
                break;
            case DEAD:
                w.peer(from);
                w.u8(reason.ordinal());
                break;
            default:
                break;
        }
    }

    /**
     * Starts a SYNC message; follow with {@link #syncEntry} calls and {@link #endSync}.
     *
     * @param w writer
     * @param flags SYNC flags
     * @param count entries that will follow
     * @return the mark to pass to {@link #endSync}
     */
    public static int beginSync(WireWriter w, int flags, int count) {
        w.u8(SYNC);
        int mark = w.pos;
        w.ensure(4);
        w.pos += 4; // length, written by endSync as a 4-byte LEB128
        w.u8(flags);
        w.varlong(count);
        return mark;
    }

    /**
     * @param w writer
     * @param member the member
     * @param state its state
     * @param inc its incarnation
     * @param tags its tags
     */
    public static void syncEntry(WireWriter w, Peer member, MemberState state, long inc, Tags tags) {
        w.ensure(member.wire.length + 11 + tags.wire.length);
        w.peer(member);
        w.u8(state.ordinal());
        w.varlong(inc);
        w.bytes(tags.wire, 0, tags.wire.length);
    }

    /** @param w writer @param mark from {@link #beginSync}, whose count of entries were all written */
    public static void endSync(WireWriter w, int mark) {
        int len = w.pos - mark - 4;
        w.buf[mark] = (byte) ((len & 0x7f) | 0x80);
        w.buf[mark + 1] = (byte) (((len >>> 7) & 0x7f) | 0x80);
        w.buf[mark + 2] = (byte) (((len >>> 14) & 0x7f) | 0x80);
        w.buf[mark + 3] = (byte) ((len >>> 21) & 0x7f);
    }

    /**
     * Ends a SYNC message that holds fewer entries than {@link #beginSync} announced (a state cut to
     * fit one packet), writing the count it holds.
     *
     * @param w writer
     * @param mark from {@link #beginSync}
     * @param announced the count given to {@link #beginSync}
     * @param written the entries written
     */
    public static void endSync(WireWriter w, int mark, int announced, int written) {
        if (written != announced) {
            byte[] buf = w.buf;
            int countAt = mark + 5;
            int oldSize = WireWriter.varlongSize(announced);
            int newSize = WireWriter.varlongSize(written);
            int end = w.pos;
            System.arraycopy(buf, countAt + oldSize, buf, countAt + newSize, end - countAt - oldSize);
            w.pos = countAt;
            w.varlong(written);
            w.pos = end - oldSize + newSize;
        }
        endSync(w, mark);
    }

    /**
     * The key of one member entry in a digest.
     *
     * @param peerHash the member's {@link Peer#wireHash()}
     * @param inc its incarnation
     * @param state its state ordinal
     * @param salt the digest's salt
     * @return a well-mixed 64-bit key
     */
    public static long digestKey(int peerHash, long inc, int state, int salt) {
        long x = (peerHash & 0xffffffffL) | ((long) salt << 32);
        x ^= (inc + 1) * 0x9E3779B97F4A7C15L;
        x += state * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /**
     * Writes a digest message holding {@code count} keys.
     *
     * @param w the writer
     * @param salt the salt the keys were made with
     * @param keys the entry keys
     * @param count how many keys
     */
    public static void digest(WireWriter w, int salt, long[] keys, int count) {
        int bits = Math.max(64, Math.min(DIGEST_MAX_BITS, count * DIGEST_BITS_PER_ENTRY));
        int bytes = (bits + 7) >>> 3;
        bits = bytes * 8;
        int body = 4 + 1 + WireWriter.varlongSize(bits) + bytes;
        w.ensure(1 + 5 + body);
        w.u8(DIGEST);
        w.varlong(body);
        w.u16(salt >>> 16);
        w.u16(salt & 0xffff);
        w.u8(DIGEST_HASHES);
        w.varlong(bits);
        int start = w.pos;
        java.util.Arrays.fill(w.buf, start, start + bytes, (byte) 0);
        for (int i = 0; i < count; i++) {
            long k = keys[i];
            int h1 = (int) k;
            int h2 = (int) (k >>> 32) | 1;
            for (int j = 0; j < DIGEST_HASHES; j++) {
                int bit = Integer.remainderUnsigned(h1 + j * h2, bits);
                w.buf[start + (bit >>> 3)] |= (byte) (1 << (bit & 7));
            }
        }
        w.pos = start + bytes;
    }

    /**
     * @param origin the member that broadcast the event
     * @param stream the origin's stream id (one per life of the node)
     * @param seq its sequence number in the stream
     * @param low the oldest ordered event its origin still gossiped
     * @param topic the topic's wire bytes
     * @param payloadLength the payload's length
     * @return the encoded size of the event
     */
    public static int userEventSize(Peer origin, long stream, long seq, long low, byte[] topic, int payloadLength) {
        int body = origin.wire.length + WireWriter.varlongSize(stream) + WireWriter.varlongSize(seq)
                + WireWriter.varlongSize(low) + 1 + 1 + topic.length + payloadLength;
        return 1 + WireWriter.varlongSize(body) + body;
    }

    /**
     * Writes a user event.
     *
     * @param w the writer
     * @param origin the member that broadcast it
     * @param stream the origin's stream id
     * @param seq its sequence number
     * @param low the oldest ordered event its origin still gossiped: where a node that never heard
     *     of the stream starts
     * @param flags {@link #EVENT_COALESCE}, {@link #EVENT_DIRECT}
     * @param topic the topic's wire bytes
     * @param payload the payload
     */
    public static void userEvent(WireWriter w, Peer origin, long stream, long seq, long low, int flags, byte[] topic,
            byte[] payload) {
        int body = origin.wire.length + WireWriter.varlongSize(stream) + WireWriter.varlongSize(seq)
                + WireWriter.varlongSize(low) + 1 + 1 + topic.length + payload.length;
        w.ensure(1 + 5 + body);
        w.u8(USER_EVENT);
        w.varlong(body);
        w.peer(origin);
        w.varlong(stream);
        w.varlong(seq);
        w.varlong(low);
        w.u8(flags);
        Topics.write(w, topic);
        w.bytes(payload, 0, payload.length);
    }

    /**
     * Writes a name conflict: the seed's answer to a join under a name a live member holds elsewhere.
     *
     * @param w the writer
     * @param holder the live member that holds the name
     * @param claimant the node at another address that tried to join with it
     */
    public static void nameConflict(WireWriter w, Peer holder, Peer claimant) {
        int body = holder.wire.length + claimant.wire.length;
        w.ensure(1 + 5 + body);
        w.u8(NAME_CONFLICT);
        w.varlong(body);
        w.peer(holder);
        w.peer(claimant);
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Verifies and decodes a packet or frame, calling the visitor for each message.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param v the visitor
     * @return the outcome; messages before a malformed one have been visited
     */
    public Outcome decode(byte[] b, int off, int len, MessageVisitor v) {
        return decode(b, off, len, Header.Channel.PACKET, v);
    }

    /**
     * Verifies and decodes a packet or frame, calling the visitor for each message with the header,
     * then {@link MessageVisitor#done} once every message was read.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param channel how the bytes arrived
     * @param v the visitor
     * @return the outcome; messages before a malformed one have been visited
     */
    public Outcome decode(byte[] b, int off, int len, Header.Channel channel, MessageVisitor v) {
        return decode(b, off, len, channel, false, v);
    }

    /**
     * Verifies and decodes a packet or frame, as {@link #decode(byte[], int, int, Header.Channel, MessageVisitor)}
     * does; one that came sealed was opened by {@link Envelope#unwrap} and carries no trailer.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @param channel how the bytes arrived
     * @param opened whether they came sealed and were opened
     * @param v the visitor
     * @return the outcome; messages before a malformed one have been visited
     */
    public Outcome decode(byte[] b, int off, int len, Header.Channel channel, boolean opened, MessageVisitor v) {
        Header h = messages.header;
        h.sender = null;
        h.channel = channel;
        int end = verifier.verify(b, off, len, opened);
        if (end < 0) {
            return Verifier.outcome(end);
        }
        WireReader r = reader.reset(b, off + 4, end - off - 4);
        boolean inflated = false;
        try {
            h.sender = interner.read(r);
            h.senderAlive = r.varint(Integer.MAX_VALUE);
            h.senderKnown = r.varint(Integer.MAX_VALUE);
            h.inflates = (b[off + 3] & FLAG_INFLATES) != 0;
            if (compression && (b[off + 3] & FLAG_COMPRESSED) != 0) {
                inflated = true;
                Deflation.inflateMessages(r, deflation(), maxInflated);
            }
            messages.read(r, v);
            v.done(h);
            return Outcome.OK;
        } catch (CodecException e) {
            verifier.lastError = e.getMessage();
            return Outcome.DROPPED;
        } finally {
            if (inflated) {
                deflation.releaseInflated();
            }
        }
    }

    /** Visits one message body; the reader is limited to it. */
    @FunctionalInterface
    interface Body {
        void visit(int type, WireReader r) throws CodecException;
    }

    /**
     * Walks the length-prefixed messages left in {@code r}, limiting the reader to each body in turn.
     *
     * @param r the reader, after the header
     * @param body visits each message
     * @throws CodecException if a length runs past the end
     */
    static void eachMessage(WireReader r, Body body) throws CodecException {
        while (r.remaining() > 0) {
            int type = r.u8();
            // bound the length by what is left after the length field itself, not before it
            int bodyLen = r.varint(Integer.MAX_VALUE);
            r.need(bodyLen);
            int bodyEnd = r.pos + bodyLen;
            int outerLimit = r.limit;
            r.limit(bodyEnd);
            body.visit(type, r);
            r.limit(outerLimit);
            r.pos = bodyEnd;
        }
    }

    /** Reads a USER_EVENT body and hands it over. */
    static void readUserEvent(PeerInterner interner, WireReader r, UserEventVisitor v) throws CodecException {
        Peer origin = interner.read(r);
        long stream = r.varlong();
        long seq = r.varlong();
        long low = r.varlong();
        int flags = r.u8();
        String topic = Topics.read(r);
        v.userEvent(origin, stream, seq, low, flags, topic, r.buf, r.pos, r.remaining());
        r.pos = r.limit;
    }
}
