package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Main}, run in-process: the commands, the exit codes, and the output of {@code simulate}. */
class MainTest {

    /** The keys the public contract promises in the last line of {@code simulate}. */
    private static final List<String> CONTRACT_KEYS = List.of("nodes", "seed", "profile", "loss", "converged",
            "convergence_ms", "killed", "detection_first_ms", "detection_all_ms", "false_positive_deaths",
            "false_suspicions", "msgs_per_node_per_s", "bytes_per_node_per_s", "wall_ms");

    private static final String VALUE = "(?:null|true|false|-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
            + "|\"[^\"\\\\]*\")";
    private static final String PAIR = "\"([a-z_]+)\":(" + VALUE + ")";
    /** One flat JSON object of snake_case keys and plain values: what {@code simulate} prints last. */
    private static final Pattern OBJECT = Pattern.compile("\\{(?:" + PAIR + "(?:," + PAIR + ")*)?\\}");
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?");

    /** What one run printed and returned. */
    private record Run(int code, String out, String err) {
        List<String> outLines() {
            if (out.isEmpty()) {
                return List.of();
            }
            String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
            return List.of(body.split("\n", -1));
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        String nl = System.lineSeparator();
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace(nl, "\n"),
                err.toString(StandardCharsets.UTF_8).replace(nl, "\n"));
    }

    /** Parses a flat JSON object into its keys and raw values, failing the test if it is anything else. */
    private static Map<String, String> flatJson(String line) {
        assertTrue(OBJECT.matcher(line).matches(), () -> "not a flat JSON object: " + line);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile(PAIR).matcher(line);
        while (m.find()) {
            String previous = fields.put(m.group(1), m.group(2));
            assertEquals(null, previous, () -> "key " + m.group(1) + " twice in " + line);
        }
        return fields;
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpPrintsTheUsageOnStdout(String arg) {
        Run r = run(arg);
        assertEquals(0, r.code());
        assertEquals(Main.USAGE + "\n", r.out());
        assertEquals("", r.err());
        for (String command : Main.NAMES) {
            assertTrue(r.out().contains("\n  " + command + " "), command);
        }
        assertTrue(r.out().contains(SimulateArgs.USAGE));
    }

    @Test
    void noArgumentsPrintTheUsageOnStderrAndExit2() {
        Run r = run();
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(Main.USAGE + "\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "Simulate", "--nodes", ""})
    void anUnknownCommandNamesTheKnownOnes(String command) {
        Run r = run(command, "--nodes", "5");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("chorus: unknown command '" + command + "': known commands are simulate, demo, agent, members, join, "
                + "leave, force-leave, tags, event, monitor, info, keys, keygen, version, completion, help\n",
                r.err());
    }

    @Test
    void membersWithoutAnAgentExits1AndSaysWhereItLooked() throws java.io.IOException {
        int port = AgentProcess.freePorts(1)[0];
        Run r = run("members", "--http", "127.0.0.1:" + port);
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("chorus members: no agent answers at 127.0.0.1:" + port), r.err());
        Run bad = run("members", "--http", "nowhere");
        assertEquals(2, bad.code());
        assertEquals("chorus members: invalid --http 'nowhere': HOST:PORT with a port from 1 to 65535\n", bad.err());
        assertEquals(2, run("members").code());
    }

    @Test
    void anAgentWithABadNameExits2NamingTheRule() {
        Run r = run("agent", "--name", "9bad", "--bind", "127.0.0.1:1");
        assertEquals(2, r.code());
        assertEquals("chorus agent: invalid --name '9bad': a node name starts with a letter, then letters, digits, "
                + "'_' or '-', at most 64 characters\n", r.err());
    }

    @Test
    void demoRunsRealAgentsThroughConvergenceOwnersAKillAndALeaveAndExits0() {
        Run r = run("demo", "--nodes", "3");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("converged: every node sees all 3 members ALIVE"), out);
        assertTrue(out.contains("all 3 nodes agree on every owner"), out);
        assertTrue(Pattern.compile("every other node marks node-[23] DEAD: first after \\d+ ms, all after \\d+ ms")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("sample keys moved to a new owner").matcher(out).find(), out);
        assertTrue(Pattern.compile("every remaining node sees node-[23] LEFT after \\d+ ms; no node suspected it").matcher(out)
                .find(), out);
        assertTrue(out.contains("STATE"), "prints a member table: " + out);
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "13", "x"})
    void demoRejectsABadNodeCount(String n) {
        Run r = run("demo", "--nodes", n);
        assertEquals(2, r.code());
        assertEquals("chorus demo: invalid --nodes '" + n + "': a whole number from 3 to 12 (each node is a JVM; "
                + "./chorus simulate runs thousands)\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void simulateHelpPrintsItsFlags(String arg) {
        Run r = run("simulate", "--nodes", "5", arg);
        assertEquals(0, r.code());
        assertEquals(SimulateArgs.USAGE + "\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aBadFlagExits2WithOneLineOnStderrAndNothingOnStdout() {
        Run r = run("simulate", "--nodes", "5", "--bogus");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("chorus simulate: unknown flag '--bogus': known flags are --nodes, --seed, --loss, --latency-ms, "
                + "--latency-dist, --kill, --kill-seed, --pause, --partition, --oneway, --bandwidth-mbps, --cpu-scale, "
                + "--duration-s, --profile, --plot\n", r.err());

        r = run("simulate", "--nodes=0");
        assertEquals(2, r.code());
        assertEquals("chorus simulate: invalid --nodes '0': allowed 1 to 100000\n", r.err());
    }

    @Test
    void simulateEndsWithTheContractJsonAndTheSameSeedGivesTheSameNumbers() {
        Map<String, String> first = simulateTwentyNodes();
        Map<String, String> second = simulateTwentyNodes();

        assertTrue(first.keySet().containsAll(CONTRACT_KEYS), () -> "missing keys in " + first.keySet());
        assertEquals("20", first.get("nodes"));
        assertEquals("3", first.get("seed"));
        assertEquals("\"lan\"", first.get("profile"));
        assertEquals("0", first.get("loss"));
        assertEquals("true", first.get("converged"));
        assertTrue(NUMBER.matcher(first.get("convergence_ms")).matches(), first.get("convergence_ms"));
        assertEquals("0", first.get("killed"));
        assertEquals("null", first.get("detection_first_ms"));
        assertEquals("null", first.get("detection_all_ms"));
        for (String key : List.of("false_positive_deaths", "false_suspicions", "msgs_per_node_per_s",
                "bytes_per_node_per_s", "wall_ms")) {
            assertTrue(NUMBER.matcher(first.get(key)).matches(), () -> key + " = " + first.get(key));
        }
        assertNotEquals("0", first.get("msgs_per_node_per_s"));

        first.remove("wall_ms");
        second.remove("wall_ms");
        assertEquals(first, second);
    }

    @Test
    void plotWritesAnSvgTimelineAndLeavesTheJsonAsItWas(@TempDir Path dir) throws java.io.IOException {
        Path svg = dir.resolve("run.svg");
        Run r = run("simulate", "--nodes", "20", "--seed", "3", "--duration-s", "20", "--plot", svg.toString());
        assertEquals(0, r.code(), r::err);
        List<String> lines = r.outLines();
        assertEquals("# plot of 81 samples written to " + svg, lines.get(lines.size() - 2), "a sample every 250 ms of 20 s");
        Map<String, String> json = flatJson(lines.get(lines.size() - 1));
        Map<String, String> plain = simulateTwentyNodes();
        json.remove("wall_ms");
        plain.remove("wall_ms");
        assertEquals(plain, json, "the same run with and without --plot");
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""), text);
        assertTrue(text.contains("<title>./chorus simulate --nodes 20 --seed 3 --duration-s 20 --plot " + svg + "</title>"), text);
        assertTrue(text.contains("id=\"series-median\""), text);
        assertTrue(text.strip().endsWith("</svg>"), text);
    }

