package io.chorus.core.sim;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.FailureDetector;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.engine.EventSink;
import io.chorus.core.engine.TimerHeap;
import io.chorus.core.wire.Codec;
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
 * A simulated network of real engines in virtual time. Single-threaded and deterministic: the same
 * seed gives the same run. What it models (the constants are stated in {@code docs/simulator.md}):
 *
 * <ul>
 *   <li>Links: each node has a link of {@link #bandwidthBps} each way. A message leaves when its
 *       sender's link is free, takes its serialization time on the sender's link and on the
 *       receiver's, and arrives after the one-way latency (uniform or log-normal). A datagram that
 *       finds {@value #SOCKET_BUFFER} bytes already waiting in its sender's queue, or in its
 *       receiver's socket while the receiver's loop is busy or paused, is dropped and counted, as a
 *       kernel would.</li>
 *   <li>CPU: each node has one protocol loop; handling an event costs time (per event, per byte
 *       decoded and encoded, per byte deflated and inflated, times {@link #cpuScale}), events wait
 *       while the loop is busy, and what the event sends leaves when it is done.</li>
 *   <li>Streams (TCP): a connection costs a round trip to open (a lost SYN waits 1 s, then 2 s, ...)
 *       and is kept while used at least every {@value #CONNECTION_IDLE_S} s; loss delays a frame by
 *       a retransmission timeout per lost segment of {@value #MSS} bytes; a frame over
 *       {@value #MAX_FRAME} bytes is refused; a connection to a node whose process died is refused
 *       one round trip later (the sender's transport reports it).</li>
 *   <li>Faults: loss of datagrams, symmetric partitions, one-way cuts (a set of nodes that cannot
 *       send to the rest; a stream needs both ways), paused nodes (nothing runs; their sockets
 *       fill), killed nodes.</li>
 * </ul>
 */
final class SimNetwork {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    /** A UDP socket's send and receive buffer (Linux's default {@code net.core.wmem_default}/{@code rmem_default}). */
    static final int SOCKET_BUFFER = 212_992;
    /** A TCP segment's payload on Ethernet with timestamps. */
    static final int MSS = 1_448;
    /** The largest frame the TCP transport sends ({@code transport.tcp.max-frame-bytes}' default). */
    static final int MAX_FRAME = 8 * 1024 * 1024;
    /** How long an unused connection stays open ({@code transport.tcp.idle-timeout}'s default). */
    static final int CONNECTION_IDLE_S = 60;
    private static final long RTO_MIN_NS = 200 * MS;
    private static final long RTO_MAX_NS = 60_000 * MS;
    /** Linux's initial SYN retransmission timeout. */
    private static final long SYN_RTO_NS = SECOND;

    // The CPU costs come from the benchmarks' figures on the 2-core CI machine (docs/simulator.md shows the sums):
    // CodecBenchmark's probe packet and 1,000-member push-pull state, plain and compressed, and
    // GossipPeriodBenchmark's probe period.
    /**
     * CPU cost of handling one event (a timer or a delivery) beside decoding and encoding: at least 275 ns by
     * probePeriod, raised to cover the transport's system calls, which no benchmark measures.
     */
    static final double CPU_EVENT_NS = 1_000;
    /** CPU cost per byte decoded and merged (decodePushPullState: 68.6 us for 53,919 bytes). */
    static final double CPU_IN_NS_PER_BYTE = 1.3;
    /** CPU cost per byte encoded and handed to the transport (encodeProbePacket: 453 ns for 1,369 bytes). */
    static final double CPU_OUT_NS_PER_BYTE = 0.35;
    /**
     * CPU cost per compressed byte sent, beside the encoding's: encoding the whole frame and deflating it, level 1
     * (encodePushPullStateCompressed: 126.0 us for 8,375 bytes, 15.04 ns a byte, of which 0.35 is the encoding's).
     */
    static final double CPU_DEFLATE_NS_PER_BYTE = 14.7;
    /**
     * CPU cost per compressed byte received, beside the decoding's: inflating the frame and decoding all of it
     * (decodePushPullStateCompressed: 144.5 us for 8,375 bytes, 17.25 ns a byte, of which 1.3 is the decoding's).
     */
    static final double CPU_INFLATE_NS_PER_BYTE = 16.0;

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
    SimulationConfig.LatencyDistribution latencyDistribution = SimulationConfig.LatencyDistribution.UNIFORM;
    /** Each link's speed, each way, in bits per second; 0 for no limit. */
    double bandwidthBps;
    /** The protocol loops' speed against the calibrated costs; 0 for no cost. */
    double cpuScale;
    int packetBudget = 1400;
    boolean[] sideB = new boolean[0];
    boolean partitioned;
    /** The nodes of a one-way cut: while {@link #oneway} holds, they cannot send to the others. */
    boolean[] cutOff = new boolean[0];
    boolean oneway;
    long events;
    /** Datagrams dropped by a full socket buffer, and frames over the limit. */
    long droppedByQueue;
    /** The most bytes one node sent in one virtual second. */
    long peakBytesPerSecond;
    EngineObserver observer = EngineObserver.NONE;
    /** Sees every packet and frame sent, before loss (tests look at headers with it); may be null. */
    Tap tap;
    /** The node whose event runs now: what it sends leaves when the event is done. */
    private SimNode current;

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
            cutOff = Arrays.copyOf(cutOff, sideB.length);
        }
        return n;
    }

    void start(SimNode n) {
        n.started = true;
        n.receiver = n.engine.receiver();
        n.engine.start(n);
    }

    /** A node hands a packet or frame to its transport: it leaves now, or when the event under way is done. */
    void send(SimNode from, Address to, byte[] data, int off, int len, Header.Channel channel) {
        from.msgsOut++;
        from.bytesOut += len;
        if (tap != null) {
            tap.sent(from, to, data, off, len, channel);
        }
        byte[] copy = Arrays.copyOfRange(data, off, off + len);
        if (current == from) {
            from.outThisEvent += len;
            if (channel == Header.Channel.STREAM && (copy[3] & Codec.FLAG_COMPRESSED) != 0) {
                from.deflatedThisEvent += len;
            }
            from.pending.add(new SimNode.Pending(to, copy, channel));
        } else {
            transmit(from, to, copy, channel, now);
        }
    }

    private long serializationNs(int bytes) {
        return bandwidthBps <= 0 ? 0 : (long) (bytes * 8e9 / bandwidthBps);
    }

    private boolean cut(SimNode from, SimNode to, Header.Channel channel) {
        if (partitioned && sideB[from.index] != sideB[to.index]) {
            return true;
        }
        if (oneway) {
            boolean out = cutOff[from.index] && !cutOff[to.index];
            boolean back = cutOff[to.index] && !cutOff[from.index];
            // a datagram needs one way; a stream needs both (its acks come back)
            return out || (channel == Header.Channel.STREAM && back);
        }
        return false;
    }

    /** @return one one-way delay */
    long latency() {
        if (latencyNs == 0) {
            return 0;
        }
        if (latencyDistribution == SimulationConfig.LatencyDistribution.LOGNORMAL) {
            double s = SimulationConfig.LatencyDistribution.LOGNORMAL_SIGMA;
            return (long) (latencyNs * Math.exp(s * random.nextGaussian() - s * s / 2));
        }
        return latencyNs / 2 + (long) (random.nextDouble() * latencyNs);
    }

    /** Puts a message on the wire at {@code depart}: the sender's link, loss and cuts, the stream's costs, the receiver's link. */
    private void transmit(SimNode from, Address to, byte[] data, Header.Channel channel, long depart) {
        boolean frame = channel == Header.Channel.STREAM;
        int len = data.length;
        if (frame && len > MAX_FRAME) {
            droppedByQueue++;
            return;
        }
        long ser = serializationNs(len);
        long start = Math.max(depart, from.egressFreeAt);
        if (!frame && bandwidthBps > 0 && (start - depart) * bandwidthBps / 8e9 + len > SOCKET_BUFFER) {
            droppedByQueue++; // the send buffer is full: the kernel refuses the datagram
            return;
        }
        from.egressFreeAt = start + ser;
        long second = start / SECOND;
        if (second != from.secondBucket) {
            from.secondBucket = second;
            from.bytesThisSecond = 0;
        }
        from.bytesThisSecond += len;
        peakBytesPerSecond = Math.max(peakBytesPerSecond, from.bytesThisSecond);
        long sent = from.egressFreeAt;
        SimNode dst = byAddress.get(to);
        if (dst == null) {
            return;
        }
        if (dst.killed) {
            if (frame && from.receiver != null) {
                // the dead process's host answers the connection with a reset, a round trip later
                from.connections.remove(dst.index);
                SimEvent refused = new SimEvent(from, () -> from.receiver.onDeliveryFailure(to, FailureReason.CONNECTION_REFUSED));
                refused.time(sent + latency() + latency());
                queue.add(refused);
            }
            return;
        }
        if (cut(from, dst, channel)) {
            return;
        }
        if (!frame && loss > 0 && random.nextDouble() < loss) {
            return;
        }
        long arrive = sent + latency();
        if (bandwidthBps > 0) {
            // the receiver's link takes the bytes as they come, in the order they were sent
            arrive = Math.max(arrive, dst.ingressFreeAt) + ser;
            dst.ingressFreeAt = arrive;
        }
        if (frame) {
            // waits that do not hold the link: the handshake, and the timeouts of lost segments
            arrive += connect(from, dst, sent) + retransmissions(len);
        }
        SimEvent e = new SimEvent(dst, data, channel);
        e.time(arrive);
        queue.add(e);
    }

    /** @return the time to open a connection from {@code from} to {@code to}, or 0 when one is open */
    private long connect(SimNode from, SimNode to, long at) {
        Long last = from.connections.get(to.index);
        if (last != null && at - last <= CONNECTION_IDLE_S * SECOND) {
            // open, or still opening: a frame sent during the handshake waits for it
            from.connections.put(to.index, Math.max(last, at));
            return Math.max(0, last - at);
        }
        long d = latency() + latency();
        for (long syn = SYN_RTO_NS; loss > 0 && random.nextDouble() < loss && syn < RTO_MAX_NS; syn *= 2) {
            d += syn; // a lost SYN (or SYN-ACK) waits out the initial timeout, doubling
        }
        from.connections.put(to.index, at + d);
        return d;
    }

    /** @return what loss adds to a frame: a retransmission timeout (doubling) for each lost segment */
    private long retransmissions(int len) {
        if (loss <= 0) {
            return 0;
        }
        long extra = 0;
        long rtoBase = Math.max(RTO_MIN_NS, 4 * latencyNs);
        for (int segments = (len + MSS - 1) / MSS; segments > 0; segments--) {
            for (long rto = rtoBase; random.nextDouble() < loss && rto < RTO_MAX_NS; rto *= 2) {
                extra += rto;
            }
        }
        return extra;
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
            if (e == n.wake) {
                // the node's loop is free again: it takes the next event that waited for it
                n.wakeQueued = false;
                SimEvent next = n.backlog.poll();
                if (next != null) {
                    next.inBacklog = false;
                    if (next.buffered) {
                        n.bufferedBytes -= next.data.length;
                        next.buffered = false;
                    }
                    if (!next.cancelled) {
                        events++;
                        runEvent(n, next);
                    }
                }
                wakeLater(n);
            } else if (!n.backlog.isEmpty() || Math.max(n.pausedUntil, n.busyUntil) > now) {
                // a paused or busy loop runs nothing: its timers and datagrams wait, in order, until it is
                // free; datagrams wait in its socket, which holds so much
                if (e.data != null && e.channel == Header.Channel.PACKET) {
                    if (n.bufferedBytes + e.data.length > SOCKET_BUFFER) {
                        droppedByQueue++;
                        continue;
                    }
                    n.bufferedBytes += e.data.length;
                    e.buffered = true;
                }
                e.inBacklog = true;
                n.backlog.add(e);
                wakeLater(n);
                continue;
            } else {
                events++;
                runEvent(n, e);
            }
            if (stop != null && stop.getAsBoolean()) {
                return true;
            }
        }
    }

    /** Schedules a node's next turn with what waits for its loop, when it is free. */
    private void wakeLater(SimNode n) {
        if (!n.wakeQueued && !n.backlog.isEmpty()) {
            n.wakeQueued = true;
            n.wake.time(Math.max(now, Math.max(n.pausedUntil, n.busyUntil)));
            queue.add(n.wake);
        }
    }

    private void runEvent(SimNode n, SimEvent e) {
        current = n;
        n.outThisEvent = 0;
        n.deflatedThisEvent = 0;
        try {
            if (e.task != null) {
                e.task.run();
            } else if (n.started) {
                n.engine.receive(e.data, 0, e.data.length, e.channel);
            }
        } finally {
            current = null;
        }
        long cost = 0;
        if (cpuScale > 0) {
            double ns = CPU_EVENT_NS + CPU_OUT_NS_PER_BYTE * n.outThisEvent + CPU_DEFLATE_NS_PER_BYTE * n.deflatedThisEvent;
            if (e.data != null) {
                ns += CPU_IN_NS_PER_BYTE * e.data.length;
                if ((e.data[3] & Codec.FLAG_COMPRESSED) != 0) {
                    ns += CPU_INFLATE_NS_PER_BYTE * e.data.length;
                }
            }
            cost = (long) (ns * cpuScale);
            n.busyUntil = now + cost;
        }
        if (!n.pending.isEmpty()) {
            for (SimNode.Pending p : n.pending) {
                transmit(n, p.to(), p.data(), p.channel(), now + cost);
            }
            n.pending.clear();
        }
    }

    void kill(SimNode n) {
        n.killed = true;
        n.pending.clear();
    }
}
