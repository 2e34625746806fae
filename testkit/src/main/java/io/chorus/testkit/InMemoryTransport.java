package io.chorus.testkit;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportReceiver;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One transport of an {@link InMemoryNetwork}: sends call the destination's receiver on the
 * caller's thread. {@link #close()} frees the address and returns only when no other thread is
 * still inside this transport's receiver (bounded, in case a receiver hangs), so nothing is
 * received after it returns; a receiver may close its own transport.
 */
final class InMemoryTransport implements Transport {
    /** How long {@link #close()} waits for calls into the receiver on other threads. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final InMemoryNetwork network;
    private final Address local;
    private final TransportReceiver receiver;
    /** Threads inside the receiver now, with how deep; guarded by itself. */
    private final Map<Thread, Integer> inside = new HashMap<>();
    private boolean closed;

    InMemoryTransport(InMemoryNetwork network, Address local, TransportReceiver receiver) {
        this.network = network;
        this.local = local;
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public Address localAddress() {
        return local;
    }

    @Override
    public int packetBudget() {
        return network.packetBudget();
    }

    @Override
    public void sendPacket(Address to, byte[] data, int offset, int length) {
        check(to, data, offset, length);
        if (length > network.packetBudget()) {
            throw new IllegalArgumentException("a packet of " + length + " bytes exceeds the packet budget of "
                    + network.packetBudget() + " bytes; packets are never truncated");
        }
        if (isClosed()) {
            return;
        }
        InMemoryTransport destination = network.find(to);
        if (destination != null) {
            destination.deliver(local, false, Arrays.copyOfRange(data, offset, offset + length));
        }
    }

    @Override
    public boolean supportsFrames() {
        return true;
    }

    @Override
    public void sendFrame(Address to, byte[] data, int offset, int length) {
        check(to, data, offset, length);
        if (isClosed()) {
            return;
        }
        InMemoryTransport destination = network.find(to);
        if (destination == null || !destination.deliver(local, true, Arrays.copyOfRange(data, offset, offset + length))) {
            // nobody holds the address, or its transport closed meanwhile: a refused connection
            call(() -> receiver.onDeliveryFailure(to, FailureReason.CONNECTION_REFUSED));
        }
    }

    private static void check(Address to, byte[] data, int offset, int length) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
    }

    /** @return whether the receiver was called: false once this transport is closed */
    private boolean deliver(Address from, boolean frame, byte[] copy) {
        return call(() -> {
            if (frame) {
                receiver.onFrame(from, copy, 0, copy.length);
            } else {
                receiver.onPacket(from, copy, 0, copy.length);
            }
        });
    }

    /** Calls the receiver unless closed; what it throws is kept by the network, never thrown to the sender. */
    private boolean call(Runnable callback) {
        Thread me = Thread.currentThread();
        synchronized (inside) {
            if (closed) {
                return false;
            }
            inside.merge(me, 1, Integer::sum);
        }
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            network.receiverFailed(e);
        } finally {
            synchronized (inside) {
                inside.computeIfPresent(me, (t, depth) -> depth == 1 ? null : depth - 1);
                inside.notifyAll();
            }
        }
        return true;
    }

    private boolean isClosed() {
        synchronized (inside) {
            return closed;
        }
    }

    /** Frees the address and waits, bounded, for calls into the receiver on other threads. Idempotent. */
    @Override
    public void close() {
        Thread me = Thread.currentThread();
        synchronized (inside) {
            if (!closed) {
                closed = true;
                network.unbind(this);
            }
            long end = System.nanoTime() + CLOSE_WAIT_NANOS;
            while (inside.keySet().stream().anyMatch(t -> t != me)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(inside, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryTransport[" + local + (isClosed() ? ", closed" : "") + "]";
    }
}
