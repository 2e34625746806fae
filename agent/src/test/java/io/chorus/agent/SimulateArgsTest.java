package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Profile;
import io.chorus.core.sim.SimulationConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SimulateArgs}: every flag in both forms, and every error message. */
class SimulateArgsTest {

    private static SimulationConfig parse(String... args) {
        return SimulateArgs.parse(List.of(args));
    }

    /** Parses {@code --nodes 10 --FLAG VALUE} and {@code --nodes=10 --FLAG=VALUE}, checking each result. */
    private static void bothForms(String flag, String value, Consumer<SimulationConfig> check) {
        SimulationConfig spaced = parse("--nodes", "10", "--" + flag, value);
        SimulationConfig joined = parse("--nodes=10", "--" + flag + "=" + value);
        assertEquals(10, spaced.nodes());
        assertEquals(10, joined.nodes());
        check.accept(spaced);
        check.accept(joined);
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    /** {@code --FLAG VALUE} (or {@code --FLAG=VALUE}) after {@code --nodes 5}, unless the flag is {@code nodes}. */
    private static List<String> withNodes(String flag, String value, boolean joined) {
        List<String> given = joined ? List.of("--" + flag + "=" + value) : List.of("--" + flag, value);
        if (flag.equals("nodes")) {
            return given;
        }
        List<String> args = new ArrayList<>(given);
        args.addAll(0, joined ? List.of("--nodes=5") : List.of("--nodes", "5"));
        return args;
    }

    @Test
    void nodesAloneGivesTheDefaults() {
        for (SimulationConfig c : List.of(parse("--nodes", "7"), parse("--nodes=7"))) {
            assertEquals(7, c.nodes());
            assertEquals(1, c.seed());
            assertEquals(Profile.LAN, c.profile());
            assertEquals(0, c.loss());
            assertEquals(0.5, c.latencyMs());
            assertEquals(0, c.kill());
            assertEquals(0, c.pauseNodes());
            assertEquals(0, c.partitionFraction());
            assertEquals(OptionalLong.empty(), c.durationS());
        }
    }

    @ParameterizedTest
    @CsvSource({"42, 42", "-5, -5", "+8, 8", "0, 0", "9223372036854775807, 9223372036854775807"})
    void seed(String text, long expected) {
        bothForms("seed", text, c -> assertEquals(expected, c.seed()));
    }

    @ParameterizedTest
    @CsvSource({"0.25, 0.25", "0, 0", ".5, 0.5", "0.9, 0.9", "1e-2, 0.01"})
    void loss(String text, double expected) {
        bothForms("loss", text, c -> assertEquals(expected, c.loss()));
    }

    @ParameterizedTest
    @CsvSource({"12.5, 12.5", "0, 0", "10000, 10000", "3., 3"})
    void latencyMs(String text, double expected) {
        bothForms("latency-ms", text, c -> assertEquals(expected, c.latencyMs()));
    }

    @Test
    void kill() {
        bothForms("kill", "3", c -> assertEquals(3, c.kill()));
        bothForms("kill", "9", c -> assertEquals(9, c.kill()));
    }

    @Test
    void pause() {
        bothForms("pause", "2:3000", c -> {
            assertEquals(2, c.pauseNodes());
            assertEquals(3000, c.pauseMs());
        });
    }

    @Test
    void partition() {
        bothForms("partition", "0.3:20000", c -> {
            assertEquals(0.3, c.partitionFraction());
            assertEquals(20000, c.partitionMs());
        });
    }

    @Test
    void oneway() {
        bothForms("oneway", "0.1:20000", c -> {
            assertEquals(0.1, c.onewayFraction());
            assertEquals(20000, c.onewayMs());
        });
    }

    @Test
    void theModelsKnobs() {
        bothForms("bandwidth-mbps", "100", c -> assertEquals(100, c.bandwidthMbps()));
        bothForms("bandwidth-mbps", "0", c -> assertEquals(0, c.bandwidthMbps()));
        bothForms("cpu-scale", "2.5", c -> assertEquals(2.5, c.cpuScale()));
        bothForms("cpu-scale", "0", c -> assertEquals(0, c.cpuScale()));
        bothForms("latency-dist", "lognormal",
                c -> assertEquals(SimulationConfig.LatencyDistribution.LOGNORMAL, c.latencyDistribution()));
        SimulationConfig defaults = parse("--nodes", "3");
        assertEquals(1000, defaults.bandwidthMbps());
        assertEquals(1, defaults.cpuScale());
        assertEquals(SimulationConfig.LatencyDistribution.UNIFORM, defaults.latencyDistribution());
    }

    @Test
    void killSeedIsASwitchThatCountsAsOneKill() {
        assertTrue(parse("--nodes", "5", "--kill-seed").killSeed());
        assertEquals(false, parse("--nodes", "5").killSeed());
        SimulationConfig c = parse("--kill-seed", "--nodes", "5", "--kill", "3");
        assertEquals(4, c.killedNodes());
        assertEquals("chorus simulate: invalid --kill '4': allowed 0 to 3 (fewer than --nodes, with --kill-seed killing one more)",
                error("--nodes", "5", "--kill-seed", "--kill", "4"));
        assertEquals("chorus simulate: --kill-seed takes no value ('--kill-seed=yes')", error("--nodes", "5", "--kill-seed=yes"));
    }

    @Test
    void onewayAndPartitionAreNotTakenTogether() {
        assertEquals("chorus simulate: invalid --oneway '0.1:1000': not with --partition: one network fault at a time",
                error("--nodes", "5", "--partition", "0.3:1000", "--oneway", "0.1:1000"));
    }

    @Test
    void durationS() {
        bothForms("duration-s", "45", c -> assertEquals(OptionalLong.of(45), c.durationS()));
    }

    @ParameterizedTest
    @CsvSource({"lan, LAN, 0.5", "local, LOCAL, 0.05", "wan, WAN, 30", "WAN, WAN, 30"})
    void profileAlsoSetsTheDefaultLatency(String text, Profile expected, double latencyMs) {
        bothForms("profile", text, c -> {
            assertEquals(expected, c.profile());
            assertEquals(latencyMs, c.latencyMs());
        });
    }

    @Test
    void everyFlagAtOnceInAnyOrderAndEitherForm() {
        SimulationConfig c = parse("--profile=wan", "--partition", "0.25:5000", "--seed=-3", "--kill", "2",
                "--nodes", "40", "--latency-ms=7", "--pause=4:1500", "--loss", "0.1", "--duration-s=90");
        assertEquals(40, c.nodes());
        assertEquals(-3, c.seed());
        assertEquals(Profile.WAN, c.profile());
        assertEquals(0.1, c.loss());
        assertEquals(7, c.latencyMs());
        assertEquals(2, c.kill());
        assertEquals(4, c.pauseNodes());
        assertEquals(1500, c.pauseMs());
        assertEquals(0.25, c.partitionFraction());
        assertEquals(5000, c.partitionMs());
        assertEquals(OptionalLong.of(90), c.durationS());
    }

    @Test
    void nodesIsRequired() {
        String expected = "chorus simulate: missing --nodes: a whole number from 1 to 100000";
        assertEquals(expected, error());
        assertEquals(expected, error("--seed", "3"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus",
        "--bogus=1",
        "--Nodes=1",
        "--node",
        "--",
        "--=5",
    })
    void unknownFlagsListTheKnownOnes(String arg) {
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        assertEquals("chorus simulate: unknown flag '" + flag + "': known flags are --nodes, --seed, --loss, "
                + "--latency-ms, --latency-dist, --kill, --kill-seed, --pause, --partition, --oneway, --bandwidth-mbps, --cpu-scale, "
                + "--duration-s, --profile, --plot", error("--nodes", "5", arg));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"-n", "5", "nodes", "-", "'-5'"})
    void argumentsThatAreNotFlagsAreRejected(String arg) {
        assertEquals("chorus simulate: unexpected argument '" + arg + "': flags start with --, "
                + "see chorus simulate --help", error("--nodes", "5", arg));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nodes      | a whole number from 1 to 100000",
        "seed       | any whole number from -9223372036854775808 to 9223372036854775807",
        "loss       | a probability from 0 to 0.9",
        "latency-ms | milliseconds from 0 to 10000",
        "kill       | a whole number of nodes, fewer than --nodes",
        "pause      | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "partition  | F:MS, the fraction of nodes to cut off and for how many ms, for example 0.3:20000",
        "oneway     | F:MS, the fraction of nodes that cannot send to the rest and for how many ms, for example 0.3:20000",
        "latency-dist | one of uniform, lognormal",
        "bandwidth-mbps | Mbit/s from 0 (no limit) to 1000000",
        "cpu-scale  | a factor from 0 (no CPU cost) to 1000",
        "duration-s | whole virtual seconds from 1 to 86400",
        "profile    | one of lan, wan, local",
    })
    void missingValuesNameTheFlagAndWhatIsAllowed(String flag, String allowed) {
        String expected = "chorus simulate: missing value for --" + flag + ": " + allowed;
        assertEquals(expected, error("--" + flag));
        assertEquals(expected, error("--nodes=5", "--" + flag));
        assertEquals(expected, error("--" + flag + "=", "--nodes", "5"));
        assertEquals(expected, error("--" + flag, "--nodes=5"));
    }

