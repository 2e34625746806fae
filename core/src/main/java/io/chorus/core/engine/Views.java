package io.chorus.core.engine;

import io.chorus.api.ClusterEvent;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;

/**
 * What applications read beyond the member list: the coordinator (the oldest ALIVE member by the
 * start time its incarnation carries, ties by name) and quorum (a strict majority ALIVE of the
 * members not LEFT). Both are kept as membership changes, with an event when either moves; the
 * coordinator is looked for again only when it stops being ALIVE.
 */
final class Views {
    /**
     * How far a node's incarnation is shifted: it starts at its start time in milliseconds shifted by
     * this much, and goes up by one per refutation or tag change, so that the start time (which orders
     * members for the coordinator) survives in it.
     */
    static final int START_SHIFT = 20;

    private final MemberTable table;
    private final LocalNode local;
    private final EventSink events;
    /** The oldest ALIVE member; null when it must be looked for again. */
    private Peer coordinator;
    private boolean coordinatorDirty;
    private Peer announcedCoordinator;
    private boolean quorum;
    private boolean quorumKnown;

    Views(MemberTable table, LocalNode local, EventSink events) {
        this.table = table;
        this.local = local;
        this.events = events;
    }

    /** A member's state changed (to null: it was forgotten). */
    void stateChanged(Peer p, MemberState to) {
        if (to == MemberState.ALIVE) {
            if (coordinator != null && olderThan(p, coordinator)) {
                coordinator = p;
            }
            coordinatorDirty = true;
        } else if (coordinator != null && p.name().equals(coordinator.name())) {
            coordinator = null;
            coordinatorDirty = true;
        }
    }

    /** An ALIVE member moved to a new address (a restart elsewhere, with a later start): if it was the coordinator, look again. */
    void moved(Peer p) {
        if (coordinator != null && p.name().equals(coordinator.name())) {
            coordinator = null;
        }
        coordinatorDirty = true;
    }

    /** @return whether the coordinator must be brought up to date even when the node no longer runs */
    boolean stale() {
        return coordinatorDirty;
    }

    /**
     * Brings the coordinator and quorum up to date after a change, with an event for each that moved.
     *
     * @return whether either moved (the snapshot must show it)
     */
    boolean update() {
        boolean moved = false;
        if (coordinatorDirty) {
            coordinatorDirty = false;
            if (coordinator == null || table.find(coordinator) < 0) {
                coordinator = find();
            }
            if (coordinator != announcedCoordinator) {
                announcedCoordinator = coordinator;
                moved = true;
                if (coordinator != null && events.enabled()) {
                    events.emit(new ClusterEvent.CoordinatorChanged(table.member(table.find(coordinator))));
                }
            }
        }
        int alive = table.count(MemberState.ALIVE);
        int expected = Math.max(alive, alive + table.count(MemberState.SUSPECT) + table.count(MemberState.DEAD));
        boolean q = 2L * alive > expected;
        if (!quorumKnown || q != quorum) {
            quorumKnown = true;
            quorum = q;
            moved = true;
            if (events.enabled()) {
                events.emit(new ClusterEvent.QuorumChanged(q, alive, expected));
            }
        }
        return moved;
    }

    /** @return the coordinator in this node's view, or null */
    Peer coordinator() {
        return coordinator;
    }

    /** @return whether this node sees a strict majority of the cluster ALIVE */
    boolean quorum() {
        return quorum;
    }

    private long incarnationOf(Peer p) {
        if (p == local.peer) {
            return local.incarnation;
        }
        int slot = table.find(p);
        return slot < 0 ? Long.MAX_VALUE : table.incs[slot];
    }

    /** @return whether {@code a} started before {@code b} (ties: the smaller name) */
    private boolean olderThan(Peer a, Peer b) {
        long sa = incarnationOf(a) >>> START_SHIFT;
        long sb = incarnationOf(b) >>> START_SHIFT;
        return sa != sb ? sa < sb : a.name().compareTo(b.name()) < 0;
    }

    private Peer find() {
        Peer best = null;
        for (int s = 0; s < table.size; s++) {
            if (table.state(s) == MemberState.ALIVE && (best == null || olderThan(table.peers[s], best))) {
                best = table.peers[s];
            }
        }
        return best;
    }
}
