package io.chorus.benchmarks;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.Options;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import io.chorus.api.spi.TransportReceiver;
import java.util.ServiceLoader;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * The UDP transport over loopback, between two transports of one JVM. The provider is found the
 * way the engine finds it, with {@link ServiceLoader}: its module exports nothing, and this jar
 * runs from the class path, where the shipped {@code META-INF/services} file counts.
 *
 * <ul>
 *   <li>{@code oneWay}: packets delivered per second, sent in windows of {@value #WINDOW}; each
 *       window waits until it has arrived, so the figure counts delivered packets, not packets
 *       the socket buffer dropped. A window that loses packets costs up to a second and is
 *       reported at the end of the trial.</li>
 *   <li>{@code pingPong}: one packet there and its echo back, in ns.</li>
 * </ul>
 * {@code size} sets the packet length (default 1,400 bytes, the default packet budget).
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UdpTransportBenchmark {
    static final int WINDOW = 64;
    private static final byte DATA = 1;
    private static final byte PING = 2;

    /** The packet length, in bytes. */
    @Param("1400")
    public int size;

    private final Semaphore arrived = new Semaphore(0);
    private final Semaphore ponged = new Semaphore(0);
    private Transport a;
    private Transport b;
    private Address toB;
    private byte[] data;
    private byte[] ping;
    private long lostWindows;
    private long lostPings;

    /** Opens the two transports on loopback. */
    @Setup(Level.Trial)
    public void open() {
        TransportProvider udp = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("udp"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no transport with id 'udp': add io.chorus:chorus-transport-udp to the class path"));
        a = udp.create(TransportContext.of(config("bench-a"), Options.empty(), new Receiver() {
            @Override
            public void onPacket(Address from, byte[] bytes, int offset, int length) {
                ponged.release();
            }
        }));
        b = udp.create(TransportContext.of(config("bench-b"), Options.empty(), new Receiver() {
            @Override
            public void onPacket(Address from, byte[] bytes, int offset, int length) {
                if (bytes[offset] == PING) {
                    b.sendPacket(from, bytes, offset, length);
                } else {
                    arrived.release();
                }
            }
        }));
        toB = b.localAddress();
        data = new byte[size];
        data[0] = DATA;
        ping = new byte[size];
        ping[0] = PING;
    }

    private static ClusterConfig config(String name) {
        return ClusterConfig.builder(name).bind("127.0.0.1", 0).build();
    }

    /** Closes both transports and reports losses, if any. */
    @TearDown(Level.Trial)
    public void close() {
        a.close();
        b.close();
        if (lostWindows > 0 || lostPings > 0) {
            System.out.println("UDP loopback losses: " + lostWindows + " windows, " + lostPings + " pings");
        }
    }

    /**
     * @return whether the whole window arrived
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    public boolean oneWay() throws InterruptedException {
        for (int i = 0; i < WINDOW; i++) {
            a.sendPacket(toB, data, 0, size);
        }
        if (arrived.tryAcquire(WINDOW, 1, TimeUnit.SECONDS)) {
            return true;
        }
        lostWindows++;
        arrived.drainPermits();
        return false;
    }

    /**
     * @return whether the echo came back
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean pingPong() throws InterruptedException {
        a.sendPacket(toB, ping, 0, size);
        if (ponged.tryAcquire(1, TimeUnit.SECONDS)) {
            return true;
        }
        lostPings++;
        return false;
    }

    /** A receiver for packets only. */
    private abstract static class Receiver implements TransportReceiver {
        @Override
        public void onFrame(Address from, byte[] bytes, int offset, int length) {
        }

        @Override
        public void onDeliveryFailure(Address to, FailureReason reason) {
        }

        @Override
        public void onDropped(Address from) {
        }
    }
}
