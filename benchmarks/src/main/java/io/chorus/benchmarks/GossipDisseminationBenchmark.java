package io.chorus.benchmarks;

import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationConfig;
import io.chorus.core.sim.SimulationResult;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dissemination of one update in the simulator, on the real engine: n nodes join and converge,
 * then one of them changes a tag, and the run goes on to 30 virtual seconds. The score is the wall
 * time of one run; the virtual time the update took to reach every node depends only on the seed
 * and is printed at the end of each trial as {@code dissemination_ms=...} ({@code -1} when some
 * node had not heard of it by the end of the run). Run: {@code java -jar benchmarks/target/benchmarks.jar GossipDissemination}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx16g", "-Xmn4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class GossipDisseminationBenchmark {
    /** Virtual seconds each run covers. */
    static final int VIRTUAL_S = 30;

    /** Cluster sizes. */
    @Param({"100", "1000", "10000"})
    public int nodes;

    private SimulationResult last;

    /**
     * One join storm, one tag update once converged, and gossip to {@value #VIRTUAL_S} virtual seconds.
     *
     * @return the result, so that the work is not optimized away
     */
    @Benchmark
    public SimulationResult updateReachesEveryNode() {
        SimulationResult r = Simulation.run(SimulationConfig.builder(nodes).seed(1).durationS(VIRTUAL_S).disseminate(true)
                .build(), line -> { });
        if (!r.converged()) {
            throw new IllegalStateException(nodes + " simulated nodes did not converge: " + r.toJson());
        }
        last = r;
        return r;
    }

    /** Prints the virtual figures of the last run, which the seed fixes. */
    @TearDown(Level.Trial)
    public void report() {
        if (last != null) {
            System.out.printf("%n# nodes=%d convergence_ms=%d dissemination_ms=%d wall_ms_per_virtual_s=%.1f%n", nodes,
                    last.convergenceMs().orElse(-1), last.disseminationMs().orElse(-1),
                    last.wallMs() / (double) VIRTUAL_S);
        }
    }
}
