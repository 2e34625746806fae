package io.chorus.agent;

import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationConfig;
import io.chorus.core.sim.SimulationResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code chorus} command line: {@code chorus <command> [flags]}. The first argument picks the
 * command from {@link #COMMANDS}; every command's flags are read by one parser ({@link Cli}, on
 * picocli), so {@code --help}, {@code --version}, error messages and exit codes are the same
 * everywhere. {@code help} (or {@code --help}, {@code -h}) prints the usage.
 *
 * <p>Exit codes: 0 on success, 2 for a bad command line (one line on stderr names the flag, the
 * value and what is allowed, nothing on stdout), 1 for anything else.
 */
public final class Main {

    /** What a command does with its parsed arguments. */
    @FunctionalInterface
    interface Runner {
        /**
         * @param parsed the command's arguments, as the parser read them
         * @param cli the streams and the environment
         * @return the exit code
         */
        int run(ParseResult parsed, Cli cli);
    }

    /**
     * One command: its name, one line for the usage, the declaration of its flags and arguments,
     * and what it runs. Adding a command is adding one entry to {@link #COMMANDS}.
     *
     * @param name what the user types after {@code chorus}
     * @param summary one line for {@code chorus help}
     * @param spec its flags and arguments
     * @param runner what it does
     */
    record Command(String name, String summary, Supplier<CommandSpec> spec, Runner runner) {
        /** @return the prefix of its error messages, as {@code chorus members: } */
        String prefix() {
            return "chorus " + name + ": ";
        }
    }

    /**
     * The commands, in the order the usage lists them. A new command is one entry here: its flags
     * declared with {@link Cli}.
     */
    static final List<Command> COMMANDS = List.of(
            new Command("simulate", "run the real engine in virtual time over a simulated network",
                    SimulateArgs::spec, Main::simulate),
            new Command("demo", "N agents (--nodes, default 5) on loopback converge, own keys, detect a killed node and\n"
                    + "             see one leave, narrated; --ui keeps them up to watch in the live view, until Ctrl-C", DemoCommand::spec, DemoCommand::run),
            new Command("agent", "run one long-running node, with HTTP for status and operator commands",
                    AgentSettings::spec, AgentCommand::run),
            new Command("members", "print the member table of a running agent, filtered by --status and --tag",
                    Operator::membersSpec, Operator::members),
            new Command("join", "make a running agent join (or merge with) the cluster of the given addresses",
                    Operator::joinSpec, Operator::join),
            new Command("leave", "make a running agent leave the cluster gracefully and exit",
                    Operator::leaveSpec, Operator::leave),
            new Command("force-leave", "turn a DEAD member LEFT now, so that it no longer counts and is forgotten",
                    Operator::forceLeaveSpec, Operator::forceLeave),
            new Command("tags", "set or delete a running agent's tags: tags set K=V..., tags delete K...",
                    Operator::tagsSpec, Operator::tags),
            new Command("event", "broadcast a user event to the cluster: event TOPIC [PAYLOAD | -]",
                    Operator::eventSpec, Operator::event),
            new Command("monitor", "follow a running agent's membership and user events, as text or JSON lines",
                    Operator::monitorSpec, Operator::monitor),
            new Command("info", "show a running agent's node, providers, keyring state and build",
                    Operator::infoSpec, Operator::info),
            new Command("keys", "list, install, promote or remove a running agent's keys, or switch its encryption",
                    KeysCommand::spec, KeysCommand::run),
            new Command("keygen", "print a new cluster secret for --secret-file", KeygenCommand::spec, KeygenCommand::run),
            new Command("version", "print this program's version", Main::versionSpec, Main::version),
            new Command("completion", "print a bash (and zsh) completion script: source <(chorus completion)",
                    Main::completionSpec, Main::completion));

    /** The names of the commands, and {@code help}, in order. */
    static final List<String> NAMES = names();

    /** What {@code chorus help} prints. */
    static final String USAGE = usage();

    /** Set once {@link #main} is about to exit with a code of its own, so a shutdown hook leaves the code alone. */
    private static volatile boolean exiting;

    private Main() {
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        COMMANDS.forEach(c -> names.add(c.name()));
        names.add("help");
        return List.copyOf(names);
    }

