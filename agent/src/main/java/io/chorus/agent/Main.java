package io.chorus.agent;

import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationConfig;
import io.chorus.core.sim.SimulationResult;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code chorus} command line: {@code ./chorus <command> [flags]}. The first argument picks the
 * command; {@code help} (or {@code --help}, {@code -h}) prints the usage.
 *
 * <p>Exit codes: 0 on success, 2 for a bad command line (the message on stderr names the flag,
 * the value and what is allowed), 1 for anything else.
 */
public final class Main {

    /** The commands, in the order the usage lists them. */
    static final List<String> COMMANDS = List.of("simulate", "demo", "agent", "members", "keys", "keygen", "help");

    /** What {@code chorus help} prints. */
    static final String USAGE = String.join("\n",
            "usage: chorus <command> [flags]",
            "",
            "commands:",
            "  simulate  run the real engine in virtual time over a simulated network",
            "  demo      N agents (--nodes, default 5) on loopback converge, own keys, detect a killed node and see\n"
            + "            one leave, narrated",
            "  agent     run one long-running node, with HTTP for status and user events (chorus agent --help lists\n"
            + "            its flags)",
            "  members   print the member table of a running agent (--http HOST:PORT)",
            "  keys      list, install, promote or remove a running agent's keys, or switch its encryption\n"
            + "            (--http HOST:PORT)",
            "  keygen    print a new cluster secret for --secret-file",
            "  help      print this text",
            "",
            SimulateArgs.USAGE);

    private Main() {
    }

    /**
     * Runs one command and exits with its code.
     *
     * @param args the command and its flags
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args the command and its flags
     * @param out where results go
     * @param err where errors go
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (command) {
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                case "simulate":
                    return simulate(rest, out);
                case "demo":
                    return DemoCommand.run(rest, out, err);
                case "agent":
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.println(AgentArgs.USAGE);
                        return 0;
                    }
                    return AgentCommand.run(AgentArgs.parse(rest), out, err);
                case "members":
                    return MembersCommand.run(rest, out, err);
                case "keys":
                    return KeysCommand.run(rest, out, err);
                case "keygen":
                    return KeygenCommand.run(rest, out);
                default:
                    err.println("chorus: unknown command '" + command + "': known commands are "
                            + String.join(", ", COMMANDS));
                    return 2;
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int simulate(List<String> args, PrintStream out) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(SimulateArgs.USAGE);
            return 0;
        }
        SimulationConfig config = SimulateArgs.parse(args);
        SimulationResult result = Simulation.run(config, line -> {
            for (String l : line.split("\n", -1)) {
                out.println("# " + l);
            }
        });
        out.println(result.toJson());
        return 0;
    }
}
