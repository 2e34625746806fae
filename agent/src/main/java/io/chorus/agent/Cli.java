package io.chorus.agent;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one command-line parser every command is read with (picocli), and the one error form: a
 * line on standard error, {@code chorus COMMAND: } and what is wrong, naming the flag, the value and
 * what is allowed, and exit code 2.
 *
 * <p>Every flag is declared as taking one value ({@code --flag value} or {@code --flag=value}) and
 * picocli collects each occurrence, so that this class, not picocli, says what a flag given twice
 * or given empty is. A command with no arguments of its own has no end-of-options marker: there,
 * {@code --} is an unknown flag like any other.
 */
final class Cli {
    /** Exit code of a bad command line. */
    static final int USAGE = 2;
    /** Exit code of a command that could not do its work (an agent that does not answer, or refuses). */
    static final int FAILED = 1;
    /** picocli's end-of-options marker for commands that take no arguments: nothing a user types. */
    private static final String NO_END_OF_OPTIONS = "--\u0000";
    private static final Pattern EXPECTED = Pattern.compile("Expected parameter for option '([^']+)'");

    final PrintStream out;
    final PrintStream err;
    final java.io.InputStream in;
    final Map<String, String> env;

    /**
     * @param out where results go
     * @param err where errors go
     * @param env the environment ({@link System#getenv()} in production)
     */
    Cli(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, System.in, env);
    }

    /**
     * @param out where results go
     * @param err where errors go
     * @param in where {@code chorus event TOPIC -} reads its payload
     * @param env the environment
     */
    Cli(PrintStream out, PrintStream err, java.io.InputStream in, Map<String, String> env) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.in = Objects.requireNonNull(in, "in");
        this.env = Map.copyOf(env);
    }

    /** @return the environment variable's value, empty when unset or blank */
    Optional<String> env(String variable) {
        String v = env.get(variable);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    // ------------------------------------------------------------------ declaring

    /**
     * @param name the long name without dashes
     * @param label the value's placeholder in the usage, as {@code HOST:PORT}
     * @param help one line of help
     * @return a flag that takes a value, each occurrence collected
     */
    static OptionSpec flag(String name, String label, String help) {
        return flag(name, label, label, help);
    }

    /**
     * @param name the long name without dashes
     * @param label the value's placeholder in the usage, as {@code HOST:PORT}
     * @param allowed what the value may be, for the message of a flag given without one
     * @param help one line of help
     * @return a flag that takes a value, each occurrence collected
     */
    static OptionSpec flag(String name, String label, String allowed, String help) {
        return OptionSpec.builder("--" + name).paramLabel(label).arity("1").type(List.class).auxiliaryTypes(String.class)
                .userObject(allowed).description(help).build();
    }

    /**
     * @param name the long name without dashes
     * @param help one line of help
     * @return a flag that takes no value
     */
    static OptionSpec toggle(String name, String... help) {
        return OptionSpec.builder("--" + name).arity("0").type(boolean.class).description(help).build();
    }

    /**
     * @param index its position among the arguments, from 0
     * @param label the placeholder, as {@code NAME}
     * @param arity picocli's arity, as {@code 1} or {@code 1..*}
     * @param help one line of help
     * @return a positional argument, each value collected
     */
    static PositionalParamSpec argument(int index, String label, String arity, String... help) {
        return PositionalParamSpec.builder().index(arity.endsWith("*") ? index + "..*" : Integer.toString(index))
                .paramLabel(label).arity(arity).required(!arity.startsWith("0")).type(List.class).auxiliaryTypes(String.class).description(help).build();
    }

    /**
     * @param spec a command's declaration, without its help flags
     * @return its parser: {@code --help} and {@code --version} added, this class's conventions set
     */
    static CommandLine parser(CommandSpec spec) {
        spec.mixinStandardHelpOptions(true);
        spec.versionProvider(() -> new String[] {Build.line()});
        spec.usageMessage().width(100).adjustLineBreaksForWideCJKCharacters(false);
        CommandLine line = new CommandLine(spec);
        line.setUnmatchedOptionsAllowedAsOptionParameters(true); // -5, -1:3000: values; --x: checked in values()
        line.setUnmatchedArgumentsAllowed(false);
        line.setOverwrittenOptionsAllowed(false);
        if (spec.positionalParameters().isEmpty()) {
            line.setEndOfOptionsDelimiter(NO_END_OF_OPTIONS);
        }
        return line;
    }

    /**
     * @param spec a command's declaration
     * @return what each of its flags takes, by long name with dashes, for the message of a missing value
     */
    static Map<String, String> allowed(CommandSpec spec) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.userObject() instanceof String allowed) {
                m.put(o.longestName(), allowed);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Parses arguments, turning picocli's errors into this command line's own wording.
     *
     * @param line the command's parser
     * @param prefix the command's message prefix, as {@code chorus simulate: }
     * @param args the arguments after the command's name
     * @param allowed what each flag takes, by long name with dashes, for the message of a missing value
     * @return what was given
     * @throws UsageException naming the flag or argument that is wrong
     */
    static ParseResult parse(CommandLine line, String prefix, List<String> args, Map<String, String> allowed) {
        try {
            return line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw usage(e, line.getCommandSpec(), prefix, allowed);
        }
    }

    /** @return picocli's error as this command line says it */
    private static UsageException usage(CommandLine.ParameterException e, CommandSpec spec, String prefix,
            Map<String, String> allowed) {
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            if (u.getUnmatched().isEmpty()) {
                Matcher m = EXPECTED.matcher(String.valueOf(e.getMessage()));
                if (m.find()) {
                    return missingValue(prefix, m.group(1), allowed);
                }
            } else {
                return unmatched(u.getUnmatched().get(0), spec, prefix);
            }
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec missing = m.getMissing().get(0);
            if (missing instanceof OptionSpec o) {
                return missingValue(prefix, o.longestName(), allowed);
            }
            return new UsageException(prefix + "missing " + missing.paramLabel() + ": " + String.join(" ",
                    missing.description()) + "; see " + commandName(prefix) + " --help");
        }
        if (e instanceof CommandLine.MaxValuesExceededException && e.getMessage() != null
                && e.getMessage().contains("should be specified without")) {
            Matcher m = Pattern.compile("option '([^']+)' should be specified without '([^']*)'").matcher(e.getMessage());
            if (m.find()) {
                return new UsageException(prefix + m.group(1) + " takes no value ('" + m.group(1) + "=" + m.group(2) + "')");
            }
        }
        String text = String.valueOf(e.getMessage());
        return new UsageException(prefix + Character.toLowerCase(text.charAt(0)) + text.substring(1) + "; see "
                + commandName(prefix) + " --help");
    }

    private static UsageException missingValue(String prefix, String flag, Map<String, String> allowed) {
        String what = allowed.get(flag);
        return new UsageException(prefix + "missing value for " + flag + (what == null ? "" : ": " + what));
    }

    private static UsageException unmatched(String arg, CommandSpec spec, String prefix) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            List<String> known = knownFlags(spec);
            return new UsageException(prefix + "unknown flag '" + flag + "': " + (known.isEmpty()
                    ? commandName(prefix) + " takes no flags but --help" : "known flags are " + String.join(", ", known)));
        }
        String why = spec.positionalParameters().isEmpty() ? "flags start with --, " : "";
        return new UsageException(prefix + "unexpected argument '" + arg + "': " + why + "see " + commandName(prefix)
                + " --help");
    }

    /** @return the command's long flag names in declaration order, without {@code --help} and {@code --version} */
    static List<String> knownFlags(CommandSpec spec) {
        List<String> flags = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                flags.add(o.longestName());
            }
        }
        return flags;
    }

    /** @return {@code chorus simulate} for the prefix {@code chorus simulate: } */
    private static String commandName(String prefix) {
        return prefix.endsWith(": ") ? prefix.substring(0, prefix.length() - 2) : prefix.strip();
    }

    /**
     * @param parsed what was given
     * @param flag the long name with dashes
     * @return every value given for the flag, in order
     */
    static List<String> values(ParseResult parsed, String flag) {
        if (!parsed.hasMatchedOption(flag)) {
            return List.of();
        }
        OptionSpec option = parsed.matchedOption(flag);
        List<String> v = option.getValue();
        for (String value : v == null ? List.<String>of() : v) {
            // an empty value, or the next flag taken for one (--seed --bogus): the flag's value is missing
            if (value.isEmpty() || value.startsWith("--")) {
                String allowed = option.userObject() instanceof String a ? a : null;
                throw new UsageException(prefixOf(parsed) + "missing value for " + flag + (allowed == null ? "" : ": "
                        + allowed));
            }
        }
        return v == null ? List.of() : v;
    }

    /** @return the message prefix of the command that read these arguments, as {@code chorus simulate: } */
    private static String prefixOf(ParseResult parsed) {
        return "chorus " + parsed.commandSpec().name() + ": ";
    }

    /**
     * @param parsed what was given
     * @param prefix the command's message prefix
     * @param flag the long name with dashes
     * @param allowed what the flag takes, for the message of a missing value (null: nothing said)
     * @return the flag's one value, if given
     * @throws UsageException if it was given twice or empty
     */
    static Optional<String> single(ParseResult parsed, String prefix, String flag, String allowed) {
        List<String> v = values(parsed, flag);
        if (v.size() > 1) {
            throw new UsageException(prefix + flag + " given twice ('" + v.get(0) + "' and '" + v.get(1) + "'): give it once");
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * @param parsed what was given
     * @param index the positional argument's index
     * @return its values, in order
     */
    static List<String> arguments(ParseResult parsed, int index) {
        for (PositionalParamSpec p : parsed.matchedPositionals()) {
            if (p.index().min() == index) {
                List<String> v = p.getValue();
                return v == null ? List.of() : v;
            }
        }
        return List.of();
    }
}
