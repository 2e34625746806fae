package io.chorus.core.wire;

import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;

/**
 * Reads the protocol messages of a verified, inflated packet or frame, after its header, and hands
 * each to a {@link MessageVisitor} with the {@link Header} (the decoding half of {@link Codec}).
 * Every length was bounded by {@link Codec#eachMessage}; every field is checked as it is read; a
 * type this version does not know is reported and skipped. Allocates nothing for a known id or
 * tags: peers are interned, tags and SYNC entries are read lazily. One per codec, on its loop.
 */
final class MessageReader {
    private static final FailureReason[] REASONS = FailureReason.values();
    private static final MemberState[] STATES = MemberState.values();

    /** The header of the decode under way, handed to the visitor with each message. */
    final Header header = new Header();
    private final PeerInterner interner;
    private final WireReader tagReader = new WireReader();
    private final SyncCursor syncCursor = new SyncCursor();
    private final LazyTags lazyTags = new LazyTags();
    private final Filter filter = new Filter();
    /** The visitor of the read under way, for {@link #body}. */
    private MessageVisitor visitor;
    private final Codec.Body body = (type, r) -> visit(type, r, visitor);

    MessageReader(PeerInterner interner) {
        this.interner = interner;
    }

    /**
     * @param r the reader, after the header (and inflated)
     * @param v the visitor
     * @throws CodecException at the first malformed message; those before it were visited
     */
    void read(WireReader r, MessageVisitor v) throws CodecException {
        visitor = v;
        try {
            Codec.eachMessage(r, body);
        } finally {
            visitor = null;
        }
    }

    private void visit(int type, WireReader r, MessageVisitor v) throws CodecException {
        Header h = header;
        switch (type) {
            case Codec.PING:
                v.ping(h, r.varint(Integer.MAX_VALUE), interner.read(r));
                break;
            case Codec.ACK:
                v.ack(h, r.varint(Integer.MAX_VALUE));
                break;
            case Codec.NACK:
                v.nack(h, r.varint(Integer.MAX_VALUE));
                break;
            case Codec.PING_REQ:
                v.pingReq(h, r.varint(Integer.MAX_VALUE), interner.read(r));
                break;
            case Codec.ALIVE: {
                Peer p = interner.read(r);
                long inc = incarnation(r);
                lazyTags.start = r.pos;
                lazyTags.end = r.limit;
                lazyTags.buf = r.buf;
                v.alive(h, p, inc, lazyTags);
                break;
            }
            case Codec.SUSPECT: {
                Peer p = interner.read(r);
                long inc = incarnation(r);
                v.suspect(h, p, inc, interner.read(r));
                break;
            }
            case Codec.DEAD: {
                Peer p = interner.read(r);
                long inc = incarnation(r);
                Peer from = interner.read(r);
                v.dead(h, p, inc, from, reason(r.u8()));
                break;
            }
            case Codec.LEFT: {
                Peer p = interner.read(r);
                v.left(h, p, incarnation(r));
                break;
            }
            case Codec.DIGEST: {
                int salt = (r.u16() << 16) | r.u16();
                int hashes = r.u8();
                if (hashes < 1 || hashes > 16) {
                    throw new CodecException("digest: " + hashes + " hash functions, allowed 1-16");
                }
                int bits = r.varint(Codec.DIGEST_MAX_BITS);
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
                v.digest(h, filter);
                break;
            }
            case Codec.SYNC: {
                int flags = r.u8();
                // an entry takes at least 9 bytes (shortest id 8, state 1, incarnation 1, tags 1 minus overlap)
                int count = r.varint(r.remaining() / 9);
                syncCursor.reader = r;
                syncCursor.count = count;
                syncCursor.read = 0;
                v.sync(h, flags, syncCursor);
                break;
            }
            case Codec.USER_EVENT:
                Codec.readUserEvent(interner, r, v);
                break;
            case Codec.NAME_CONFLICT: {
                Peer holder = interner.read(r);
                v.nameConflict(h, holder, interner.read(r));
                break;
            }
            default:
                v.unknown(h, type);
                break;
        }
    }

    /** @return the reason with that ordinal; one this version does not know reads as silence */
    private static FailureReason reason(int ordinal) {
        return ordinal < REASONS.length ? REASONS[ordinal] : FailureReason.PROBE_TIMEOUT;
    }

    private static long incarnation(WireReader r) throws CodecException {
        long inc = r.varlong();
        if (inc > Codec.MAX_INCARNATION) {
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
        MemberState state;
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
            int ordinal = reader.u8();
            if (ordinal >= STATES.length) {
                throw new CodecException("sync: member state " + ordinal + " out of range 0-" + (STATES.length - 1));
            }
            state = STATES[ordinal];
            inc = MessageReader.incarnation(reader);
            tagsAt = reader.pos;
            // skip the tags now so that the next entry can be read without decoding them
            Tags.skip(reader, ClusterConfig.MAX_TAG_BYTES);
            return p;
        }

        @Override
        public MemberState state() {
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
