package io.chorus.core.sim;

import io.chorus.core.engine.Loop;

/** Something that happens at a virtual time: a timer of a node, or a delivery to it. */
class SimEvent implements Loop.Timer {
    long time;
    long seq;
    final SimNode node;
    /** The timer's task; null for a delivery. A timer's task is replaced when it is recycled. */
    Runnable task;
    final byte[] data;
    final boolean frame;
    boolean cancelled;
    /** Whether the event is in the queue: a timer that is not may be recycled. */
    boolean queued;

    SimEvent(SimNode node, Runnable task) {
        this.node = node;
        this.task = task;
        this.data = null;
        this.frame = false;
    }

    SimEvent(SimNode node, byte[] data, boolean frame) {
        this.node = node;
        this.task = null;
        this.data = data;
        this.frame = frame;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
