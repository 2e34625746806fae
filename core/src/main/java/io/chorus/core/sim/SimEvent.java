package io.chorus.core.sim;

import io.chorus.core.engine.Loop;
import io.chorus.core.engine.TimerHeap;
import io.chorus.core.wire.Header;

/** Something that happens at a virtual time: a timer of a node, or a delivery to it. */
class SimEvent extends TimerHeap.Entry implements Loop.Timer {
    final SimNode node;
    /** The timer's task; null for a delivery. A timer's task is replaced when it is recycled. */
    Runnable task;
    final byte[] data;
    final Header.Channel channel;
    boolean cancelled;
    /** Whether the datagram is counted in its node's socket buffer (it waits for a busy or paused loop). */
    boolean buffered;
    /** Whether it waits in its node's backlog for a busy or paused loop. */
    boolean inBacklog;

    SimEvent(SimNode node, Runnable task) {
        this.node = node;
        this.task = task;
        this.data = null;
        this.channel = Header.Channel.PACKET;
    }

    SimEvent(SimNode node, byte[] data, Header.Channel channel) {
        this.node = node;
        this.task = null;
        this.data = data;
        this.channel = channel;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
