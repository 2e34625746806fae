package io.chorus.core.wire;

/**
 * Receives the messages of one decoded packet or frame, in order. Peers and tags are valid beyond
 * the call; everything else is primitive.
 */
public interface MessageVisitor extends UserEventVisitor {
    /** @param seq probe sequence @param target whom the ping is for */
    void ping(int seq, Peer target);

    /** @param seq probe sequence */
    void ack(int seq);

    /** @param seq probe sequence */
    void nack(int seq);

    /** @param seq sequence to answer with @param target whom to probe */
    void pingReq(int seq, Peer target);

    /**
     * @param member the member
     * @param incarnation its incarnation
     * @param tags a reader for its tags, valid during the call only
     * @throws CodecException if the tags are malformed
     */
    void alive(Peer member, long incarnation, TagsReader tags) throws CodecException;

    /** @param member the member @param incarnation its incarnation @param from who suspects it */
    void suspect(Peer member, long incarnation, Peer from);

    /** @param member the member @param incarnation its incarnation @param from who declared it @param reason why (a FailureReason ordinal) */
    void dead(Peer member, long incarnation, Peer from, int reason);

    /** @param member the member @param incarnation its incarnation */
    void left(Peer member, long incarnation);

    /**
     * A full-state exchange.
     *
     * @param flags {@link Codec#SYNC_REPLY}, {@link Codec#SYNC_JOIN}
     * @param entries the entries, read one by one
     * @throws CodecException if malformed
     */
    void sync(int flags, SyncReader entries) throws CodecException;

    /**
     * A delta pull: answer with the entries the digest does not hold.
     *
     * @param digest the sender's Bloom filter, valid during the call only
     */
    void digest(Digest digest);

    /**
     * A seed's answer to a join under a name a live member holds at another address. Visitors that
     * take no part in joins ignore it.
     *
     * @param holder the live member that holds the name
     * @param claimant the node that tried to join with it
     */
    default void nameConflict(Peer holder, Peer claimant) {
    }

    /** @param type a message type this version does not know; it was skipped */
    void unknown(int type);

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

        /** @return the current entry's state ordinal */
        int state();

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
