package io.chorus.core.node;

import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberSetChange;
import io.chorus.api.MemberState;
import io.chorus.core.engine.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One tag watch: the ALIVE members carrying every tag of a query. It runs on the node's event
 * thread: it starts with the latest snapshot, then recomputes the set from the latest snapshot on
 * each membership event and hands over the difference, so the set it reports only moves forward.
 */
final class TagWatch {
    private final Map<String, String> query;
    private final Consumer<? super MemberSetChange> listener;
    private final Supplier<Snapshot> snapshots;
    /** The set last reported, by name; null until {@link #start} ran. */
    private TreeMap<String, Member> current;

    TagWatch(Map<String, String> query, Consumer<? super MemberSetChange> listener, Supplier<Snapshot> snapshots) {
        this.query = query;
        this.listener = listener;
        this.snapshots = snapshots;
    }

    /** Reports the current set; events delivered before it are already in the snapshot it reads. */
    void start() {
        current = new TreeMap<>();
        update(true);
    }

    void onEvent(ClusterEvent e) {
        if (current == null) {
            return;
        }
        if (e instanceof ClusterEvent.MemberJoined || e instanceof ClusterEvent.MemberUpdated
                || e instanceof ClusterEvent.MemberSuspected || e instanceof ClusterEvent.MemberFailed
                || e instanceof ClusterEvent.MemberLeft || e instanceof ClusterEvent.MemberRecovered) {
            update(false);
        }
    }

    private boolean matches(Member m) {
        return m.state() == MemberState.ALIVE && m.tags().entrySet().containsAll(query.entrySet());
    }

    private void update(boolean initial) {
        Snapshot s = snapshots.get();
        if (s == null) {
            return;
        }
        TreeMap<String, Member> next = new TreeMap<>();
        for (Member m : s.members()) {
            if (matches(m)) {
                next.put(m.name(), m);
            }
        }
        List<Member> joined = new ArrayList<>();
        List<Member> left = new ArrayList<>();
        List<Member> updated = new ArrayList<>();
        for (Member m : next.values()) {
            Member before = current.get(m.name());
            if (before == null) {
                joined.add(m);
            } else if (!before.id().equals(m.id()) || !before.tags().equals(m.tags())) {
                updated.add(m);
            }
        }
        for (Member before : current.values()) {
            if (!next.containsKey(before.name())) {
                Member now = s.byName(before.name());
                left.add(Objects.requireNonNullElse(now, before));
            }
        }
        current = next;
        if (initial || !joined.isEmpty() || !left.isEmpty() || !updated.isEmpty()) {
            listener.accept(new MemberSetChange(List.copyOf(next.values()), joined, left, updated));
        }
    }
}
