package io.chorus.core.engine;

import io.chorus.api.ClusterEvent;

/** Where the loop puts events; the node hands them to its event thread after each task. */
public interface EventSink {
    /** Drops everything. */
    EventSink NONE = new EventSink() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void emit(ClusterEvent event) {
        }
    };

    /** @return whether anyone listens: when false the loop builds no event objects */
    boolean enabled();

    /** @param event an event, in order */
    void emit(ClusterEvent event);

    /** Called after each loop task that emitted events. */
    default void flush() {
    }
}
