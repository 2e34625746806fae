package io.chorus.agent;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Profile;
import io.chorus.core.sim.SimulationConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Reads the flags of {@code chorus simulate} into a {@link SimulationConfig}, strictly: every flag
 * is known, given once and has a value ({@code --flag value} or {@code --flag=value}), every number
 * is plain decimal, and {@code --nodes} is required. Anything else is a {@link UsageException}
 * whose message names the flag, the value and what is allowed.
 */
final class SimulateArgs {

    /** Starts every error message. */
    static final String PREFIX = "chorus simulate: ";

    /** The flags and their defaults, as {@code chorus help} and {@code chorus simulate --help} print them. */
    static final String USAGE = String.join("\n",
            "usage: chorus simulate --nodes N [--seed S] [--loss P] [--latency-ms L] [--latency-dist uniform|lognormal]",
            "                       [--kill K] [--kill-seed] [--pause N:MS] [--partition F:MS] [--oneway F:MS]",
            "                       [--bandwidth-mbps B] [--cpu-scale X] [--duration-s D] [--profile lan|local|wan]",
            "                       [--plot FILE.svg]",
            "  --nodes N         nodes to simulate, 1 to 100000 (required)",
            "  --seed S          random seed, any whole number (default 1); the same seed gives the same numbers",
            "  --loss P          probability that a packet is lost, 0 to 0.9 (default 0)",
            "  --latency-ms L    mean one-way latency in ms, 0 to 10000 (default lan 0.5, local 0.05, wan 30)",
            "  --latency-dist D  uniform (half to 1.5 times the mean, the default) or lognormal (a tail of slow ones)",
            "  --kill K          nodes to kill once the cluster has converged, fewer than N (default 0); node 0 may be one",
            "  --kill-seed       kill node 0 too: the seed every node joined through, and the first coordinator",
            "  --pause N:MS      freeze N live nodes for MS ms once converged, as in a GC pause (e.g. 5:3000)",
            "  --partition F:MS  cut a fraction F of the nodes off for MS ms, then heal (e.g. 0.3:20000)",
            "  --oneway F:MS     a fraction F of the nodes cannot send to the rest (they still receive) for MS ms",
            "  --bandwidth-mbps B  each node's link, each way, in Mbit/s (default 1000; 0: no limit)",
            "  --cpu-scale X     each node's protocol CPU cost against the calibrated one (default 1; 0: none)",
            "  --duration-s D    virtual seconds to run, 1 to 86400 (default 60, longer when the faults need it)",
            "  --profile P       timing profile: lan, local or wan (default lan)",
            "  --plot FILE.svg   also write the run's timeline there as an SVG image: members held ALIVE (min, median,",
            "                    max across nodes), suspicions and deaths per second, faults and heals",
            "Every flag also takes the form --flag=value. Progress lines start with '# ';",
            "the last line of output is one JSON object with the measurements.");

    /** Each flag, without its dashes, and what it accepts, in words. */
    private static final Map<String, String> ALLOWED = flags();

    /** The same, by flag with its dashes. */
    private static final Map<String, String> ALLOWED_FLAGS = withDashes();

