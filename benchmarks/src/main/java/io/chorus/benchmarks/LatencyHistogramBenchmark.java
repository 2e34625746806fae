package io.chorus.benchmarks;

import io.chorus.core.engine.LatencyHistogram;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What measuring a probe's round-trip time costs the protocol loop: {@link #record} is the one call a
 * direct ack adds (a bucket found, a counter raised, the window slid now and then); {@link #stats} is
 * what a read of {@code ClusterStats} adds, three percentiles and the maximum over both halves of the
 * window. Round-trip times are drawn from 50 µs to 50 ms, log-uniform, from a table made at setup.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LatencyHistogram -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class LatencyHistogramBenchmark {
    private static final int SAMPLES = 4096;
    private final long[] rtts = new long[SAMPLES];
    private LatencyHistogram histogram;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(24);
        for (int i = 0; i < SAMPLES; i++) {
            rtts[i] = (long) (50_000 * Math.pow(1000, random.nextDouble()));
        }
        histogram = new LatencyHistogram(LatencyHistogram.WINDOW_NANOS);
        for (int i = 0; i < SAMPLES; i++) {
            histogram.record(rtts[i], 0);
        }
    }

    /** One round-trip time recorded, a probe interval (500 ms) after the last. @return the count, so nothing is elided */
    @Benchmark
    public long record() {
        now += 500_000_000L;
        histogram.record(rtts[next++ & (SAMPLES - 1)], now);
        return histogram.count();
    }

    /** The percentiles and the maximum, as {@code ClusterStats} reads them. @return their sum */
    @Benchmark
    public long stats() {
        return histogram.percentileMicros(0.5, now) + histogram.percentileMicros(0.9, now)
                + histogram.percentileMicros(0.99, now) + histogram.maxMicros(now);
    }
}
