package io.chorus.core.engine;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.spi.MessageSigner;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds what other members send the node under test: real packets and frames, written by the real
 * {@link Codec} with the sender's header (its counts of members ALIVE and known, and whether it
 * inflates compressed frames) and then the messages in the order given.
 */
final class Packets {
    /** One entry of a full state. */
    record Entry(Peer peer, MemberState state, long inc, Tags tags) {
        /** @return an ALIVE entry without tags */
        static Entry alive(Peer p, long inc) {
            return new Entry(p, MemberState.ALIVE, inc, Tags.EMPTY);
        }

        /** @return an entry without tags */
        static Entry of(Peer p, MemberState state, long inc) {
            return new Entry(p, state, inc, Tags.EMPTY);
        }
    }

    private final Codec inflating;
    private final Codec plain;

    /**
     * @param interner the node's interner
     * @param signer the signer the senders sign with, or null
     */
    Packets(PeerInterner interner, MessageSigner signer) {
        this.inflating = new Codec(interner, signer);
        this.plain = new Codec(interner, signer);
        plain.compression(false, 0, Codec.DEFAULT_MAX_INFLATED, null);
    }

    /** @param sender who sends it @return a packet from it, empty so far */
    Packet from(Peer sender) {
        return new Packet(sender);
    }

    /** A packet or frame being written: messages are added in order, the bytes made at the end. */
    final class Packet {
        private final Peer sender;
        private final List<Consumer<WireWriter>> messages = new ArrayList<>();
        private int alive = 1;
        private int known = 1;
        private boolean inflates = true;

        Packet(Peer sender) {
            this.sender = sender;
        }

        /** @return this, with the header's counts of members the sender sees ALIVE and knows */
        Packet counts(int senderAlive, int senderKnown) {
            this.alive = senderAlive;
            this.known = senderKnown;
            return this;
        }

        /** @return this, with a header that says (or not) that the sender inflates */
        Packet inflates(boolean on) {
            this.inflates = on;
            return this;
        }

        Packet ping(int seq, Peer target) {
            messages.add(w -> Codec.ping(w, seq, target));
            return this;
        }

        Packet ack(int seq) {
            messages.add(w -> Codec.ack(w, Codec.ACK, seq));
            return this;
        }

        Packet nack(int seq) {
            messages.add(w -> Codec.ack(w, Codec.NACK, seq));
            return this;
        }

        Packet pingReq(int seq, Peer target) {
            messages.add(w -> Codec.pingReq(w, seq, target));
            return this;
        }

        Packet alive(Peer member, long inc, Tags tags) {
            messages.add(w -> Codec.update(w, MemberState.ALIVE, member, inc, null, tags, null));
            return this;
        }

        Packet suspect(Peer member, long inc, Peer from) {
            messages.add(w -> Codec.update(w, MemberState.SUSPECT, member, inc, from, null, null));
            return this;
        }

        Packet dead(Peer member, long inc, Peer from, FailureReason reason) {
            messages.add(w -> Codec.update(w, MemberState.DEAD, member, inc, from, null, reason));
            return this;
        }

        Packet left(Peer member, long inc) {
            messages.add(w -> Codec.update(w, MemberState.LEFT, member, inc, null, null, null));
            return this;
        }

        /** @return this, with a full state of these entries ({@link Codec#SYNC_REPLY}, {@link Codec#SYNC_JOIN}) */
        Packet sync(int flags, Entry... entries) {
            messages.add(w -> {
                int mark = Codec.beginSync(w, flags, entries.length);
                for (Entry e : entries) {
                    Codec.syncEntry(w, e.peer(), e.state(), e.inc(), e.tags());
                }
                Codec.endSync(w, mark);
            });
            return this;
        }

        /** @return this, with a digest of these entries' keys made with {@code salt} */
        Packet digest(int salt, Entry... entries) {
            long[] keys = new long[entries.length];
            for (int i = 0; i < entries.length; i++) {
                Entry e = entries[i];
                keys[i] = Codec.digestKey(e.peer().wireHash(), e.inc(), e.state().ordinal(), salt);
            }
            messages.add(w -> Codec.digest(w, salt, keys, keys.length));
            return this;
        }

        /** @return this, with a message written by hand (an unknown type, say) */
        Packet raw(Consumer<WireWriter> message) {
            messages.add(message);
            return this;
        }

        Packet nameConflict(Peer holder, Peer claimant) {
            messages.add(w -> Codec.nameConflict(w, holder, claimant));
            return this;
        }

        /** @return the bytes: the header, the messages, and the signature when signing */
        byte[] bytes() {
            Codec codec = inflates ? inflating : plain;
            WireWriter w = new WireWriter(4096);
            codec.begin(w, sender, alive, known);
            for (Consumer<WireWriter> m : messages) {
                m.accept(w);
            }
            codec.finish(w);
            return Arrays.copyOf(w.buffer(), w.position());
        }
    }
}
