package io.chorus.core.engine;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.spi.FailureDetector;
import io.chorus.core.jfr.PushPullEvent;
import io.chorus.core.jfr.RejectedMessageEvent;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;

/**
 * Everything this node receives comes in here (the other half of memberlist's {@code net.go}): a
 * packet or frame is counted, verified and decoded by the {@link Codec}, and each message handed
 * to the part that owns its concern; then what the header says of its sender (alive, heard from,
 * what it knows) goes to the parts that track it. Input refused by the codec is counted by cause.
 */
final class Inbox implements MessageVisitor {
    private final Codec codec;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final FailureDetector detector;
    private final Counters counters;
    private final Prober prober;
    private final Suspicions suspicions;
    private final Membership membership;
    private final AntiEntropy antiEntropy;
    private final Reconnects reconnects;
    private final Joining joining;
    private final NameClaims names;
    private final Broadcasts broadcasts;
    /** The size of the packet or frame being decoded. */
    private int receiving;

    Inbox(Codec codec, Loop loop, MemberTable table, LocalNode local, FailureDetector detector, Counters counters,
            Prober prober, Suspicions suspicions, Membership membership, AntiEntropy antiEntropy, Reconnects reconnects,
            Joining joining, NameClaims names, Broadcasts broadcasts) {
        this.codec = codec;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.detector = detector;
        this.counters = counters;
        this.prober = prober;
        this.suspicions = suspicions;
        this.membership = membership;
        this.antiEntropy = antiEntropy;
        this.reconnects = reconnects;
        this.joining = joining;
        this.names = names;
        this.broadcasts = broadcasts;
    }

    /** Counts, verifies and decodes one packet or frame (opened: it came sealed), handing each message to its part. */
    void receive(byte[] b, int off, int len, Header.Channel channel, boolean opened) {
        counters.received(len, channel);
        receiving = len;
        Codec.Outcome o = codec.decode(b, off, len, channel, opened, this);
        if (o != Codec.Outcome.OK) {
            counters.refused(o);
            RejectedMessageEvent.emit(o, channel, len, false);
        }
    }

    /** After every message of a packet: what its header says of a sender that is a member. */
    @Override
    public void done(Header h) {
        Peer sender = h.sender();
        if (sender == local.peer) {
            return;
        }
        int slot = table.find(sender);
        if (slot < 0) {
            return;
        }
        MemberState state = table.state(slot);
        long now = loop.nanos();
        if (state == MemberState.DEAD && table.peers[slot] == sender) {
            antiEntropy.heardFromDead(h, now);
            return;
        }
        if (table.holdsLive(slot, sender)) {
            table.inflates[slot] = h.inflates();
        }
        if (state == MemberState.SUSPECT && table.peers[slot] == sender) {
            suspicions.heardFromSuspect(slot, sender, now);
        }
        if (table.holdsLive(slot, sender)) {
            // only the member itself, at its own address: another address under its name is not a sign of life
            table.heardAt[slot] = now;
            detector.heartbeat(sender.id(), now);
            antiEntropy.heard(h, now);
        }
    }

    @Override
    public void ping(Header h, int seq, Peer target) {
        prober.onPing(h, seq, target);
    }

    @Override
    public void ack(Header h, int seq) {
        if (!prober.onAck(h.sender(), h.channel(), seq) && !names.onAck(h, seq)) {
            reconnects.onAck(h, seq);
        }
    }

    @Override
    public void nack(Header h, int seq) {
        prober.onNack(seq);
    }

    @Override
    public void pingReq(Header h, int seq, Peer target) {
        prober.onPingReq(h, seq, target);
    }

    @Override
    public void alive(Header h, Peer member, long inc, TagsReader tags) throws CodecException {
        membership.onAlive(member, inc, tags, Membership.Source.GOSSIP);
    }

    @Override
    public void suspect(Header h, Peer member, long inc, Peer from) {
        membership.onSuspect(member, inc, from, Membership.Source.GOSSIP, h.sender());
    }

    @Override
    public void dead(Header h, Peer member, long inc, Peer from, FailureReason reason) {
        membership.onDead(member, inc, from, reason, Membership.Source.GOSSIP, h.sender());
    }

    @Override
    public void left(Header h, Peer member, long inc) {
        membership.onLeft(member, inc, Membership.Source.GOSSIP);
    }

    @Override
    public void sync(Header h, int flags, SyncReader entries) throws CodecException {
        boolean join = (flags & Codec.SYNC_JOIN) != 0;
        if (join && names.held(h, entries)) {
            return;
        }
        Membership.Source src = join ? Membership.Source.JOIN : Membership.Source.SYNC;
        PushPullEvent.emit(h.sender().id(), PushPullEvent.Direction.RECEIVED, AntiEntropy.kind(flags), receiving, entries.count());
        for (int i = 0, n = entries.count(); i < n; i++) {
            Peer p = entries.next();
            membership.merge(p, entries.state(), entries.incarnation(), entries, h.sender(), src);
        }
        if ((flags & Codec.SYNC_REPLY) == 0) {
            antiEntropy.answer(h, join);
        } else {
            if ((flags & Codec.SYNC_PARTIAL) != 0) {
                antiEntropy.pullAfterSample(h.sender());
            }
            joining.answered();
        }
    }

    @Override
    public void digest(Header h, Digest digest) {
        antiEntropy.onDigest(h, digest);
    }

    @Override
    public void nameConflict(Header h, Peer holder, Peer claimant) {
        names.onNameConflict(h, holder, claimant);
    }

    @Override
    public void unknown(Header h, int type) {
        counters.unknownMessages++;
    }

    @Override
    public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
        broadcasts.heard(origin, stream, seq, low, flags, topic, b, off, len);
    }
}
