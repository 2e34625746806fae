package io.chorus.core.engine;

import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.FailureReason;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.spi.FailureDetector;
import io.chorus.core.jfr.MemberStateEvent;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.MessageVisitor.TagsReader;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The members and their states (memberlist's {@code state.go}): what to make of each ALIVE,
 * SUSPECT, DEAD and LEFT this node hears, by the merge rules ({@link MergeRules}), and the one
 * place a member moves between states ({@link #moveTo}), which does the bookkeeping every move
 * shares. Accusations of this node are refuted; stale ones are answered with what is newer.
 */
final class Membership {
    /** How the news of a member was heard. */
    enum Source {
        /** In a gossiped update. */
        GOSSIP,
        /** In a full state (push-pull or the answer to a join). */
        SYNC,
        /** In the full state of a node that joins: its members are news to gossip. */
        JOIN,
        /** From this node's own failed probe round. */
        PROBE
    }

    /** Whether a move is gossiped. */
    private enum Spread {
        GOSSIP,
        QUIET
    }

    /** Most members whose ALIVE view is defended at once against a second-hand accusation. */
    private static final int MAX_RELAYED = 4096;

    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Gossip gossip;
    private final Suspicions suspicions;
    private final ProbeOrder order;
    private final Reconnects reconnects;
    private final Views views;
    private final FailureDetector detector;
    private final Awareness awareness;
    private final Counters counters;
    private final Observation observation;
    private final EventSink events;
    private final Outbox outbox;
    private final long probeIntervalNs;
    private final long gossipIntervalNs;
    private final HashMap<String, Long> accusationsRelayed = new HashMap<>();
    private final PeerInterner interner;
    private final Runnable reapTask = this::reapTick;
    private Loop.Timer reapTimer;
    private Runnable flush;
    private Consumer<Peer> onNameConflict = p -> { };
    private java.util.function.BooleanSupplier catchingUp = () -> false;
    private long lastCorrection = Long.MIN_VALUE / 2;
    /** Whether the view changed since the last snapshot. */
    private boolean changed;

    Membership(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Gossip gossip, Suspicions suspicions,
            ProbeOrder order, Reconnects reconnects, Views views, FailureDetector detector, Awareness awareness,
            Counters counters, Observation observation, EventSink events, Outbox outbox, PeerInterner interner) {
        this.config = config;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.gossip = gossip;
        this.suspicions = suspicions;
        this.order = order;
        this.reconnects = reconnects;
        this.views = views;
        this.detector = detector;
        this.awareness = awareness;
        this.counters = counters;
        this.observation = observation;
        this.events = events;
        this.outbox = outbox;
        this.interner = interner;
        this.probeIntervalNs = config.probeInterval().toNanos();
        this.gossipIntervalNs = config.gossipInterval().toNanos();
    }

    /**
     * @param conflict told of a node at another address that claims this node's name with an
     *     incarnation at least its own
     * @param afterTask runs after each reap (publishes the change)
     */
    void wire(Consumer<Peer> conflict, Runnable afterTask) {
        this.onNameConflict = conflict;
        this.flush = afterTask;
    }

    /**
     * @param behind whether this node is catching up (members it hears from know many more): then a
     *     member it learns of by gossip is old news to the cluster, and it does not gossip it on
     */
    void catchingUp(java.util.function.BooleanSupplier behind) {
        this.catchingUp = behind;
    }

    /** @return whether the view changed since this was last asked (the snapshot must be published again) */
    boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /** Marks the view changed. */
    void markChanged() {
        changed = true;
    }

    // ------------------------------------------------------------------ this node

    /** Puts this node in its own view, ALIVE, and gossips it. */
    void start() {
        table.add(local.peer, MemberState.ALIVE, local.incarnation, local.tags, loop.nanos());
        moved(local.peer, null, MemberState.ALIVE, local.incarnation, null, null);
        gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, local.peer, local.incarnation, null, local.tags, null);
        changed = true;
    }

    /** This node leaves: LEFT in its own view, gossiped first of all. */
    void leave() {
        int slot = table.find(local.peer);
        table.setState(slot, MemberState.LEFT, loop.nanos());
        moved(local.peer, MemberState.ALIVE, MemberState.LEFT, local.incarnation, null, null);
        gossip.enqueue(Gossip.PRIO_DEATH, MemberState.LEFT, local.peer, local.incarnation, null, null, null);
        changed = true;
    }

    /** Replaces this node's tags: a higher incarnation, gossiped after membership news. */
    void changeTags(Tags t) {
        Member before = events.enabled() ? table.member(table.find(local.peer)) : null;
        local.tags = t;
        local.incarnation++;
        int slot = table.find(local.peer);
        table.tags[slot] = t;
        table.incs[slot] = local.incarnation;
        table.invalidate(slot);
        gossip.enqueue(Gossip.PRIO_TAGS, MemberState.ALIVE, local.peer, local.incarnation, null, local.tags, null);
        if (before != null) {
            events.emit(new ClusterEvent.MemberUpdated(before, table.member(slot)));
        }
        changed = true;
    }

    private void refute(long accused) {
        local.incarnation = Math.max(local.incarnation, accused) + 1;
        int slot = table.find(local.peer);
        table.incs[slot] = local.incarnation;
        table.invalidate(slot);
        awareness.apply(1);
        counters.refutations++;
        // our own refutation outranks everything we relay: a suspicion runs on a clock
        gossip.enqueue(Gossip.PRIO_DEATH, MemberState.ALIVE, local.peer, local.incarnation, null, local.tags, null);
        changed = true;
    }

    // ------------------------------------------------------------------ news of members

    /**
     * Merges one entry of a full state.
     *
     * @param sender who sent the state
     */
    void merge(Peer p, MemberState state, long inc, TagsReader tags, Peer sender, Source src) throws CodecException {
        switch (state) {
            case ALIVE:
                onAlive(p, inc, tags, src);
                break;
            case LEFT:
                onLeft(p, inc, src);
                break;
            default:
                relayAccusation(p, inc, sender, src);
                break;
        }
    }

    /** An ALIVE: a new member, one that came back or refuted, or new tags or a new address. */
    void onAlive(Peer p, long inc, TagsReader tags, Source src) throws CodecException {
        if (local.named(p)) {
            if (local.leaving) {
                return;
            }
            if (inc > local.incarnation || (p != local.peer && inc >= local.incarnation)) {
                // an earlier life of this node, or an impostor address: outrank it
                if (p != local.peer) {
                    onNameConflict.accept(p);
                }
                refute(inc);
            }
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            admit(p, inc, tags.read(null), src);
            return;
        }
        MemberState old = table.state(slot);
        if (!MergeRules.supersedes(MemberState.ALIVE, inc, old, table.incs[slot])) {
            if (src == Source.GOSSIP && old == MemberState.ALIVE && inc == table.incs[slot]) {
                // news to us no longer: whoever sent it spreads it too, so we need send it less
                gossip.heardAgain(p.name(), inc);
            }
            return;
        }
        Member before = events.enabled() ? table.member(slot) : null;
        Tags oldTags = table.tags[slot];
        Tags t = tags.read(oldTags);
        Peer previous = table.peers[slot];
        boolean moved = previous != p;
        table.setPeer(slot, p);
        if (moved) {
            detector.remove(previous.id()); // the old address's history is not the new one's
        }
        table.incs[slot] = inc;
        table.tags[slot] = t;
        if (old != MemberState.ALIVE) {
            moveTo(slot, p, MemberState.ALIVE, inc, null, null, Spread.GOSSIP);
            return;
        }
        // new tags, a new address, or only a higher incarnation: no move
        suspicions.end(slot, MemberState.ALIVE.name());
        table.invalidate(slot);
        if (moved) {
            views.moved(p);
        }
        observation.aliveUpdated(p, inc);
        if (src != Source.SYNC) {
            gossip.enqueue(moved ? Gossip.PRIO_STATE : Gossip.PRIO_TAGS, MemberState.ALIVE, p, inc, null, t, null);
        }
        if (before != null && (moved || t != oldTags)) {
            events.emit(new ClusterEvent.MemberUpdated(before, table.member(slot)));
        }
        changed = true;
    }

    /** A member heard of for the first time. */
    private void admit(Peer p, long inc, Tags t, Source src) {
        int slot = table.add(p, MemberState.ALIVE, inc, t, loop.nanos());
        order.add(p);
        moved(p, null, MemberState.ALIVE, inc, null, null);
        // a node far behind the members it hears from (a join storm) learns old news: it pulls the rest
        // and spreads none of it, so that n joins do not become n rumors at every node
        if (src == Source.JOIN || (src == Source.GOSSIP && !catchingUp.getAsBoolean())) {
            gossip.enqueue(Gossip.PRIO_STATE, MemberState.ALIVE, p, inc, null, t, null);
        }
        if (events.enabled()) {
            events.emit(new ClusterEvent.MemberJoined(table.member(slot)));
        }
        changed = true;
    }

    /**
     * A SUSPECT: a suspicion starts, or one under way gets an independent confirmation.
     *
     * @param from who suspects it
     * @param sender who told this node (null for its own probe)
     */
    void onSuspect(Peer p, long inc, Peer from, Source src, Peer sender) {
        if (accusesSelf(p, inc, sender)) {
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            return;
        }
        MemberState old = table.state(slot);
        long known = table.incs[slot];
        if (old == MemberState.SUSPECT && inc == known) {
            if (suspicions.confirm(slot, from)) {
                gossip.enqueue(Gossip.PRIO_STATE, MemberState.SUSPECT, p, inc, from, null, null);
            }
            return;
        }
        if (!MergeRules.supersedes(MemberState.SUSPECT, inc, old, known)) {
            ignoreAccusation(slot, inc, src, sender);
            return;
        }
        moveTo(slot, p, MemberState.SUSPECT, inc, from, null, Spread.GOSSIP);
    }

    /** A DEAD declared by another member. */
    void onDead(Peer p, long inc, Peer from, FailureReason reason, Source src, Peer sender) {
        if (accusesSelf(p, inc, sender)) {
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            return;
        }
        if (!MergeRules.supersedes(MemberState.DEAD, inc, table.state(slot), table.incs[slot])) {
            ignoreAccusation(slot, inc, src, sender);
            return;
        }
        declareDead(slot, p, inc, from, reason);
    }

    /** Declares a member DEAD: a suspicion here ran out, or another member's verdict is news. */
    void declareDead(int slot, Peer p, long inc, Peer from, FailureReason reason) {
        moveTo(slot, p, MemberState.DEAD, inc, from, reason, Spread.GOSSIP);
    }

    /** A LEFT: the member left gracefully (gossiped on, unless it came in a full state). */
    void onLeft(Peer p, long inc, Source src) {
        if (local.named(p)) {
            // this node did not leave: an impostor's leave, or a force-leave of this very incarnation (see forceLeave)
            if (!local.leaving && inc >= local.incarnation) {
                refute(inc);
            }
            return;
        }
        int slot = table.find(p);
        if (slot < 0) {
            return;
        }
        if (!MergeRules.supersedes(MemberState.LEFT, inc, table.state(slot), table.incs[slot])) {
            return;
        }
        moveTo(slot, p, MemberState.LEFT, inc, null, null, src != Source.SYNC ? Spread.GOSSIP : Spread.QUIET);
    }

    /**
     * An operator's force-leave, as Serf's: a member held DEAD moves to LEFT at its incarnation (LEFT
     * outranks DEAD there), gossiped first of all as its own leave would have been. The cluster then
     * stops counting it toward quorum and stops trying to reach it, and forgets it after
     * {@code deadRetention} like any member that left. A member that is in fact alive (cut off, not
     * dead) refutes the leave when it hears of it, as it refutes a false death ({@link #onLeft}).
     *
     * @param name the member's name
     * @return its state before, or null when no member has that name; only a DEAD member moves
     */
    MemberState forceLeave(String name) {
        int slot = table.find(name);
        if (slot < 0) {
            return null;
        }
        MemberState old = table.state(slot);
        if (old == MemberState.DEAD) {
            moveTo(slot, table.peers[slot], MemberState.LEFT, table.incs[slot], null, null, Spread.GOSSIP);
        }
        return old;
    }

    /**
     * Moves a known member to another state, with what every move does, in this order: the
     * incarnation, the end of a suspicion (unless it becomes SUSPECT), the state, the observers and
     * views, what the new state needs (a suspicion's timer; the failure detector forgetting it; the
     * probe order and the reconnect list), the update gossiped, the event, and the snapshot marked.
     *
     * @param p the member as the news named it (its address may be older than the table's)
     * @param from the suspector or declarer (SUSPECT, DEAD)
     * @param reason why it is dead (DEAD)
     */
    private void moveTo(int slot, Peer p, MemberState to, long inc, Peer from, FailureReason reason, Spread spread) {
        MemberState old = table.state(slot);
        table.incs[slot] = inc;
        if (to != MemberState.SUSPECT) {
            suspicions.end(slot, to.name());
        }
        table.setState(slot, to, loop.nanos());
        moved(p, old, to, inc, from, reason);
        count(old, to);
        boolean wasGone = old == MemberState.DEAD || old == MemberState.LEFT;
        switch (to) {
            case ALIVE:
                reconnects.forget(p.name());
                if (old != MemberState.SUSPECT) {
                    order.add(p);
                }
                break;
            case SUSPECT:
                suspicions.start(slot, from);
                if (wasGone) {
                    reconnects.forget(p.name());
                    order.add(p);
                }
                break;
            case DEAD:
                detector.remove(p.id());
                break;
            default:
                detector.remove(p.id());
                reconnects.forget(p.name());
                break;
        }
        if (spread == Spread.GOSSIP) {
            int prio = to == MemberState.DEAD || to == MemberState.LEFT ? Gossip.PRIO_DEATH : Gossip.PRIO_STATE;
            gossip.enqueue(prio, to, p, inc, from, to == MemberState.ALIVE ? table.tags[slot] : null, reason);
        }
        if (to == MemberState.DEAD) {
            reconnects.schedule(p);
        }
        if (events.enabled()) {
            events.emit(event(slot, old, to, reason));
        }
        changed = true;
    }

    /** Counts a move of another member: a false suspicion refuted, a death, a leave. */
    private void count(MemberState old, MemberState to) {
        switch (to) {
            case ALIVE:
                if (old == MemberState.SUSPECT) {
                    counters.suspicionsRefuted++;
                }
                break;
            case DEAD:
                counters.deaths++;
                break;
            case LEFT:
                counters.leaves++;
                break;
            default:
                break;
        }
    }

    private ClusterEvent event(int slot, MemberState old, MemberState to, FailureReason reason) {
        Member m = table.member(slot);
        switch (to) {
            case ALIVE:
                return old == MemberState.SUSPECT ? new ClusterEvent.MemberRecovered(m) : new ClusterEvent.MemberJoined(m);
            case SUSPECT:
                return new ClusterEvent.MemberSuspected(m);
            case DEAD:
                return new ClusterEvent.MemberFailed(m, reason);
            default:
                return new ClusterEvent.MemberLeft(m);
        }
    }

    /** A member moved, or is new: the observers, the views and the flight recorder hear of it. */
    private void moved(Peer p, MemberState from, MemberState to, long inc, Peer by, FailureReason reason) {
        stateChanged(p, from, to);
        MemberStateEvent.emit(p, from, to, inc, by, reason);
    }

    private void stateChanged(Peer p, MemberState from, MemberState to) {
        observation.stateChanged(p, from, to);
        views.stateChanged(p, to);
    }

    /**
     * A full state says a member is SUSPECT or DEAD. If we hold it ALIVE at that very incarnation,
     * the accusation is second-hand and possibly stale (the other side of a healed partition): we
     * tell the member directly, so that it refutes, rather than suspect it ourselves, which would
     * let echoes of one old verdict confirm each other into a false death. Anything newer is a
     * suspicion here, as in memberlist: the member still gets its chance to refute.
     */
    private void relayAccusation(Peer p, long inc, Peer sender, Source src) {
        int slot = p == local.peer ? -1 : table.find(p);
        if (slot >= 0 && table.state(slot) == MemberState.SUSPECT && table.incs[slot] == inc) {
            return; // already suspected here; a second-hand verdict is no independent confirmation
        }
        if (slot >= 0 && table.state(slot) == MemberState.ALIVE && table.incs[slot] == inc && table.peers[slot] == p) {
            long now = loop.nanos();
            Long last = accusationsRelayed.get(p.name());
            if (last == null || now - last >= probeIntervalNs) {
                if (accusationsRelayed.size() > MAX_RELAYED) {
                    accusationsRelayed.clear();
                }
                accusationsRelayed.put(p.name(), now);
                Codec.update(outbox.packet(), MemberState.SUSPECT, p, inc, local.peer, null, null);
                outbox.send(p.address());
            }
            return;
        }
        onSuspect(p, inc, sender, src, sender);
    }

    /**
     * A suspicion or death about this node: refuted when it is about the current incarnation,
     * and the sender told the current state either way.
     *
     * @return whether {@code p} is this node (then nothing else applies)
     */
    private boolean accusesSelf(Peer p, long inc, Peer sender) {
        if (!local.named(p)) {
            return false;
        }
        if (!local.leaving) {
            if (inc >= local.incarnation) {
                refute(inc);
            }
            correctSender(table.find(local.peer), sender);
        }
        return true;
    }

    /** A gossiped accusation lost to what we know: older than a refutation, or about a member that left. */
    private void ignoreAccusation(int slot, long inc, Source src, Peer sender) {
        MemberState known = table.state(slot);
        if (src == Source.GOSSIP && (known == MemberState.ALIVE && inc < table.incs[slot] || known == MemberState.LEFT)) {
            correctSender(slot, sender);
        }
    }

    /**
     * The sender passed on an accusation older than what this node knows: the member refuted it
     * (this node itself, perhaps), or it left gracefully, and that news missed the sender. Gossip
     * alone may go on missing it, and then nothing corrects the sender's view before its suspicion
     * runs out (a false DEAD, or DEAD for a member that left), so answer it directly with the
     * member's current state: ALIVE at its new incarnation, or LEFT. At most one such answer per
     * eighth of a gossip interval, so a flood of stale rumors cannot turn into a flood of answers.
     */
    private void correctSender(int slot, Peer sender) {
        long now = loop.nanos();
        if (sender == null || sender == local.peer || slot < 0 || now - lastCorrection < gossipIntervalNs / 8) {
            return;
        }
        lastCorrection = now;
        Peer p = table.peers[slot];
        if (table.state(slot) == MemberState.LEFT) {
            Codec.update(outbox.packet(), MemberState.LEFT, p, table.incs[slot], null, null, null);
        } else {
            long inc = p == local.peer ? local.incarnation : table.incs[slot];
            Codec.update(outbox.packet(), MemberState.ALIVE, p, inc, null, p == local.peer ? local.tags : table.tags[slot], null);
        }
        outbox.sendWithUpdates(sender.address(), p.name());
    }

    // ------------------------------------------------------------------ forgetting

    /** Starts forgetting: every {@code deadRetention}, at most every 10 s. */
    void startReaping() {
        reapTimer = loop.reschedule(reapTimer, reapIntervalNs(), reapTask);
    }

    private long reapIntervalNs() {
        return Math.min(config.deadRetention().toNanos(), 10_000 * Timing.MS);
    }

    private void reapTick() {
        if (!local.running) {
            return;
        }
        reap();
        reapTimer = loop.reschedule(reapTimer, reapIntervalNs(), reapTask);
        flush.run();
    }

    /**
     * Forgets the members DEAD or LEFT for longer than {@code deadRetention}, and the interned ids
     * that only ever appeared in garbage or long-gone members.
     */
    private void reap() {
        long now = loop.nanos();
        long retention = config.deadRetention().toNanos();
        for (int s = table.size - 1; s >= 0; s--) {
            if (!table.live(s) && now - table.changedAt[s] > retention) {
                Peer p = table.peers[s];
                stateChanged(p, table.state(s), null);
                reconnects.forget(p.name());
                gossip.forget(p.name());
                table.remove(s);
                changed = true;
            }
        }
        if (interner.size() > 4 * table.size + 4096) {
            interner.retain(table.peers, table.size);
        }
    }
}
