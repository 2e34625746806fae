package io.chorus.core.engine;

import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Every part of one node's protocol loop, made from a {@link TestNode} and wired to each other as
 * {@link Engine}'s constructor wires them, without the engine: a test of a part that needs the
 * others (membership, joining, name claims, the inbox) gets the real ones. This node is ALIVE in
 * its table (made so by {@link TestNode}) and the views know it, but nothing about it is gossiped
 * (the engine's start gossips it); no timer is started;
 * a test starts the ones it needs. {@link #flush} does what the engine does after each task
 * (views, gossip waiters, the event sink, a finished join), and {@link #stop} what its
 * {@code stop} does. A test may wire a part's callbacks again to record them instead.
 */
final class Parts {
    /** The event stream of this node's own user events. */
    static final long STREAM = 7;

    final TestNode node;
    final Broadcasts broadcasts;
    final Gossip gossip;
    final Views views;
    final Suspicions suspicions;
    final ProbeOrder order;
    final Prober prober;
    final AntiEntropy antiEntropy;
    final Reconnects reconnects;
    final Membership membership;
    final Joining joining;
    final NameClaims names;
    final Inbox inbox;
    /** How often {@link #flush} ran, and {@link #stop}. */
    int flushes;
    int stops;
    /** Whether the last flush found the view changed (a snapshot would have been published). */
    boolean published;

    Parts(TestNode n) {
        this.node = n;
        this.broadcasts = new Broadcasts(n.loop, n.table, n.local, n.outbox, n.compression, n.counters, n.events,
                2_000 * TestNode.MS, 200 * TestNode.MS, STREAM);
        this.gossip = new Gossip(n.config, n.loop, n.table, n.local, n.outbox, broadcasts.events(), n.random);
        this.views = new Views(n.table, n.local, n.events);
        this.suspicions = new Suspicions(n.config, n.loop, n.table, n.local, n.outbox, n.observation);
        this.order = new ProbeOrder(n.table, n.local, n.random);
        this.antiEntropy = new AntiEntropy(n.config, n.loop, n.table, n.local, n.outbox, n.random);
        this.reconnects = new Reconnects(n.config, n.loop, n.local, n.outbox, antiEntropy, n.random);
        this.membership = new Membership(n.config, n.loop, n.table, n.local, gossip, suspicions, order, reconnects, views,
                n.detector, n.awareness, n.counters, n.observation, n.events, n.outbox, n.interner);
        this.prober = new Prober(n.config, n.loop, n.table, n.local, n.outbox, n.detector, n.awareness, n.counters,
                n.observation, suspicions, n.random, order);
        this.joining = new Joining(n.config, n.loop, n.table, n.local, membership, gossip, antiEntropy, reconnects, n.random);
        this.names = new NameClaims(n.config, n.loop, n.table, n.local, n.outbox, n.events, membership, antiEntropy, joining);
        this.inbox = new Inbox(n.codec, n.loop, n.table, n.local, n.detector, n.counters, prober, suspicions, membership,
                antiEntropy, reconnects, joining, names, broadcasts);
        // this node is ALIVE in its table already (TestNode); the views hear of it as membership's start would tell them
        views.stateChanged(n.local.peer, MemberState.ALIVE);
        Runnable flush = this::flush;
        n.outbox.piggyback(gossip::piggyback);
        broadcasts.wire(gossip::round);
        suspicions.wire((slot, p, inc, reason) -> membership.declareDead(slot, p, inc, n.local.peer, reason), flush);
        prober.wire((target, inc) -> membership.onSuspect(target, inc, n.local.peer, Membership.Source.PROBE, null), flush);
        gossip.wire(joining::checkLeaveDone, flush);
        antiEntropy.wire(flush);
        reconnects.wire(joining::retryIfAlone, flush);
        membership.wire(names::report, flush);
        joining.wire(this::stop);
        names.wire(flush);
    }

    /** What the engine does after each task: views, the snapshot mark, gossip waiters, events, a finished join. */
    void flush() {
        flushes++;
        boolean changed = membership.takeChanged();
        if ((node.local.running || views.stale()) && views.update()) {
            changed = true;
        }
        published = changed;
        gossip.checkSent();
        node.events.flush();
        joining.afterPublish();
    }

    /** What the engine's stop does (but closing the codec's deflation). */
    void stop() {
        stops++;
        node.local.running = false;
        broadcasts.stop();
        prober.stop();
        joining.stop();
        names.stop();
        gossip.stop();
        flush();
    }

    /** Hands a packet to the inbox as the engine does (not when stopped), then flushes. */
    void deliver(Packets.Packet p) {
        deliver(p.bytes(), Header.Channel.PACKET);
    }

    /** Hands a frame to the inbox as the engine does, then flushes. */
    void deliverFrame(Packets.Packet p) {
        deliver(p.bytes(), Header.Channel.STREAM);
    }

    /** Hands bytes to the inbox as the engine does (not when stopped), then flushes. */
    void deliver(byte[] b, Header.Channel channel) {
        if (!node.local.running) {
            return;
        }
        inbox.receive(b, 0, b.length, channel, false);
        flush();
    }

    // ------------------------------------------------------------------ reading the gossip queue

    /** The three updates {@link #markPriorities} puts in the queue, one per priority class. */
    private Peer[] markers;

    /**
     * Puts in the gossip queue one update of each priority (about members nobody knows), so that
     * {@link #priorityOf} can tell an update's priority by where it goes out. Call before the change.
     */
    void markPriorities() {
        markers = new Peer[] {node.peer("mark-death"), node.peer("mark-state"), node.peer("mark-tags")};
        gossip.enqueue(Gossip.PRIO_DEATH, MemberState.LEFT, markers[0], 1, null, null, null);
        gossip.enqueue(Gossip.PRIO_STATE, MemberState.LEFT, markers[1], 1, null, null, null);
        gossip.enqueue(Gossip.PRIO_TAGS, MemberState.LEFT, markers[2], 1, null, null, null);
    }

    /**
     * The pending updates in the order a packet takes them (one transmission each is counted).
     *
     * @return the updates
     */
    List<Recorder.Msg> drainGossip() {
        WireWriter w = new WireWriter(64 * 1024);
        node.codec.begin(w, node.self, 1, 1);
        gossip.piggyback(w, w.buffer().length, null);
        Recorder r = new Recorder();
        Codec reader = new Codec(node.interner, null);
        if (reader.decode(w.buffer(), 0, w.position(), r) != Codec.Outcome.OK) {
            throw new AssertionError(reader.lastError());
        }
        return r.messages();
    }

    /**
     * Where the update about {@code name} went out among the markers of {@link #markPriorities}: an
     * update goes out after every update of a higher priority, before those of a lower one, and
     * before the older ones of its own (so before its class's marker).
     *
     * @param drained what {@link #drainGossip} read
     * @param name a member
     * @return {@link Gossip#PRIO_DEATH}, {@link Gossip#PRIO_STATE} or {@link Gossip#PRIO_TAGS}; -1 when none went out
     */
    int priorityIn(List<Recorder.Msg> drained, String name) {
        if (markers == null) {
            throw new IllegalStateException("markPriorities first");
        }
        List<String> names = new ArrayList<>();
        for (Recorder.Msg m : drained) {
            names.add(subject(m).name());
        }
        int at = names.indexOf(name);
        if (at < 0) {
            return -1;
        }
        for (int prio = 0; prio < markers.length; prio++) {
            if (at < names.indexOf(markers[prio].name())) {
                return prio;
            }
        }
        throw new AssertionError(name + " went out after every marker: " + names);
    }

    /**
     * @param drained what {@link #drainGossip} read
     * @param name a member
     * @return the update about it, or null
     */
    static Recorder.Msg about(List<Recorder.Msg> drained, String name) {
        for (Recorder.Msg m : drained) {
            if (subject(m).name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** @param m a member update @return the member it is about */
    static Peer subject(Recorder.Msg m) {
        if (m instanceof Recorder.Alive a) {
            return a.member();
        } else if (m instanceof Recorder.Suspect s) {
            return s.member();
        } else if (m instanceof Recorder.Dead d) {
            return d.member();
        } else if (m instanceof Recorder.Left l) {
            return l.member();
        }
        throw new IllegalArgumentException("not a member update: " + m);
    }
}
