package io.chorus.core.engine;

import io.chorus.api.NodeId;
import io.chorus.api.spi.FailureDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FailureDetector} that keeps every call in order and gives the verdict the test sets
 * (suspect, as the SWIM detector always does, unless told otherwise).
 */
final class RecordingDetector implements FailureDetector {
    /** A call: {@code heartbeat}, {@code suspect} or {@code remove}, with the member and the time (remove has none: -1). */
    record Call(String kind, NodeId member, long at) {
    }

    private final List<Call> calls = new ArrayList<>();
    private boolean verdict = true;

    /** @param suspect what {@link #suspect} answers from now on */
    void verdict(boolean suspect) {
        this.verdict = suspect;
    }

    @Override
    public void heartbeat(NodeId member, long nowNanos) {
        calls.add(new Call("heartbeat", member, nowNanos));
    }

    @Override
    public boolean suspect(NodeId member, long nowNanos) {
        calls.add(new Call("suspect", member, nowNanos));
        return verdict;
    }

    @Override
    public void remove(NodeId member) {
        calls.add(new Call("remove", member, -1));
    }

    /** @return the calls so far */
    List<Call> all() {
        return List.copyOf(calls);
    }

    /** @param kind heartbeat, suspect or remove @return those calls so far */
    List<Call> of(String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    /** @return the calls so far; then forgets them */
    List<Call> take() {
        List<Call> out = List.copyOf(calls);
        calls.clear();
        return out;
    }
}