    @Test
    void aFlagGivenTwiceIsRejected() {
        assertEquals("chorus simulate: --seed given twice ('3' and '4'): give it once",
                error("--nodes", "5", "--seed", "3", "--seed=4"));
        assertEquals("chorus simulate: --nodes given twice ('5' and '5'): give it once",
                error("--nodes", "5", "--nodes", "5"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nodes      | abc                  | a whole number from 1 to 100000",
        "nodes      | 1.5                  | a whole number from 1 to 100000",
        "nodes      | 3000000000           | a whole number from 1 to 100000",
        "nodes      | \u0665               | a whole number from 1 to 100000",
        "seed       | 0x10                 | any whole number from -9223372036854775808 to 9223372036854775807",
        "seed       | 9223372036854775808  | any whole number from -9223372036854775808 to 9223372036854775807",
        "seed       | 1_000                | any whole number from -9223372036854775808 to 9223372036854775807",
        "loss       | NaN                  | a probability from 0 to 0.9",
        "loss       | 0.1d                 | a probability from 0 to 0.9",
        "loss       | 10%                  | a probability from 0 to 0.9",
        "loss       | ' 0.1'               | a probability from 0 to 0.9",
        "latency-ms | Infinity             | milliseconds from 0 to 10000",
        "latency-ms | -1                   | milliseconds from 0 to 10000",
        "latency-ms | -0.5                 | milliseconds from 0 to 10000",
        "latency-ms | 5ms                  | milliseconds from 0 to 10000",
        "kill       | two                  | a whole number of nodes, fewer than --nodes",
        "pause      | 5                    | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "pause      | 5:                   | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "pause      | :3000                | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "pause      | a:3000               | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "pause      | 5:3s                 | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "pause      | 5:3000:1             | N:MS, how many live nodes to freeze and for how many ms, for example 5:3000",
        "partition  | 0.3                  | F:MS, the fraction of nodes to cut off and for how many ms, for example 0.3:20000",
        "partition  | 30%:1000             | F:MS, the fraction of nodes to cut off and for how many ms, for example 0.3:20000",
        "partition  | 0.3:1.5              | F:MS, the fraction of nodes to cut off and for how many ms, for example 0.3:20000",
        "duration-s | 1.5                  | whole virtual seconds from 1 to 86400",
        "duration-s | 1m                   | whole virtual seconds from 1 to 86400",
    })
    void valuesThatAreNotNumbersNameTheFlagTheValueAndWhatIsAllowed(String flag, String value, String allowed) {
        String expected = "chorus simulate: invalid --" + flag + " '" + value + "': " + allowed;
        assertEquals(expected, assertThrows(UsageException.class, () -> SimulateArgs.parse(withNodes(flag, value, false)))
                .getMessage());
        assertEquals(expected, assertThrows(UsageException.class, () -> SimulateArgs.parse(withNodes(flag, value, true)))
                .getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nodes      | 0          | allowed 1 to 100000",
        "nodes      | 100001     | allowed 1 to 100000",
        "nodes      | -3         | allowed 1 to 100000",
        "loss       | 0.95       | a probability from 0 to 0.9",
        "loss       | 0.950      | a probability from 0 to 0.9",
        "loss       | -0.1       | a probability from 0 to 0.9",
        "latency-ms | 10000.5    | allowed 0 to 10000",
        "kill       | 5          | allowed 0 to 4 (fewer than --nodes)",
        "kill       | -1         | allowed 0 to 4 (fewer than --nodes)",
        "pause      | 5:3000     | N:MS with N from 0 to 4 (live nodes other than one)",
        "pause      | -1:3000    | N:MS with N from 0 to 4 (live nodes other than one)",
        "pause      | 2:0        | N:MS with MS from 1 to 3600000",
        "pause      | 2:3600001  | N:MS with MS from 1 to 3600000",
        "partition  | 1:1000     | F:MS with F a fraction strictly between 0 and 1",
        "partition  | -0.2:1000  | F:MS with F a fraction strictly between 0 and 1",
        "partition  | 0.5:0      | F:MS with MS from 1 to 3600000",
        "oneway     | 1:1000     | F:MS with F a fraction strictly between 0 and 1",
        "oneway     | 0.5:0      | F:MS with MS from 1 to 3600000",
        "bandwidth-mbps | -1     | allowed 0 (no limit) to 1000000",
        "bandwidth-mbps | 1000001 | allowed 0 (no limit) to 1000000",
        "cpu-scale  | -0.5       | allowed 0 (no cost) to 1000",
        "cpu-scale  | 1001       | allowed 0 (no cost) to 1000",
        "latency-dist | pareto   | one of uniform, lognormal",
        "duration-s | 0          | allowed 1 to 86400",
        "duration-s | 86401      | allowed 1 to 86400",
        "profile    | dc         | one of lan, wan, local",
        "profile    | lan2       | one of lan, wan, local",
    })
    void valuesOutOfRangeQuoteTheValueAsGiven(String flag, String value, String allowed) {
        String expected = "chorus simulate: invalid --" + flag + " '" + value + "': " + allowed;
        assertEquals(expected, assertThrows(UsageException.class, () -> SimulateArgs.parse(withNodes(flag, value, false)))
                .getMessage());
        assertEquals(expected, assertThrows(UsageException.class, () -> SimulateArgs.parse(withNodes(flag, value, true)))
                .getMessage());
    }

    @Test
    void killAndPauseTogetherLeaveAtLeastOneNodeUntouched() {
        assertEquals("chorus simulate: invalid --pause '3:1000': N:MS with N from 0 to 2 (live nodes other than one)",
                error("--nodes", "5", "--kill", "2", "--pause", "3:1000"));
        SimulationConfig c = parse("--nodes", "5", "--kill", "2", "--pause", "2:1000");
        assertEquals(2, c.kill());
        assertEquals(2, c.pauseNodes());
    }

    @Test
    void zeroFaultsAreAllowed() {
        SimulationConfig c = parse("--nodes=1", "--kill=0", "--pause=0:0", "--partition=0:0");
        assertEquals(1, c.nodes());
        assertEquals(0, c.kill());
        assertEquals(0, c.pauseNodes());
        assertEquals(0, c.partitionFraction());
    }

    @Test
    void usageListsEveryFlag() {
        for (String flag : List.of("--nodes", "--seed", "--loss", "--latency-ms", "--latency-dist", "--kill", "--kill-seed",
                "--pause", "--partition", "--oneway", "--bandwidth-mbps", "--cpu-scale", "--duration-s", "--profile",
                "--flag=value")) {
            assertTrue(SimulateArgs.USAGE.contains(flag), flag);
        }
    }
}
