package io.chorus.benchmarks;

import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationConfig;
import io.chorus.core.sim.SimulationResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gossip in the simulator: the real engine, n nodes joining through one seed and gossiping until
 * every node sees every other ALIVE, then to 10 virtual seconds. The score is the wall time of one
 * such run; {@link #lastConvergenceMs} keeps the virtual convergence time for the record (it
 * depends only on the seed). Run: {@code java -jar benchmarks/target/benchmarks.jar Gossip}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class GossipConvergenceBenchmark {
    /** Cluster sizes. */
    @Param({"100", "1000"})
    public int nodes;

    /** Virtual convergence time of the last run, in ms. */
    public long lastConvergenceMs;

    /**
     * One simulated join storm and 10 virtual seconds of gossip.
     *
     * @return the result, so that the work is not optimized away
     */
    @Benchmark
    public SimulationResult joinAndGossip() {
        SimulationResult r = Simulation.run(SimulationConfig.builder(nodes).seed(1).durationS(10).build(), line -> { });
        if (!r.converged()) {
            throw new IllegalStateException(nodes + " simulated nodes did not converge: " + r.toJson());
        }
        lastConvergenceMs = r.convergenceMs().getAsLong();
        return r;
    }
}
