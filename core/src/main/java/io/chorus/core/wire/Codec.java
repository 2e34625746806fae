package io.chorus.core.wire;

import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.MessageSigner;

/**
 * The binary wire format, version 1: the one seam between the engine and bytes.
 *
 * <pre>
 * packet or frame := magic 'C' 'h' | version u8 | flags u8 | sender id | senderAlive varint | senderKnown varint
 *                    | message* | trailer (when flags has SIGNED)
 * message         := type u8 | length varint | body
 * id              := nameLen u8 | name | hostKind u8 | host (4 bytes when kind 0, else kind bytes) | port u16
 * PING     1 : seq varint, target id         ACK  2 : seq varint          NACK 3 : seq varint
 * PING_REQ 4 : seq varint, target id
 * ALIVE    5 : id, incarnation varint, tags  (tags := count varint, (key string, value string)*)
 * SUSPECT  6 : id, incarnation, from id      DEAD 7 : id, incarnation, from id, reason u8
 * LEFT     8 : id, incarnation
 * SYNC     9 : flags u8, count varint, (id, state u8, incarnation, tags)*
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
        REPLAYED
    }

    private final PeerInterner interner;
    private final Verifier verifier;
    private final int trailer;
    private final WireReader reader = new WireReader();
    private final WireReader tagReader = new WireReader();
    private final SyncCursor syncCursor = new SyncCursor();
    private final LazyTags lazyTags = new LazyTags();
    private final Filter filter = new Filter();
    private Peer lastSender;
    /** The visitor of the decode under way, for {@link #body}. */
    private MessageVisitor visitor;
    private final Body body = (type, r) -> visit(type, r, visitor);
    private int lastSenderAlive;
    private int lastSenderKnown;
    private boolean lastSenderInflates;
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
        this.interner = interner;
        this.verifier = new Verifier(signer);
        this.trailer = verifier.trailer();
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

    /** @return whether the sender of the last header decoded accepts compressed frames */
    public boolean lastSenderInflates() {
        return lastSenderInflates;
    }

    /** @return bytes each packet spends on the signer's trailer */
    public int trailerLength() {
        return trailer;
    }

    /** @return the interner */
    public PeerInterner interner() {
        return interner;
    }

    /** @return the sender of the last packet decoded */
    public Peer lastSender() {
        return lastSender;
    }

    /** @return the sender's ALIVE count from the last header decoded */
    public int lastSenderAlive() {
        return lastSenderAlive;
    }

    /** @return how many members the sender knows in any state, from the last header decoded */
    public int lastSenderKnown() {
        return lastSenderKnown;
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
        w.u8((verifier.signer() == null ? 0 : FLAG_SIGNED) | (compression ? FLAG_INFLATES : 0));
        w.peer(sender);
        w.varlong(aliveCount);
        w.varlong(knownCount);
    }

    /**
     * Ends a packet or frame, appending the signature when signing.
     *
     * @param w the writer
     */
    public void finish(WireWriter w) {
        verifier.finish(w);
    }

    /**
     * Ends a frame, compressing its messages first when asked and worth it, then signing.
     *
     * @param w the writer
     * @param compress whether the receiver accepts compression (it advertised {@link #FLAG_INFLATES})
     * @return whether the frame went compressed
     */
    public boolean finish(WireWriter w, boolean compress) {
        boolean done = compress && compression && threshold > 0 && compress(w, deflation(), threshold);
        verifier.finish(w);
        return done;
    }

    /**
     * Compresses the messages of a packet or frame in place, unless they are fewer than
     * {@code threshold} bytes or would not shrink.
     *
     * @param w the writer, holding a header and messages, not yet signed
     * @param d the deflation to use
     * @param threshold message bytes from which to compress
     * @return whether it compressed
     */
    static boolean compress(WireWriter w, Deflation d, int threshold) {
        byte[] b = w.buf;
        int start = headerEnd(b);
        int raw = w.pos - start;
        if (raw < threshold) {
            return false;
        }
        int prefix = 1 + WireWriter.varlongSize(raw);
        int packed = d.deflate(b, start, raw, raw - prefix - 1);
        if (packed < 0) {
            d.releasePacked();
            return false;
        }
        w.pos = start;
        w.u8(0);
        w.varlong(raw);
        w.bytes(d.packed(), 0, packed);
        b[3] |= FLAG_COMPRESSED;
        d.releasePacked();
        return true;
    }

    /** @return where the messages start in a header this node wrote */
    private static int headerEnd(byte[] b) {
        int p = 4;
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

    /**
     * Inflates the compressed messages after a header, when the header says so.
     *
     * @param r the reader, just after the header; pointed at the inflated messages on return
     * @param d the deflation to use
     * @param maxInflated the cap
     * @throws CodecException if the body is malformed, corrupt or over the cap
     */
    static void inflate(WireReader r, Deflation d, int maxInflated) throws CodecException {
        if (r.u8() != 0) {
            throw new CodecException("compressed body without its marker");
        }
        int size = r.varint(maxInflated);
        int compressed = r.remaining();
        if (size > (long) compressed * Deflation.MAX_RATIO + 64) {
            throw new CodecException("compressed body of " + compressed + " bytes claims " + size
                    + " inflated, more than deflate can reach");
        }
        d.inflate(r.buf, r.pos, compressed, size);
        r.reset(d.inflated(), 0, size);
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
     * @param kind ALIVE, SUSPECT, DEAD or LEFT
     * @param member the member
     * @param inc incarnation
     * @param from suspector or declarer (SUSPECT, DEAD)
     * @param tags tags (ALIVE)
     * @return encoded size of the update
     */
    public static int updateSize(int kind, Peer member, long inc, Peer from, Tags tags) {
        int body = member.wire.length + WireWriter.varlongSize(inc);
        switch (kind) {
            case ALIVE:
                body += tags.wire.length;
                break;
            case SUSPECT:
                body += from.wire.length;
                break;
            case DEAD:
                body += from.wire.length + 1;
                break;
            default:
                break;
        }
        return 1 + WireWriter.varlongSize(body) + body;
    }

    /**
     * Writes a membership update.
     *
     * @param w writer
     * @param kind ALIVE, SUSPECT, DEAD or LEFT
     * @param member the member
     * @param inc incarnation
     * @param from suspector or declarer (SUSPECT, DEAD)
     * @param tags tags (ALIVE)
     * @param reason failure reason ordinal (DEAD)
     */
    public static void update(WireWriter w, int kind, Peer member, long inc, Peer from, Tags tags, int reason) {
        int size = updateSize(kind, member, inc, from, tags);
        w.ensure(size);
        w.u8(kind);
        int body = member.wire.length + WireWriter.varlongSize(inc)
                + (kind == ALIVE ? tags.wire.length : kind == SUSPECT ? from.wire.length : kind == DEAD ? from.wire.length + 1 : 0);
        w.varlong(body);
        w.peer(member);
        w.varlong(inc);
        switch (kind) {
            case ALIVE:
                w.bytes(tags.wire, 0, tags.wire.length);
                break;
            case SUSPECT:
                w.peer(from);
                break;
            case DEAD:
                w.peer(from);
                w.u8(reason);
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
     * @param state its state ordinal
     * @param inc its incarnation
     * @param tags its tags
     */
    public static void syncEntry(WireWriter w, Peer member, int state, long inc, Tags tags) {
        w.ensure(member.wire.length + 11 + tags.wire.length);
        w.peer(member);
        w.u8(state);
        w.varlong(inc);
        w.bytes(tags.wire, 0, tags.wire.length);
    }

    /** @param w writer @param mark from {@link #beginSync} */
    public static void endSync(WireWriter w, int mark) {
        int len = w.pos - mark - 4;
        w.buf[mark] = (byte) ((len & 0x7f) | 0x80);
        w.buf[mark + 1] = (byte) (((len >>> 7) & 0x7f) | 0x80);
        w.buf[mark + 2] = (byte) (((len >>> 14) & 0x7f) | 0x80);
        w.buf[mark + 3] = (byte) ((len >>> 21) & 0x7f);
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
        lastSender = null;
        int end = verifier.verify(b, off, len);
        if (end < 0) {
            return Verifier.outcome(end);
        }
        WireReader r = reader.reset(b, off + 4, end - off - 4);
        boolean inflated = false;
        try {
            lastSender = interner.read(r);
            lastSenderAlive = r.varint(Integer.MAX_VALUE);
            lastSenderKnown = r.varint(Integer.MAX_VALUE);
            lastSenderInflates = (b[off + 3] & FLAG_INFLATES) != 0;
            if (compression && (b[off + 3] & FLAG_COMPRESSED) != 0) {
                inflated = true;
                inflate(r, deflation(), maxInflated);
            }
            visitor = v;
            eachMessage(r, body);
            return Outcome.OK;
        } catch (CodecException e) {
            verifier.lastError = e.getMessage();
            return Outcome.DROPPED;
        } finally {
            visitor = null;
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

    private void visit(int type, WireReader r, MessageVisitor v) throws CodecException {
        switch (type) {
            case PING:
                v.ping(r.varint(Integer.MAX_VALUE), interner.read(r));
                break;
            case ACK:
                v.ack(r.varint(Integer.MAX_VALUE));
                break;
            case NACK:
                v.nack(r.varint(Integer.MAX_VALUE));
                break;
            case PING_REQ:
                v.pingReq(r.varint(Integer.MAX_VALUE), interner.read(r));
                break;
            case ALIVE: {
                Peer p = interner.read(r);
                long inc = incarnation(r);
                lazyTags.start = r.pos;
                lazyTags.end = r.limit;
                lazyTags.buf = r.buf;
                v.alive(p, inc, lazyTags);
                break;
            }
            case SUSPECT: {
                Peer p = interner.read(r);
                long inc = incarnation(r);
                v.suspect(p, inc, interner.read(r));
                break;
            }
            case DEAD: {
                Peer p = interner.read(r);
                long inc = incarnation(r);
                Peer from = interner.read(r);
                v.dead(p, inc, from, r.u8());
                break;
            }
            case LEFT: {
                Peer p = interner.read(r);
                v.left(p, incarnation(r));
                break;
            }
            case DIGEST: {
                int salt = (r.u16() << 16) | r.u16();
                int hashes = r.u8();
                if (hashes < 1 || hashes > 16) {
                    throw new CodecException("digest: " + hashes + " hash functions, allowed 1-16");
                }
                int bits = r.varint(DIGEST_MAX_BITS);
                int bytes = (bits + 7) >>> 3;
                if (bits == 0 || bytes != r.remaining()) {
                    throw new CodecException("digest: " + bits + " bits do not match the " + r.remaining() + " bytes left");
                }
                filter.buf = r.buf;
                filter.start = r.pos;
                filter.bits = bits;
                filter.hashes = hashes;
                filter.salt = salt;
                r.skip(bytes);
                v.digest(filter);
                break;
            }
            case SYNC: {
                int flags = r.u8();
                // an entry takes at least 9 bytes (shortest id 8, state 1, incarnation 1, tags 1 minus overlap)
                int count = r.varint(r.remaining() / 9);
                syncCursor.reader = r;
                syncCursor.count = count;
                syncCursor.read = 0;
                v.sync(flags, syncCursor);
                break;
            }
            case USER_EVENT:
                readUserEvent(interner, r, v);
                break;
            case NAME_CONFLICT: {
                Peer holder = interner.read(r);
                v.nameConflict(holder, interner.read(r));
                break;
            }
            default:
                v.unknown(type);
                break;
        }
    }

    private static long incarnation(WireReader r) throws CodecException {
        long inc = r.varlong();
        if (inc > MAX_INCARNATION) {
            throw new CodecException("incarnation " + inc + " exceeds 2^62");
        }
        return inc;
    }

    private static final class Filter implements MessageVisitor.Digest {
        byte[] buf;
        int start;
        int bits;
        int hashes;
        int salt;

        @Override
        public int salt() {
            return salt;
        }

        @Override
        public boolean mightContain(long key) {
            int h1 = (int) key;
            int h2 = (int) (key >>> 32) | 1;
            for (int j = 0; j < hashes; j++) {
                int bit = Integer.remainderUnsigned(h1 + j * h2, bits);
                if ((buf[start + (bit >>> 3)] & (1 << (bit & 7))) == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private final class LazyTags implements MessageVisitor.TagsReader {
        byte[] buf;
        int start;
        int end;

        @Override
        public Tags read(Tags current) throws CodecException {
            tagReader.reset(buf, start, end - start);
            return Tags.read(tagReader, current, ClusterConfig.MAX_TAG_BYTES);
        }
    }

    private final class SyncCursor implements MessageVisitor.SyncReader {
        WireReader reader;
        int count;
        int read;
        int state;
        long inc;
        int tagsAt;

        @Override
        public int count() {
            return count;
        }

        @Override
        public Peer next() throws CodecException {
            if (read++ >= count) {
                throw new CodecException("sync: more entries read than announced");
            }
            Peer p = interner.read(reader);
            state = reader.u8();
            if (state > 3) {
                throw new CodecException("sync: member state " + state + " out of range 0-3");
            }
            inc = Codec.incarnation(reader);
            tagsAt = reader.pos;
            // skip the tags now so that the next entry can be read without decoding them
            Tags.skip(reader, ClusterConfig.MAX_TAG_BYTES);
            return p;
        }

        @Override
        public int state() {
            return state;
        }

        @Override
        public long incarnation() {
            return inc;
        }

        @Override
        public Tags tags(Tags current) throws CodecException {
            int save = reader.pos;
            reader.pos = tagsAt;
            Tags t = Tags.read(reader, current, ClusterConfig.MAX_TAG_BYTES);
            reader.pos = save;
            return t;
        }
    }
}