    /** Flags that take no value. */
    private static final java.util.Set<String> SWITCHES = java.util.Set.of("kill-seed");
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]{1,20}(?:\\.[0-9]{0,20})?|\\.[0-9]{1,20})(?:[eE][+-]?[0-9]{1,3})?");

    private SimulateArgs() {
    }

    private static Map<String, String> withDashes() {
        Map<String, String> m = new LinkedHashMap<>();
        ALLOWED.forEach((flag, allowed) -> m.put("--" + flag, allowed));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nodes", "a whole number from 1 to 100000");
        m.put("seed", "any whole number from -9223372036854775808 to 9223372036854775807");
        m.put("loss", "a probability from 0 to 0.9");
        m.put("latency-ms", "milliseconds from 0 to 10000");
        m.put("latency-dist", "one of uniform, lognormal");
        m.put("kill", "a whole number of nodes, fewer than --nodes");
        m.put("kill-seed", "no value: kills node 0 as well");
        m.put("pause", "N:MS, how many live nodes to freeze and for how many ms, for example 5:3000");
        m.put("partition", "F:MS, the fraction of nodes to cut off and for how many ms, for example 0.3:20000");
        m.put("oneway", "F:MS, the fraction of nodes that cannot send to the rest and for how many ms, for example 0.3:20000");
        m.put("bandwidth-mbps", "Mbit/s from 0 (no limit) to 1000000");
        m.put("cpu-scale", "a factor from 0 (no CPU cost) to 1000");
        m.put("duration-s", "whole virtual seconds from 1 to 86400");
        m.put("profile", "one of lan, wan, local");
        m.put("plot", "a file to write the timeline to, as an SVG image, in a directory that exists");
        return Collections.unmodifiableMap(m);
    }

    /**
     * @param args the arguments after {@code simulate}
     * @return the config they describe
     * @throws UsageException naming the flag, the value and what is allowed
     */
    static SimulationConfig parse(ParseResult parsed) {
        Map<String, String> given = read(parsed);
        String nodes = given.get("nodes");
        if (nodes == null) {
            throw new UsageException(PREFIX + "missing --nodes: " + ALLOWED.get("nodes"));
        }
        try {
            SimulationConfig.Builder b = SimulationConfig.builder(wholeInt("nodes", nodes));
            for (Map.Entry<String, String> e : given.entrySet()) {
                String flag = e.getKey();
                String text = e.getValue();
                switch (flag) {
                    case "seed":
                        b.seed(whole(flag, text));
                        break;
                    case "loss":
                        b.loss(decimal(flag, text));
                        break;
                    case "latency-ms":
                        double ms = decimal(flag, text);
                        if (ms < 0) {
                            throw invalid(flag, text);
                        }
                        b.latencyMs(ms);
                        break;
                    case "kill":
                        b.kill(wholeInt(flag, text));
                        break;
                    case "pause":
                        String[] pause = pair(flag, text);
                        b.pause(wholeInt(flag, pause[0], text), whole(flag, pause[1], text));
                        break;
                    case "partition":
                        String[] cut = pair(flag, text);
                        b.partition(decimal(flag, cut[0], text), whole(flag, cut[1], text));
                        break;
                    case "oneway":
                        String[] oneway = pair(flag, text);
                        b.oneway(decimal(flag, oneway[0], text), whole(flag, oneway[1], text));
                        break;
                    case "kill-seed":
                        b.killSeed(true);
                        break;
                    case "latency-dist":
                        b.latencyDistribution(SimulationConfig.LatencyDistribution.parse(text));
                        break;
                    case "bandwidth-mbps":
                        b.bandwidthMbps(decimal(flag, text));
                        break;
                    case "cpu-scale":
                        b.cpuScale(decimal(flag, text));
                        break;
                    case "duration-s":
                        b.durationS(whole(flag, text));
                        break;
                    case "profile":
                        b.profile(Profile.parse(text));
                        break;
                    default:
                        break;
                }
            }
            return b.build();
        } catch (InvalidConfigException e) {
            String value = given.getOrDefault(e.field(), e.value());
            throw new UsageException(PREFIX + "invalid --" + e.field() + " '" + value + "': " + e.allowed());
        }
    }

    /** @return the declaration of the flags, for the one command-line parser */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("simulate");
        for (Map.Entry<String, String> f : ALLOWED.entrySet()) {
            if (SWITCHES.contains(f.getKey())) {
                spec.addOption(Cli.toggle(f.getKey(), f.getValue()));
            } else {
                spec.addOption(Cli.flag(f.getKey(), f.getKey().toUpperCase(java.util.Locale.ROOT), f.getValue(), f.getValue()));
            }
        }
        return spec;
    }

    /**
     * @param args the arguments after {@code simulate}
     * @return the config they describe
     * @throws UsageException naming the flag, the value and what is allowed
     */
    static SimulationConfig parse(List<String> args) {
        return parse(Cli.parse(Cli.parser(spec()), PREFIX, args, ALLOWED_FLAGS));
    }

    /**
     * @param parsed the arguments after {@code simulate}, as the parser read them
     * @return the file {@code --plot} names, if given (not checked: {@link SimulatePlot} does)
     */
    static java.util.Optional<String> plot(ParseResult parsed) {
        return java.util.Optional.ofNullable(read(parsed).get("plot"));
    }

    /** Each flag's value, in the order declared, rejecting repeated and empty ones. */
    private static Map<String, String> read(ParseResult parsed) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String flag : ALLOWED.keySet()) {
            if (SWITCHES.contains(flag)) {
                if (parsed.hasMatchedOption("--" + flag)) {
                    given.put(flag, "true");
                }
            } else {
                Cli.single(parsed, PREFIX, "--" + flag, ALLOWED.get(flag)).ifPresent(v -> given.put(flag, v));
            }
        }
        return given;
    }

    private static UsageException invalid(String flag, String text) {
        return new UsageException(PREFIX + "invalid --" + flag + " '" + text + "': " + ALLOWED.get(flag));
    }

    private static String[] pair(String flag, String text) {
        int colon = text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            throw invalid(flag, text);
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static long whole(String flag, String text) {
        return whole(flag, text, text);
    }

    /** Parses {@code part}, a piece of {@code text}; an error quotes the whole of {@code text}. */
    private static long whole(String flag, String part, String text) {
        if (WHOLE.matcher(part).matches()) {
            try {
                return Long.parseLong(part);
            } catch (NumberFormatException e) {
                throw invalid(flag, text);
            }
        }
        throw invalid(flag, text);
    }

    private static int wholeInt(String flag, String text) {
        return wholeInt(flag, text, text);
    }

    private static int wholeInt(String flag, String part, String text) {
        long v = whole(flag, part, text);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(flag, text);
        }
        return (int) v;
    }

    private static double decimal(String flag, String text) {
        return decimal(flag, text, text);
    }

    private static double decimal(String flag, String part, String text) {
        if (!DECIMAL.matcher(part).matches()) {
            throw invalid(flag, text);
        }
        return Double.parseDouble(part);
    }
}
