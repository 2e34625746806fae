package io.chorus.core.sim;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.FailureDetector;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.engine.EventSink;
import io.chorus.core.engine.TimerHeap;
import io.chorus.core.wire.Deflation;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.PeerInterner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A simulated network of real engines in virtual time: latency, loss, partitions, paused and
 * killed nodes. Single-threaded and deterministic: the same seed gives the same run.
 */
final class SimNetwork {
    static final long MS = 1_000_000L;
    private static final long RTO_MIN_NS = 200 * MS;
    private static final long RTO_MAX_NS = 60_000 * MS;

    final TimerHeap<SimEvent> queue = new TimerHeap<>(1024);
    final List<SimNode> nodes = new ArrayList<>();
    final HashMap<Address, SimNode> byAddress = new HashMap<>();
    final PeerInterner interner = new PeerInterner();
    /** One deflater and inflater for every engine: they all run on this thread. Freed by the GC with the network. */
    final Deflation deflation = new Deflation();
    final SplittableRandom random;
    final long seed;
    long now;
    double loss;
    long latencyNs;
    int packetBudget = 1400;
    boolean[] sideB = new boolean[0];
    boolean partitioned;
    long events;
    EngineObserver observer = EngineObserver.NONE;
    /** Sees every packet and frame sent, before loss (tests look at headers with it); may be null. */
    Tap tap;

    /** Sees what is sent. */
    interface Tap {
        /** @param from the sender @param to the destination @param data the bytes (read during the call only) @param channel packet or stream */
        void sent(SimNode from, Address to, byte[] data, int off, int len, Header.Channel channel);
    }

    SimNetwork(long seed, double loss, long latencyNs) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.loss = loss;
        this.latencyNs = latencyNs;
    }

    static Address addressOf(int i) {
        int n = i + 1;
        return new Address("10." + ((n >>> 16) & 255) + "." + ((n >>> 8) & 255) + "." + (n & 255), 7946);
    }

    /**
     * Adds a node (not started).
     *
     * @param config its config (its bind address is replaced by the simulated one)
     * @param detector makes its failure detector from its config
     * @param events its event sink
     * @param snapshots whether the engine publishes read snapshots
     * @return the node
     */
    SimNode add(Function<Address, ClusterConfig> config, Function<ClusterConfig, FailureDetector> detector, EventSink events,
            Engine.Snapshots snapshots) {
        int i = nodes.size();
        Address a = addressOf(i);
        SimNode n = new SimNode(i, a, this);
        long nodeSeed = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L;
        ClusterConfig c = config.apply(a);
        n.engine = new Engine(c, n, detector.apply(c), null, interner, nodeSeed, 0, observer, events, snapshots);
        n.engine.shareDeflation(deflation);
        nodes.add(n);
        byAddress.put(a, n);
        if (sideB.length < nodes.size()) {
            sideB = Arrays.copyOf(sideB, Math.max(16, nodes.size() * 2));
        }
        return n;
    }

    void start(SimNode n) {
        n.started = true;
        n.engine.start(n);
    }

    void send(SimNode from, Address to, byte[] data, int off, int len, Header.Channel channel) {
        boolean frame = channel == Header.Channel.STREAM;
        from.msgsOut++;
        from.bytesOut += len;
        if (tap != null) {
            tap.sent(from, to, data, off, len, channel);
        }
        SimNode dst = byAddress.get(to);
        if (dst == null || dst.killed) {
            return;
        }
        if (partitioned && sideB[from.index] != sideB[dst.index]) {
            return;
        }
        if (!frame && loss > 0 && random.nextDouble() < loss) {
            return;
        }
        SimEvent e = new SimEvent(dst, Arrays.copyOfRange(data, off, off + len), channel);
        long delay = latencyNs == 0 ? 0 : latencyNs / 2 + (long) (random.nextDouble() * latencyNs);
        if (frame) {
            delay += latencyNs; // a stream spends a round trip more than a datagram
            // a stream loses nothing but time: each lost segment waits out a retransmission
            // timeout (200 ms at least, as Linux; doubling), so loss delays frames instead
            long rto = Math.max(RTO_MIN_NS, 4 * latencyNs);
            while (loss > 0 && random.nextDouble() < loss && rto < RTO_MAX_NS) {
                delay += rto;
                rto *= 2;
            }
        }
        e.time(now + delay);
        queue.add(e);
    }

    /**
     * Runs events up to {@code until} (virtual nanoseconds), or until {@code stop} says so.
     *
     * @param until the end
     * @param stop checked after each event; null for none
     * @return whether it stopped because {@code stop} said so
     */
    boolean run(long until, BooleanSupplier stop) {
        while (true) {
            SimEvent e = queue.peek();
            if (e == null || e.time() > until) {
                now = Math.max(now, until);
                return false;
            }
            queue.poll();
            if (e.cancelled || e.node.killed) {
                continue;
            }
            now = e.time();
            SimNode n = e.node;
            if (n.pausedUntil > now) {
                // a paused node runs nothing: its timers fire and its packets are read when it wakes
                e.time(n.pausedUntil);
                queue.add(e);
                continue;
            }
            events++;
            if (e.task != null) {
                e.task.run();
            } else if (n.started) {
                n.engine.receive(e.data, 0, e.data.length, e.channel);
            }
            if (stop != null && stop.getAsBoolean()) {
                return true;
            }
        }
    }

    void kill(SimNode n) {
        n.killed = true;
    }
}
