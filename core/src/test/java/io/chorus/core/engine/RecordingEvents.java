package io.chorus.core.engine;

import io.chorus.api.ClusterEvent;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that keeps every event in order, and counts the flushes. */
final class RecordingEvents implements EventSink {
    private final List<ClusterEvent> events = new ArrayList<>();
    private boolean enabled = true;
    private int flushes;

    @Override
    public boolean enabled() {
        return enabled;
    }

    /** @param on whether anyone listens (when not, the parts build no events) */
    void enabled(boolean on) {
        this.enabled = on;
    }

    @Override
    public void emit(ClusterEvent event) {
        if (!enabled) {
            throw new AssertionError("an event was emitted to a sink nobody listens to: " + event);
        }
        events.add(event);
    }

    @Override
    public void flush() {
        flushes++;
    }

    /** @return the events so far */
    List<ClusterEvent> all() {
        return List.copyOf(events);
    }

    /** @return the events so far; then forgets them */
    List<ClusterEvent> take() {
        List<ClusterEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    /** @param type an event type @return the events of that type so far */
    <T extends ClusterEvent> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ClusterEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** @return how many times the sink was flushed */
    int flushes() {
        return flushes;
    }
}
