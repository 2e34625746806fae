package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator's output for fixed scenarios, byte for byte (its JSON line without {@code wall_ms}),
 * as {@code ./chorus simulate} prints it. Same seed, same numbers: a change to the engine that is
 * meant to keep its behaviour must keep these. A change meant to alter behaviour rewrites them with
 * {@code -Dchorus.golden.write=true} and says so in its commit.
 */
@Tag("slow")
class SimulationGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/io/chorus/agent/simulate");

    @ParameterizedTest(name = "simulate {0}")
    @ValueSource(strings = {
        "--nodes 1000 --seed 1",
        "--nodes 1000 --seed 2",
        "--nodes 1000 --seed 3",
        "--nodes 1000 --seed 1 --kill 3",
        "--nodes 1000 --seed 1 --pause 5:3000",
        "--nodes 1000 --seed 1 --partition 0.3:20000",
        "--nodes 1000 --seed 1 --loss 0.1 --duration-s 120",
        "--nodes 200 --seed 1 --profile wan",
        "--nodes 1000 --seed 1 --oneway 0.1:20000 --latency-dist lognormal --kill-seed",
        "--nodes 300 --seed 1 --bandwidth-mbps 10 --cpu-scale 5 --loss 0.05 --kill 2"})
    void theSimulatorPrintsWhatItPrintedBefore(String args) throws IOException {
        List<String> argv = Arrays.asList(args.split(" "));
        SimulationResult result = Simulation.run(SimulateArgs.parse(argv), line -> { });
        String actual = result.toJson().replaceFirst(",\"wall_ms\":[0-9]+", "") + "\n";
        String file = args.replace("--", "").replace(' ', '-').replace(':', '_').replace('.', '_') + ".json";
        if (Boolean.getBoolean("chorus.golden.write")) {
            Files.writeString(GOLDEN.resolve(file), actual);
            return; // the class path still holds the old copy; the next run compares
        }
        String expected;
        try (InputStream in = SimulationGoldenTest.class.getResourceAsStream("simulate/" + file)) {
            assertTrue(in != null, "no golden output " + file + ": run with -Dchorus.golden.write=true");
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual, "./chorus simulate " + args + " printed something else; if the change is meant to "
                + "alter behaviour, rewrite the golden files with -Dchorus.golden.write=true and say so");
    }
}