    private static String usage() {
        StringBuilder b = new StringBuilder("usage: chorus <command> [flags]   (chorus <command> --help: its flags)\n\n");
        b.append("commands:\n");
        for (Command c : COMMANDS) {
            b.append(String.format("  %-11s %s%n", c.name(), c.summary()));
        }
        b.append(String.format("  %-11s %s%n", "help", "print this text"));
        b.append("\nCommands that talk to a running agent take --http HOST:PORT (or CHORUS_HTTP) and, where the agent\n"
                + "asks for one, --http-token-file FILE (or CHORUS_HTTP_TOKEN_FILE).\n\n");
        b.append(SimulateArgs.USAGE);
        return b.toString().replace("\r\n", "\n");
    }

    /**
     * Runs one command and exits with its code.
     *
     * @param args the command and its flags
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        exiting = true;
        System.exit(code);
    }

    /** @return whether {@link #main} is exiting with a code of its own (not a signal) */
    static boolean exiting() {
        return exiting;
    }

    /** Runs one command with this process's environment. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /**
     * Runs one command.
     *
     * @param args the command and its flags
     * @param out where results go
     * @param err where errors go
     * @param env the environment
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0) {
            err.println(USAGE);
            return Cli.USAGE;
        }
        String name = args[0];
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (name.equals("--version") || name.equals("-V")) {
            out.println(Build.line());
            return 0;
        }
        Optional<Command> command = command(name);
        if (command.isEmpty()) {
            err.println("chorus: unknown command '" + name + "': known commands are " + String.join(", ", NAMES));
            return Cli.USAGE;
        }
        Command c = command.get();
        Cli cli = new Cli(out, err, env);
        try {
            CommandLine line = Cli.parser(c.spec().get());
            ParseResult parsed = Cli.parse(line, c.prefix(), Arrays.asList(args).subList(1, args.length),
                    Cli.allowed(line.getCommandSpec()));
            if (parsed.isUsageHelpRequested()) {
                out.println(c.name().equals("simulate") ? SimulateArgs.USAGE : line.getUsageMessage().stripTrailing());
                return 0;
            }
            if (parsed.isVersionHelpRequested()) {
                out.println(Build.line());
                return 0;
            }
            return c.runner().run(parsed, cli);
        } catch (UsageException e) {
            err.println(e.getMessage());
            return Cli.USAGE;
        }
    }

    /** @return the command of that name */
    static Optional<Command> command(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** @return every command under one root, for shell completion */
    static CommandLine root() {
        CommandSpec root = CommandSpec.create().name("chorus");
        root.mixinStandardHelpOptions(true);
        CommandLine line = new CommandLine(root);
        for (Command c : COMMANDS) {
            line.addSubcommand(c.name(), Cli.parser(c.spec().get()));
        }
        line.addSubcommand("help", new CommandLine(CommandSpec.create().name("help")));
        return line;
    }

    private static int simulate(ParseResult parsed, Cli cli) {
        SimulationConfig config = SimulateArgs.parse(parsed);
        Optional<SimulatePlot> plot = SimulatePlot.of(SimulateArgs.plot(parsed), parsed.originalArgs());
        Consumer<String> progress = line -> {
            for (String l : line.split("\n", -1)) {
                cli.out.println("# " + l);
            }
        };
        SimulationResult result = plot.isPresent() ? plot.get().run(config, progress) : Simulation.run(config, progress);
        cli.out.println(result.toJson());
        Optional<String> failure = plot.flatMap(SimulatePlot::failure);
        failure.ifPresent(cli.err::println);
        return failure.isPresent() ? 1 : 0;
    }

    private static CommandSpec versionSpec() {
        CommandSpec spec = CommandSpec.create().name("version");
        spec.usageMessage().description("Prints this program's version and the Java runtime it runs on. A running agent's "
                + "own is in chorus info.");
        return spec;
    }

    private static int version(ParseResult parsed, Cli cli) {
        cli.out.println(Build.line());
        return 0;
    }

    private static CommandSpec completionSpec() {
        CommandSpec spec = CommandSpec.create().name("completion");
        spec.usageMessage().description("Prints a completion script for bash, which zsh reads too (after autoload -U "
                + "bashcompinit && bashcompinit). Load it with: source <(chorus completion), or save it in "
                + "/etc/bash_completion.d/chorus.");
        return spec;
    }

    private static int completion(ParseResult parsed, Cli cli) {
        cli.out.print(AutoComplete.bash("chorus", root()));
        return 0;
    }
}