    @Test
    void aPlotPathThatCannotBeWrittenExits2BeforeTheRunNamingWhatIsWrong(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir").resolve("run.svg");
        Run r = run("simulate", "--nodes", "5", "--plot", missing.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out(), "nothing ran");
        assertEquals("chorus simulate: cannot write --plot '" + missing + "': the directory " + missing.getParent()
                + " does not exist\n", r.err());

        r = run("simulate", "--nodes", "5", "--plot=" + dir);
        assertEquals(2, r.code());
        assertEquals("chorus simulate: cannot write --plot '" + dir + "': it is a directory; name a file, such as "
                + dir.resolve("timeline.svg") + "\n", r.err());

        r = run("simulate", "--nodes", "5", "--plot");
        assertEquals(2, r.code());
        assertEquals("chorus simulate: missing value for --plot: a file to write the timeline to, as an SVG image, in a "
                + "directory that exists\n", r.err());
    }

    private static Map<String, String> simulateTwentyNodes() {
        Run r = run("simulate", "--nodes", "20", "--seed", "3", "--duration-s", "20");
        assertEquals(0, r.code(), r::err);
        assertTrue(r.out().endsWith("\n"), "stdout ends with a newline");
        List<String> lines = r.outLines();
        assertFalse(lines.isEmpty());
        for (String progress : lines.subList(0, lines.size() - 1)) {
            assertTrue(progress.startsWith("# "), () -> "progress line without '# ': " + progress);
        }
        return flatJson(lines.get(lines.size() - 1));
    }
}
