package io.chorus.benchmarks;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Transport;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.engine.EventSink;
import io.chorus.core.engine.Loop;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireReader;
import io.chorus.core.wire.WireWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one protocol period for one node: the real engine with a full member table, on a
 * loop the benchmark turns by hand and a transport that only reads back the probe's sequence
 * number. Nothing else runs, so the score is the node's own protocol CPU, and {@code -prof gc}
 * shows what it allocates per period.
 *
 * <ul>
 *   <li>{@link #probePeriod}: the probe: choose the target, encode the ping with the pending
 *       updates piggybacked, send it; then handle the ack, which comes back in a full packet of
 *       {@value #UPDATES} alive updates about members, each one incarnation newer than the last
 *       (merged, queued for gossip, and piggybacked on the next ping).</li>
 *   <li>{@link #protocolPeriod}: all the node's timers that come due in one probe interval (the
 *       LAN profile: 1 s, with a gossip round to 3 members every 200 ms), then the probe and its
 *       ack. Push-pull is switched off: its full-state frame is the codec benchmark's business.</li>
 * </ul>
 *
 * <p>The ack is built once and patched in place each period (the incarnations are written as
 * 4-byte varints, and the ack's sequence number goes last), so the responder's work stays out of
 * the score.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar GossipPeriod -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class GossipPeriodBenchmark {
    /** Alive updates in each ack: about a full 1,400-byte packet. */
    static final int UPDATES = 24;
    /** The first incarnation: 2^21, the first that takes 4 varint bytes; 2^28 would take 5. */
    private static final long FIRST_INC = 1L << 21;

    /** The members in the node's table, itself included. */
    @Param({"1000", "10000"})
    public int members;

    /**
     * Whether the loop recycles the timers of recurring tasks ({@code Loop#reschedule}), as the
     * node's thread loop and the simulator do; {@code false} is a loop that makes a new timer for
     * every run, as both did before, for comparison in the same run.
     */
    @Param({"true", "false"})
    public boolean recycle;

    ManualLoop loop;
    Engine engine;
    Probes transport;
    Runnable probeTask;
    Peer responder;
    Peer[] gossiped;
    long inc;
    WireWriter ack;
    int[] incAt;
    int ackAt;

    /** Builds the node and fills its table with one full state from a member. */
    @Setup(Level.Trial)
    public void setUp() {
        PeerInterner interner = new PeerInterner();
        Peer[] peers = new Peer[members - 1];
        Tags[] tags = new Tags[peers.length];
        for (int i = 0; i < peers.length; i++) {
            int n = i + 2;
            peers[i] = interner.intern(NodeId.parse("node-" + i + "@10." + (n >>> 16) + "." + ((n >>> 8) & 255) + "." + (n & 255) + ":7946"));
            tags[i] = Tags.of(Map.of("zone", "zone-" + (i % 3)));
        }
        ClusterConfig config = ClusterConfig.builder("bench").tag("zone", "zone-0").pushPullInterval(Duration.ZERO).build();
        loop = new ManualLoop(recycle);
        transport = new Probes(new Address("10.0.0.1", 7946));
        engine = new Engine(config, loop, new SwimFailureDetectorProvider().create(ProviderContext.of(config)), null, interner,
                42, 1, EngineObserver.NONE, EventSink.NONE, Engine.Snapshots.NONE);
        engine.expectMembers(members);
        engine.start(transport);
        probeTask = engine.probeTask();

        // the whole table arrives in one full state from member 0, which also answers every probe
        responder = peers[0];
        WireWriter state = new WireWriter(64 * 1024);
        Codec codec = new Codec(interner, null);
        codec.begin(state, responder, members, members);
        int mark = Codec.beginSync(state, Codec.SYNC_REPLY, peers.length);
        for (int i = 0; i < peers.length; i++) {
            Codec.syncEntry(state, peers[i], MemberState.ALIVE, FIRST_INC, tags[i]);
        }
        Codec.endSync(state, mark);
        engine.receive(state.buffer(), 0, state.position(), Header.Channel.STREAM);
        if (engine.aliveMembers() != members) {
            throw new IllegalStateException("the node sees " + engine.aliveMembers() + " members ALIVE, not " + members);
        }

        // the ack: a full packet of alive updates about UPDATES members, the ack itself last
        gossiped = new Peer[UPDATES];
        incAt = new int[UPDATES];
        ack = new WireWriter(2048);
        codec.begin(ack, responder, members, members);
        inc = FIRST_INC;
        for (int u = 0; u < UPDATES; u++) {
            int m = 1 + u * (peers.length - 1) / UPDATES;
            gossiped[u] = peers[m];
            int start = ack.position();
            Codec.update(ack, MemberState.ALIVE, peers[m], inc, null, tags[m], null);
            // type, body length, id, then the incarnation
            incAt[u] = start + 1 + WireWriter.varlongSize(ack.position() - start - 2) + peers[m].wireLength();
        }
        ackAt = ack.position();
        for (int i = 0; i < 20; i++) {
            probePeriod();
        }
    }

    /** Checks that the node never missed an ack, which would have made this a different benchmark. */
    @TearDown(Level.Trial)
    public void check() {
        if (engine.stats().suspicions() != 0 || engine.pendingUpdates() == 0) {
            throw new IllegalStateException("the node suspected someone or has nothing to gossip: " + engine.stats());
        }
    }

    /**
     * One probe: its tick, then its ack.
     *
     * @return the probe's sequence number
     */
    @Benchmark
    public int probePeriod() {
        loop.runOnly(probeTask);
        answer();
        return transport.seq;
    }

    /**
     * Everything one probe interval runs: the gossip rounds that come due, the probe, its ack.
     *
     * @return the probe's sequence number
     */
    @Benchmark
    public int protocolPeriod() {
        loop.runThrough(probeTask);
        answer();
        return transport.seq;
    }

    /** Delivers the ack of the last ping: its updates one incarnation newer than the last ones. */
    private void answer() {
        inc++;
        byte[] b = ack.buffer();
        for (int at : incAt) {
            long v = inc;
            b[at] = (byte) (v | 0x80);
            b[at + 1] = (byte) (v >>> 7 | 0x80);
            b[at + 2] = (byte) (v >>> 14 | 0x80);
            b[at + 3] = (byte) (v >>> 21 & 0x7f);
        }
        ack.position(ackAt);
        Codec.ack(ack, Codec.ACK, transport.seq);
        engine.receive(b, 0, ack.position(), Header.Channel.PACKET);
    }

    /** A transport that sends nothing and reads the sequence number of each ping it is given. */
    static final class Probes implements Transport {
        private final Address local;
        private final WireReader reader = new WireReader();
        int seq = -1;

        Probes(Address local) {
            this.local = local;
        }

        @Override
        public Address localAddress() {
            return local;
        }

        @Override
        public int packetBudget() {
            return 1400;
        }

        @Override
        public void sendPacket(Address to, byte[] data, int offset, int length) {
            int p = Codec.messagesStart(data, offset);
            if (data[p] == Codec.PING) {
                try {
                    reader.reset(data, p + 1, offset + length - p - 1).varint(Integer.MAX_VALUE); // the body's length
                    seq = reader.varint(Integer.MAX_VALUE);
                } catch (CodecException e) {
                    throw new IllegalStateException("the engine sent a malformed ping", e);
                }
            }
        }

        @Override
        public boolean supportsFrames() {
            return false;
        }

        @Override
        public void sendFrame(Address to, byte[] data, int offset, int length) {
        }

        @Override
        public void close() {
        }
    }

    /**
     * A loop turned by hand: virtual time, and timers kept in a list. When {@code recycle} is on,
     * it re-arms a timer that ran or was cancelled, as the node's loops do.
     */
    static final class ManualLoop implements Loop {
        private final List<Slot> slots = new ArrayList<>();
        private final boolean recycle;
        private long now;
        private long order;

        ManualLoop(boolean recycle) {
            this.recycle = recycle;
        }

        final class Slot implements Timer {
            long time;
            long seq;
            Runnable task;
            boolean pending;

            @Override
            public void cancel() {
                pending = false;
            }
        }

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public Timer schedule(long delayNanos, Runnable task) {
            if (!recycle) {
                // keep the list to the timers still pending
                int k = 0;
                for (int i = 0, n = slots.size(); i < n; i++) {
                    Slot s = slots.get(i);
                    if (s.pending) {
                        slots.set(k++, s);
                    }
                }
                while (slots.size() > k) {
                    slots.remove(slots.size() - 1);
                }
            }
            Slot s = new Slot();
            slots.add(s);
            return arm(s, delayNanos, task);
        }

        @Override
        public Timer reschedule(Timer previous, long delayNanos, Runnable task) {
            if (recycle && previous instanceof Slot && !((Slot) previous).pending) {
                return arm((Slot) previous, delayNanos, task);
            }
            return schedule(delayNanos, task);
        }

        private Slot arm(Slot s, long delayNanos, Runnable task) {
            s.time = now + Math.max(0, delayNanos);
            s.seq = order++;
            s.task = task;
            s.pending = true;
            return s;
        }

        @Override
        public void execute(Runnable task) {
            schedule(0, task);
        }

        /**
         * Runs the pending timer of {@code task}, and nothing else.
         *
         * @param task the task
         */
        void runOnly(Runnable task) {
            for (int i = 0, n = slots.size(); i < n; i++) {
                Slot s = slots.get(i);
                if (s.pending && s.task == task) {
                    run(s);
                    return;
                }
            }
            throw new IllegalStateException("the task is not scheduled");
        }

        /**
         * Runs pending timers in the order they fire until the one of {@code task} has run.
         *
         * @param task the task
         */
        void runThrough(Runnable task) {
            while (true) {
                Slot next = null;
                for (int i = 0, n = slots.size(); i < n; i++) {
                    Slot s = slots.get(i);
                    if (s.pending && (next == null || s.time < next.time || (s.time == next.time && s.seq < next.seq))) {
                        next = s;
                    }
                }
                if (next == null) {
                    throw new IllegalStateException("nothing is scheduled");
                }
                if (run(next) == task) {
                    return;
                }
            }
        }

        private Runnable run(Slot s) {
            Runnable task = s.task;
            s.pending = false;
            now = Math.max(now, s.time);
            task.run();
            return task;
        }
    }
}
