package io.chorus.core.engine;

import io.chorus.api.ClusterEvent;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor.SyncReader;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Names are unique in a cluster. A seed does not merge a join whose name a member it holds ALIVE or
 * SUSPECT has at another address: when that member is this node, the join is refused at once; when
 * it is another member, that member is pinged, and an answer within the probe timeout refuses the
 * join, while silence means the name moved (a node that restarted at a new address) and the join is
 * merged then. A refusal goes to the claimant and to the holder, which raises an event.
 */
final class NameClaims {
    /** Joins under a taken name checked at once; more wait for their retry. */
    private static final int MAX_CLAIMS = 64;
    /** How long a name conflict with one claimant is reported once (an event). */
    private static final long REPORT_NS = 10_000 * Timing.MS;
    /** Claimants remembered for reporting; more are forgotten all at once. */
    private static final int MAX_REPORTED = 256;

    private record Entry(Peer peer, MemberState state, long inc, Tags tags) {
    }

    private static final class Claim {
        final Peer claimant;
        final Peer holder;
        final boolean inflates;
        final List<Entry> entries;
        Loop.Timer timer;

        Claim(Peer claimant, Peer holder, boolean inflates, List<Entry> entries) {
            this.claimant = claimant;
            this.holder = holder;
            this.inflates = inflates;
            this.entries = entries;
        }
    }

    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final EventSink events;
    private final Membership membership;
    private final AntiEntropy antiEntropy;
    private final Joining joining;
    private final long probeTimeoutNs;
    /** Joins under a name a member holds at another address, by the seq of the ping that checks the holder. */
    private final HashMap<Integer, Claim> claims = new HashMap<>();
    private final HashMap<Peer, Long> reported = new HashMap<>();
    private Runnable flush;

    NameClaims(io.chorus.api.ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Outbox outbox,
            EventSink events, Membership membership, AntiEntropy antiEntropy, Joining joining) {
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.events = events;
        this.membership = membership;
        this.antiEntropy = antiEntropy;
        this.joining = joining;
        this.probeTimeoutNs = config.probeTimeout().toNanos();
    }

    /** @param afterTask runs after a claim is merged (publishes the change) */
    void wire(Runnable afterTask) {
        this.flush = afterTask;
    }

    /**
     * A join arrived: is its sender's name held by a live member elsewhere?
     *
     * @param h the join's header
     * @param entries the joiner's state, read and kept while the holder is checked
     * @return whether the join is held back (refused, or waiting for the holder's answer)
     * @throws CodecException if the state is malformed
     */
    boolean held(Header h, SyncReader entries) throws CodecException {
        Peer claimant = h.sender();
        if (claimant == local.peer) {
            return false;
        }
        if (local.named(claimant)) {
            refuse(local.peer, claimant);
            return true;
        }
        int slot = table.find(claimant);
        if (slot < 0 || table.peers[slot] == claimant || !table.live(slot)) {
            return false;
        }
        for (Claim c : claims.values()) {
            if (c.claimant == claimant) {
                return true; // being checked: its next retry finds the outcome
            }
        }
        if (claims.size() >= MAX_CLAIMS) {
            return true;
        }
        Peer holder = table.peers[slot];
        int n = entries.count();
        ArrayList<Entry> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Peer p = entries.next();
            kept.add(new Entry(p, entries.state(), entries.incarnation(), entries.tags(null)));
        }
        int seq = local.nextSeq();
        Claim c = new Claim(claimant, holder, h.inflates(), kept);
        claims.put(seq, c);
        Codec.ping(outbox.packet(), seq, holder);
        outbox.send(holder.address());
        if (outbox.streams()) {
            Codec.ping(outbox.packet(), seq, holder);
            outbox.sendOverStream(holder.address());
        }
        c.timer = loop.schedule(probeTimeoutNs, () -> unanswered(seq));
        return true;
    }

    /** @return whether the ack answered a claim's ping: the holder lives, and the join is refused */
    boolean onAck(Header h, int seq) {
        Claim claim = claims.get(seq);
        if (claim == null || h.sender() != claim.holder) {
            return false;
        }
        claims.remove(seq);
        Timing.cancel(claim.timer);
        refuse(claim.holder, claim.claimant);
        return true;
    }

    /** The member that held a claimed name did not answer: the name moved, and the join goes ahead. */
    private void unanswered(int seq) {
        Claim c = claims.remove(seq);
        if (c == null || !local.running) {
            return;
        }
        try {
            for (Entry e : c.entries) {
                membership.merge(e.peer, e.state, e.inc, current -> e.tags, c.claimant, Membership.Source.JOIN);
            }
        } catch (CodecException impossible) {
            throw new IllegalStateException(impossible);
        }
        antiEntropy.sendState(c.claimant.address(), Codec.SYNC_REPLY, Codec.Compress.allowedIf(c.inflates));
        flush.run();
    }

    /** Refuses a join: the claimant hears who holds the name; the holder hears of the claim. */
    private void refuse(Peer holder, Peer claimant) {
        Codec.nameConflict(outbox.packet(), holder, claimant);
        outbox.send(claimant.address());
        if (holder == local.peer) {
            report(claimant);
        } else {
            Codec.nameConflict(outbox.packet(), holder, claimant);
            outbox.send(holder.address());
        }
    }

    /** A seed's refusal: this node's join fails, or this node holds the name and hears of the claim. */
    void onNameConflict(Header h, Peer holder, Peer claimant) {
        if (claimant == local.peer && holder != local.peer && joining.joining()) {
            joining.refused(holder, h.sender().address());
        } else if (holder == local.peer && claimant != local.peer && local.named(claimant)) {
            report(claimant);
        }
    }

    /** A node at another address claims this node's name: one event per claimant every few seconds. */
    void report(Peer claimant) {
        long now = loop.nanos();
        Long last = reported.get(claimant);
        if (last != null && now - last < REPORT_NS) {
            return;
        }
        if (reported.size() > MAX_REPORTED) {
            reported.clear();
        }
        reported.put(claimant, now);
        if (events.enabled()) {
            events.emit(new ClusterEvent.NameConflict(local.peer.id(), claimant.id()));
        }
    }

    /** The node stops: claims under way are dropped. */
    void stop() {
        for (Claim c : claims.values()) {
            Timing.cancel(c.timer);
        }
        claims.clear();
    }
}
