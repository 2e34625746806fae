package io.chorus.core.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A visitor that reads every field of every message, SYNC entries and (unless told not to) tags
 * included, and (when asked to) records what it read in order. Fuzz tests use it without
 * recording, so that what they measure is the decoder's own work.
 */
public class Recorder implements MessageVisitor {
    /** A decoded message. */
    public sealed interface Msg permits Ping, Ack, Nack, PingReq, Alive, Suspect, Dead, Left, Sync, DigestMsg, Unknown, UserEventMsg, NameConflict {
    }

    /** PING. */
    public record Ping(int seq, Peer target) implements Msg {
    }

    /** ACK. */
    public record Ack(int seq) implements Msg {
    }

    /** NACK. */
    public record Nack(int seq) implements Msg {
    }

    /** PING_REQ. */
    public record PingReq(int seq, Peer target) implements Msg {
    }

    /** ALIVE. */
    public record Alive(Peer member, long incarnation, Tags tags) implements Msg {
    }

    /** SUSPECT. */
    public record Suspect(Peer member, long incarnation, Peer from) implements Msg {
    }

    /** DEAD. */
    public record Dead(Peer member, long incarnation, Peer from, int reason) implements Msg {
    }

    /** LEFT. */
    public record NameConflict(Peer holder, Peer claimant) implements Msg {
    }

    public record Left(Peer member, long incarnation) implements Msg {
    }

    /** One SYNC entry. */
    public record Entry(Peer member, int state, long incarnation, Tags tags) {
    }

    /** SYNC, with the count it announced and the entries read. */
    public record Sync(int flags, int count, List<Entry> entries) implements Msg {
    }

    /** DIGEST (the filter itself is only valid during the call: see {@link #onDigest}). */
    public record DigestMsg(int salt) implements Msg {
    }

    /** A message of unknown type. */
    public record Unknown(int type) implements Msg {
    }

    /** USER_EVENT, its payload copied. */
    public record UserEventMsg(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] payload)
            implements Msg {
    }

    private final boolean keep;
    private final boolean readTags;
    private final List<Msg> messages = new ArrayList<>();
    private Consumer<MessageVisitor.Digest> onDigest = d -> { };

    /** A recorder that keeps what it reads. */
    public Recorder() {
        this(true);
    }

    /** @param keep whether to keep what it reads */
    public Recorder(boolean keep) {
        this(keep, true);
    }

    /**
     * @param keep whether to keep what it reads
     * @param readTags whether to decode tags (unread, they are recorded as null): a visitor that
     *     leaves them alone, as the engine does for news it ignores, visits every message that
     *     any visitor could
     */
    public Recorder(boolean keep, boolean readTags) {
        this.keep = keep;
        this.readTags = readTags;
    }

    /** @param probe runs on each digest while its filter is valid @return this */
    public Recorder onDigest(Consumer<MessageVisitor.Digest> probe) {
        this.onDigest = probe;
        return this;
    }

    /** @return the messages recorded so far, in order */
    public List<Msg> messages() {
        return messages;
    }

    /** Forgets what was recorded. */
    public void clear() {
        messages.clear();
    }

    private void add(Msg m) {
        messages.add(m);
    }

    @Override
    public void ping(Header h, int seq, Peer target) {
        if (keep) {
            add(new Ping(seq, target));
        }
    }

    @Override
    public void ack(Header h, int seq) {
        if (keep) {
            add(new Ack(seq));
        }
    }

    @Override
    public void nack(Header h, int seq) {
        if (keep) {
            add(new Nack(seq));
        }
    }

    @Override
    public void pingReq(Header h, int seq, Peer target) {
        if (keep) {
            add(new PingReq(seq, target));
        }
    }

    @Override
    public void alive(Header h, Peer member, long incarnation, TagsReader tags) throws CodecException {
        Tags t = readTags ? tags.read(null) : null;
        if (keep) {
            add(new Alive(member, incarnation, t));
        }
    }

    @Override
    public void suspect(Header h, Peer member, long incarnation, Peer from) {
        if (keep) {
            add(new Suspect(member, incarnation, from));
        }
    }

    @Override
    public void dead(Header h, Peer member, long incarnation, Peer from, io.chorus.api.FailureReason reason) {
        if (keep) {
            add(new Dead(member, incarnation, from, reason.ordinal()));
        }
    }

    @Override
    public void left(Header h, Peer member, long incarnation) {
        if (keep) {
            add(new Left(member, incarnation));
        }
    }

    @Override
    public void nameConflict(Header h, Peer holder, Peer claimant) {
        if (keep) {
            add(new NameConflict(holder, claimant));
        }
    }

    @Override
    public void sync(Header h, int flags, SyncReader entries) throws CodecException {
        int n = entries.count();
        List<Entry> read = keep ? new ArrayList<>() : null;
        if (keep) {
            // recorded first and filled as entries are read: the entries before a malformed one count
            add(new Sync(flags, n, read));
        }
        for (int i = 0; i < n; i++) {
            Peer p = entries.next();
            Tags t = readTags ? entries.tags(null) : null;
            if (keep) {
                read.add(new Entry(p, entries.state().ordinal(), entries.incarnation(), t));
            }
        }
    }

    @Override
    public void digest(Header h, MessageVisitor.Digest digest) {
        onDigest.accept(digest);
        if (keep) {
            add(new DigestMsg(digest.salt()));
        }
    }

    @Override
    public void unknown(Header h, int type) {
        if (keep) {
            add(new Unknown(type));
        }
    }

    @Override
    public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] payload, int offset,
            int length) {
        if (keep) {
            add(new UserEventMsg(origin, stream, seq, low, flags, topic, java.util.Arrays.copyOfRange(payload, offset, offset + length)));
        }
    }
}
