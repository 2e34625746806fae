package io.chorus.core.wire;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;

/**
 * Receives the messages of one decoded packet or frame, in order, each with the {@link Header} it
 * came under, then {@link #done} once all were read. Peers and tags are valid beyond the call; the
 * header and the readers are valid during the call only; everything else is primitive.
 */
public interface MessageVisitor extends UserEventVisitor {
    /** @param h the header @param seq probe sequence @param target whom the ping is for */
    void ping(Header h, int seq, Peer target);

    /** @param h the header @param seq probe sequence */
    void ack(Header h, int seq);

    /** @param h the header @param seq probe sequence */
    void nack(Header h, int seq);

    /** @param h the header @param seq sequence to answer with @param target whom to probe */
    void pingReq(Header h, int seq, Peer target);

    /**
     * @param h the header
     * @param member the member
     * @param incarnation its incarnation
     * @param tags a reader for its tags, valid during the call only
     * @throws CodecException if the tags are malformed
     */
    void alive(Header h, Peer member, long incarnation, TagsReader tags) throws CodecException;

    /** @param h the header @param member the member @param incarnation its incarnation @param from who suspects it */
    void suspect(Header h, Peer member, long incarnation, Peer from);

    /**
     * @param h the header
     * @param member the member
     * @param incarnation its incarnation
     * @param from who declared it
     * @param reason why (a reason this version does not know reads as {@link FailureReason#PROBE_TIMEOUT})
     */
    void dead(Header h, Peer member, long incarnation, Peer from, FailureReason reason);

    /** @param h the header @param member the member @param incarnation its incarnation */
    void left(Header h, Peer member, long incarnation);

    /**
     * A full-state exchange.
     *
     * @param h the header
     * @param flags {@link Codec#SYNC_REPLY}, {@link Codec#SYNC_JOIN}
     * @param entries the entries, read one by one
     * @throws CodecException if malformed
     */
    void sync(Header h, int flags, SyncReader entries) throws CodecException;

    /**
     * A delta pull: answer with the entries the digest does not hold.
     *
     * @param h the header
     * @param digest the sender's Bloom filter, valid during the call only
     */
    void digest(Header h, Digest digest);

    /**
     * A seed's answer to a join under a name a live member holds at another address. Visitors that
     * take no part in joins ignore it.
     *
     * @param h the header
     * @param holder the live member that holds the name
     * @param claimant the node that tried to join with it
     */
    default void nameConflict(Header h, Peer holder, Peer claimant) {
    }

    /** @param h the header @param type a message type this version does not know; it was skipped */
    void unknown(Header h, int type);

    /**
     * Every message of the packet or frame was read and visited (not called when one was malformed).
     *
     * @param h the header
     */
    default void done(Header h) {
    }

    /** A Bloom filter of (member, incarnation, state) entries. */
    interface Digest {
        /** @return the salt to compute keys with ({@link Codec#digestKey}) */
        int salt();

        /** @param key an entry key @return false if the sender surely lacks the entry */
        boolean mightContain(long key);
    }

    /** Lazily decodes the tags of an alive message. */
    interface TagsReader {
        /**
         * @param current the tags known for the member (reused when unchanged)
         * @return the tags
         * @throws CodecException if malformed
         */
        Tags read(Tags current) throws CodecException;
    }

    /** Iterates the entries of a sync message; as a {@link TagsReader} it reads the current entry's tags. */
    interface SyncReader extends TagsReader {
        /** @return entries in the message */
        int count();

        /**
         * Reads the next entry's fixed part.
         *
         * @return the member
         * @throws CodecException if malformed
         */
        Peer next() throws CodecException;

        /** @return the current entry's state */
        MemberState state();

        /** @return the current entry's incarnation */
        long incarnation();

        /**
         * @param current the tags known (reused when unchanged)
         * @return the current entry's tags
         * @throws CodecException if malformed
         */
        Tags tags(Tags current) throws CodecException;

        @Override
        default Tags read(Tags current) throws CodecException {
            return tags(current);
        }
    }
}
