package io.chorus.benchmarks;

import io.chorus.api.Member;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.RingStrategy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ring rebuilds, as the engine does for each membership snapshot: the vnode ring (160 vnodes per
 * member, 160,000 points at 1,000 members), Maglev and rendezvous, with xxhash64.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RingRebuild}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RingRebuildBenchmark {
    /** The ring strategy id. */
    @Param({"vnode", "maglev", "rendezvous"})
    public String strategy;
    /** The number of members. */
    @Param({"1000"})
    public int members;

    private RingStrategy ringStrategy;
    private HashFunction hash;
    private List<Member> list;
    private long epoch;

    /** Finds the providers and makes the members. */
    @Setup
    public void setUp() {
        ringStrategy = RingProviders.strategy(strategy);
        hash = RingProviders.hash("xxhash64");
        list = List.copyOf(RingProviders.members(members));
    }

    /** @return a new ring over the same members */
    @Benchmark
    public Ring rebuild() {
        return ringStrategy.build(list, hash, ++epoch);
    }
}
