package io.chorus.core.sim;

import io.chorus.api.Address;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.Loop;
import io.chorus.core.wire.Header;
import java.util.ArrayList;
import java.util.HashMap;

/** One simulated node: the real engine on a virtual loop and a simulated transport. */
final class SimNode implements Loop, Transport {
    final int index;
    final Address address;
    final SimNetwork net;
    Engine engine;
    boolean killed;
    boolean started;
    long pausedUntil = Long.MIN_VALUE;
    long msgsOut;
    long bytesOut;
    /** Where transport events (a refused connection) go; set at start. */
    TransportReceiver receiver;
    /** When the node's loop is done with its last event (the CPU model). */
    long busyUntil = Long.MIN_VALUE;
    /** When its link is free to send the next message, and to receive the next. */
    long egressFreeAt;
    long ingressFreeAt;
    /** Datagrams waiting in its socket while its loop is busy or paused, in bytes. */
    long bufferedBytes;
    /** The virtual second whose sent bytes {@link #bytesThisSecond} counts. */
    long secondBucket = -1;
    long bytesThisSecond;
    /** Bytes sent, and of them compressed, by the event under way. */
    long outThisEvent;
    long deflatedThisEvent;
    /** Events that came while the loop was busy or paused, in order; {@link #wake} runs the next one. */
    final java.util.ArrayDeque<SimEvent> backlog = new java.util.ArrayDeque<>();
    /** The node's turn to take the next event of its backlog (in the queue when {@link #wakeQueued}). */
    final SimEvent wake = new SimEvent(this, null);
    boolean wakeQueued;
    /** What the event under way sent: it leaves when the event is done. */
    final ArrayList<Pending> pending = new ArrayList<>();
    /** Open connections: the index of the node at the other end, and when the connection was ready or last used. */
    final HashMap<Integer, Long> connections = new HashMap<>();

    /** A message sent during an event, waiting for the event to end. */
    record Pending(Address to, byte[] data, Header.Channel channel) {
    }

    SimNode(int index, Address address, SimNetwork net) {
        this.index = index;
        this.address = address;
        this.net = net;
    }

    boolean live() {
        return !killed;
    }

    // ------------------------------------------------------------------ Loop

    @Override
    public long nanos() {
        return net.now;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        SimEvent e = new SimEvent(this, task);
        e.time(net.now + Math.max(0, delayNanos));
        net.queue.add(e);
        return e;
    }

    /** Recycles a timer of this node that has left the queue (it ran, or was cancelled and skipped). */
    @Override
    public Timer reschedule(Timer previous, long delayNanos, Runnable task) {
        if (previous instanceof SimEvent && ((SimEvent) previous).node == this) {
            SimEvent e = (SimEvent) previous;
            if (e.task != null && !e.queued() && !e.inBacklog) {
                e.task = task;
                e.cancelled = false;
                e.time(net.now + Math.max(0, delayNanos));
                net.queue.add(e);
                return e;
            }
        }
        return schedule(delayNanos, task);
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public Address localAddress() {
        return address;
    }

    @Override
    public int packetBudget() {
        return net.packetBudget;
    }

    @Override
    public void sendPacket(Address to, byte[] data, int offset, int length) {
        if (length > net.packetBudget) {
            throw new IllegalArgumentException("packet of " + length + " bytes exceeds the budget of " + net.packetBudget);
        }
        net.send(this, to, data, offset, length, Header.Channel.PACKET);
    }

    @Override
    public boolean supportsFrames() {
        return true;
    }

    @Override
    public void sendFrame(Address to, byte[] data, int offset, int length) {
        net.send(this, to, data, offset, length, Header.Channel.STREAM);
    }

    @Override
    public void close() {
        killed = true;
    }
}
