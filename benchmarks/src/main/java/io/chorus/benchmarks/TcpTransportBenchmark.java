package io.chorus.benchmarks;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import io.chorus.api.spi.TransportReceiver;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The TCP transport on loopback: a frame's round trip (sent, echoed by the peer's receiver,
 * received back) and one-way packet throughput (batches of packets, each batch waited for until
 * the peer has received all of it, so the figure is packets delivered, not merely queued).
 *
 * <p>The transport module exports nothing, so the provider comes from {@link ServiceLoader}, as
 * the engine finds it; the benchmarks jar runs on the class path.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TcpTransportBenchmark {
    private static final int BATCH = 1000;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Two transports on 127.0.0.1: b echoes every frame back to a and counts packets. */
    @State(Scope.Benchmark)
    public static class Pair {
        final AtomicLong echoes = new AtomicLong();
        final AtomicLong packets = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        Transport a;
        Transport b;
        Address addressOfA;
        Address addressOfB;
        final byte[] packet = new byte[1000];

        @Setup(Level.Trial)
        public void start() {
            TransportProvider provider = ServiceLoader.load(TransportProvider.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(p -> p.id().equals("tcp"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no 'tcp' transport provider: add chorus-transport-tcp"));
            a = provider.create(context("a", new Counting(echoes, packets, failures)));
            b = provider.create(context("b", new Counting(echoes, packets, failures) {
                @Override
                public void onFrame(Address from, byte[] data, int offset, int length) {
                    b.sendFrame(addressOfA, data, offset, length);
                }
            }));
            addressOfA = a.localAddress();
            addressOfB = b.localAddress();
        }

        @TearDown(Level.Trial)
        public void stop() {
            a.close();
            b.close();
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " delivery failures or drops during the benchmark");
            }
        }

        long await(AtomicLong counter, long target) {
            long start = System.nanoTime();
            long seen;
            while ((seen = counter.get()) < target) {
                if (failures.get() > 0 || System.nanoTime() - start > STALL_NANOS) {
                    throw new IllegalStateException("stalled at " + seen + " of " + target + ", failures " + failures.get());
                }
                Thread.onSpinWait();
            }
            return seen;
        }
    }

    /** The frame for the round trip. */
    @State(Scope.Benchmark)
    public static class Frame {
        /** Its size in bytes. */
        @Param({"64", "1024", "65536"})
        public int frameBytes;
        byte[] bytes;

        @Setup(Level.Trial)
        public void allocate() {
            bytes = new byte[frameBytes];
        }
    }

    private static TransportContext context(String name, TransportReceiver receiver) {
        ClusterConfig config = ClusterConfig.builder(name).bind("127.0.0.1", 0).build();
        return TransportContext.of(config, config.options(), receiver);
    }

    /**
     * A frame from a to b and back.
     *
     * @param pair the transports
     * @param frame the frame
     * @return the echoes seen, so the work is not dead code
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long frameRoundTrip(Pair pair, Frame frame) {
        long target = pair.echoes.get() + 1;
        pair.a.sendFrame(pair.addressOfB, frame.bytes, 0, frame.bytes.length);
        return pair.await(pair.echoes, target);
    }

    /**
     * Packets of 1000 bytes from a to b, in batches of {@value #BATCH}; the score is packets per second.
     *
     * @param pair the transports
     * @return the packets seen, so the work is not dead code
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long packetsOneWay(Pair pair) {
        long target = pair.packets.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            pair.a.sendPacket(pair.addressOfB, pair.packet, 0, pair.packet.length);
        }
        return pair.await(pair.packets, target);
    }

    /** Counts frames that come back to a, packets that reach b, and failures. */
    private static class Counting implements TransportReceiver {
        private final AtomicLong frames;
        private final AtomicLong packets;
        private final AtomicLong failures;

        Counting(AtomicLong frames, AtomicLong packets, AtomicLong failures) {
            this.frames = frames;
            this.packets = packets;
            this.failures = failures;
        }

        @Override
        public void onPacket(Address from, byte[] data, int offset, int length) {
            packets.incrementAndGet();
        }

        @Override
        public void onFrame(Address from, byte[] data, int offset, int length) {
            frames.incrementAndGet();
        }

        @Override
        public void onDeliveryFailure(Address to, FailureReason reason) {
            failures.incrementAndGet();
        }

        @Override
        public void onDropped(Address from) {
            failures.incrementAndGet();
        }
    }
}
