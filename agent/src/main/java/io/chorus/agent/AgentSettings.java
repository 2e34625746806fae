package io.chorus.agent;

import io.chorus.agent.log.LogFormat;
import io.chorus.agent.log.LogLevel;
import io.chorus.api.Options;
import io.chorus.api.Profile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every setting of {@code chorus agent}, declared once. A setting's flag ({@code --probe-interval}),
 * environment variable ({@code CHORUS_PROBE_INTERVAL}) and JSON key ({@code "probe-interval"}) all
 * come from its name; its help is the agent's {@code --help} and the README's table of flags
 * ({@link #markdownTable()}, checked by a test); and its {@link Setting#apply} puts a value in the
 * agent's draft. Adding a setting is adding one entry to {@link #ALL}.
 */
final class AgentSettings {
    /** Whether a setting takes one value or many. */
    enum Shape {
        /** One value: a higher source replaces a lower one; a flag given twice is an error. */
        ONE,
        /** Repeatable: a flag or JSON array adds values; the environment holds them separated. */
        MANY
    }

    /** Where a setting can be given. */
    enum Source {
        /** A flag, a variable and a JSON key. */
        ALL,
        /** A flag and a variable: the file's own name ({@code --config}). */
        NO_JSON,
        /** A variable only: a secret never goes on a command line or in a file that names others. */
        ENV_ONLY
    }

    /**
     * Puts one value of a setting in the draft, checking it.
     */
    @FunctionalInterface
    interface Apply {
        /**
         * @param draft the settings being built
         * @param value the value, never empty
         * @param where the flag, variable or key it came from, for messages
         * @throws UsageException naming {@code where}, the value and what is allowed
         */
        void apply(AgentArgs.Draft draft, String value, String where);
    }

    /**
     * One setting.
     *
     * @param name the flag without dashes, and the JSON key
     * @param label the value's placeholder, as {@code HOST:PORT}
     * @param shape one value or many
     * @param source where it can be given
     * @param env the environment variable
     * @param separator what separates values in the variable (MANY only)
     * @param help what it does, its default and what it takes: one sentence, for the usage and the README
     * @param fields the {@code ClusterConfig} fields it sets, to name it when the config refuses a value
     * @param apply puts a value in the draft
     */
    record Setting(String name, String label, Shape shape, Source source, String env, String separator, String help,
            List<String> fields, Apply apply) {
        /** @return the flag, as {@code --name} (also for a variable-only setting, in messages) */
        String flag() {
            return "--" + name;
        }

        boolean hasFlag() {
            return source != Source.ENV_ONLY;
        }

        boolean hasJson() {
            return source == Source.ALL;
        }
    }

    /** The prefix of every variable. */
    static final String ENV_PREFIX = "CHORUS_";

    /** Every setting, in the order of the usage and the README. */
    static final List<Setting> ALL = declare();

    private AgentSettings() {
    }

    /** @return the variable a setting named {@code name} reads by default: {@code CHORUS_} and the name in capitals */
    static String env(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Collects the declarations, in order. */
    private static final class Declarations {
        final List<Setting> all = new ArrayList<>();

        Declarations one(String name, String label, String help, Apply apply, String... fields) {
            all.add(new Setting(name, label, Shape.ONE, Source.ALL, env(name), "", help, List.of(fields), apply));
            return this;
        }

        Declarations many(String name, String label, String env, String separator, String help, Apply apply,
                String... fields) {
            all.add(new Setting(name, label, Shape.MANY, Source.ALL, env, separator, help, List.of(fields), apply));
            return this;
        }

        Declarations add(Setting s) {
            all.add(s);
            return this;
        }

        /** A timing setting: a duration that overrides the profile's. */
        Declarations duration(String name, String field, String help, BiConsumer<AgentArgs.Draft, Duration> set) {
            return one(name, "DURATION", help, (d, v, where) -> set.accept(d, AgentArgs.duration(v, where)), field);
        }

        /** A timing setting: a whole number that overrides the profile's. */
        Declarations count(String name, String field, String help, BiConsumer<AgentArgs.Draft, Integer> set) {
            return one(name, "N", help, (d, v, where) -> set.accept(d, AgentArgs.whole(v, where)), field);
        }
    }

    private static List<Setting> declare() {
        Declarations d = new Declarations()
                .one("name", "NAME", "the node's name: a letter, then letters, digits, `_` or `-`, at most 64 characters; "
                        + "default: derived from the bind address (see below)", AgentArgs.Draft::name, "name")
                .one("bind", "HOST:PORT", "required; where to listen (IPv6 as `[::1]:7946`)", AgentArgs.Draft::bind,
                        "bindHost", "bindPort")
                .one("advertise", "HOST:PORT", "the address other members dial, when it is not the bind address (NAT, "
                        + "containers, Kubernetes: the pod's IP); port 0 keeps the bind port; default: the bind address",
                        AgentArgs.Draft::advertise, "advertiseHost", "advertisePort")
                .many("seed", "[NAME@]HOST:PORT", env("seeds"), ",", "a member to join through; repeat for several. "
                        + "Seeds and discovery both feed the join", AgentArgs.Draft::seed, "seeds")
                .one("seed-dns", "NAME", "seeds from DNS: `_service._proto.domain` is looked up as SRV, any other name as "
                        + "A/AAAA on the bind port; re-resolved while the node runs", AgentArgs.Draft::seedDns)
                .one("dns-server", "HOST:PORT", "the DNS server for `--seed-dns` (default: the system's)",
                        AgentArgs.Draft::dnsServer)
                .many("discovery", "ID", env("discovery"), ",", "a discovery provider to ask (`static`, `dns`, or a "
                        + "plugin's); repeat for several; default: every one found", AgentArgs.Draft::discovery, "discovery")
                .one("http", "HOST:PORT", "serve the HTTP endpoint there (port 0: any free port; the agent prints "
                        + "`http on ...`)", AgentArgs.Draft::http)
                .one("http-token-file", "FILE", "a file holding the bearer token (16 characters or more) that every "
                        + "HTTP request that changes something must carry; without it, changes are taken from loopback only",
                        AgentArgs.Draft::httpTokenFile)
                .many("tag", "KEY=VALUE", env("tags"), ",", "a tag of this node; repeat for several", AgentArgs.Draft::tag, "tags")
                .one("secret-file", "FILE", "sign and check all traffic with the secret in FILE (at least 16 bytes); "
                        + "never on the command line", AgentArgs.Draft::secretFile, "secret")
                .add(new Setting("secret", "SECRET", Shape.ONE, Source.ENV_ONLY, AgentArgs.SECRET_ENV, "",
                        "the secret itself, instead of `CHORUS_SECRET_FILE` (set one, not both); prefer the file: the "
                        + "process's environment can be read by others", List.of(), AgentArgs.Draft::secretText))
                .one("transport", "udp+tcp|tcp|udp", "the transport; default `udp+tcp` when both modules are present",
                        AgentArgs.Draft::transport, "transport")
                .one("failure-detector", "ID", "the failure detector: `swim` (default), `phi-accrual`, `heartbeat`, or "
                        + "a plugin's", AgentArgs.Draft::failureDetector, "failureDetector")
                .one("signer", "ID", "the message signer used with a secret: `hmac-sha256` (default), or a plugin's",
                        AgentArgs.Draft::signer, "signer")
                .one("ring", "ID", "the ring strategy: `vnode` (default), `maglev`, `rendezvous`, or a plugin's",
                        AgentArgs.Draft::ring, "ringStrategy")
                .one("hash", "ID", "the ring's hash function: `xxhash64` (default), `murmur3`, `md5`, or a plugin's",
                        AgentArgs.Draft::hash, "hashFunction")
                .one("plugin-dir", "DIR", "a directory of provider jars (modular, or plain with `META-INF/services`) "
                        + "that join the agent's own; default: `plugins/` of the distribution", AgentArgs.Draft::pluginDir)
                .one("profile", "lan|local|wan", "the timing preset (default `lan`); the timing flags below override it",
                        AgentArgs.Draft::profile, "profile")
                .duration("probe-interval", "probeInterval", "the protocol period: one member probed per period, 10ms "
                        + "to 1m (lan 500ms)", (t, v) -> t.builder().probeInterval(v))
                .duration("probe-timeout", "probeTimeout", "how long a direct probe waits for its ack, 1ms up to the "
                        + "probe interval (lan 200ms)", (t, v) -> t.builder().probeTimeout(v))
                .count("indirect-checks", "indirectChecks", "members asked to probe a silent one, 0 to 16 (lan 3)",
                        (t, v) -> t.builder().indirectChecks(v))
                .count("suspicion-multiplier", "suspicionMultiplier", "the shortest suspicion, in probe intervals "
                        + "times log10 of the cluster's size, 1 to 100 (lan 4); raise it for long GC pauses",
                        (t, v) -> t.builder().suspicionMultiplier(v))
                .count("suspicion-max-multiplier", "suspicionMaxMultiplier", "the longest suspicion, in multiples of "
                        + "the shortest, 1 to 100 (lan 6)", (t, v) -> t.builder().suspicionMaxMultiplier(v))
                .duration("gossip-interval", "gossipInterval", "how often updates are gossiped, 10ms to 1m (lan 200ms)",
                        (t, v) -> t.builder().gossipInterval(v))
                .count("gossip-fanout", "gossipFanout", "members gossiped to per round, 1 to 32 (lan 3)",
                        (t, v) -> t.builder().gossipFanout(v))
                .count("retransmit-multiplier", "retransmitMultiplier", "how often each update is sent, times log10 "
                        + "of the cluster's size, 1 to 100 (lan 4)", (t, v) -> t.builder().retransmitMultiplier(v))
                .duration("push-pull-interval", "pushPullInterval", "how often a full state is exchanged with a random "
                        + "member, 1s to 24h, or 0 for never (lan 30s, scaled up with the cluster's size)",
                        (t, v) -> t.builder().pushPullInterval(v))
                .duration("join-timeout", "joinTimeout", "how long a join keeps trying, 100ms to 1h (lan 10s)",
                        (t, v) -> t.builder().joinTimeout(v))
                .duration("leave-timeout", "leaveTimeout", "how long a leave waits for its news to spread, 0 to 5m "
                        + "(lan 3s)", (t, v) -> t.builder().leaveTimeout(v))
                .duration("dead-retention", "deadRetention", "how long DEAD and LEFT members are remembered (and a "
                        + "force-left one listed), 1s to 30d (24h)", (t, v) -> t.builder().deadRetention(v))
                .many("option", "KEY=VALUE", env("options"), ";", "a provider setting, as `hashing.vnode.count=100`; "
                        + "repeat for several; every key is in [docs/options.md](docs/options.md), and an unknown one exits "
                        + "2 naming the nearest key", AgentArgs.Draft::option)
                .one("log-level", "LEVEL", "`trace`, `debug`, `info` (default), `warn`, `error` or `off`; logs go to "
                        + "standard error", AgentArgs.Draft::logLevel)
                .one("log-format", "text|json", "`text` (default): one line per event; `json`: one JSON object per line",
                        AgentArgs.Draft::logFormat)
                .one("label", "NAME", "the cluster label: traffic of another label (or none) is dropped and counted, so "
                        + "two clusters on one network never merge; with a secret it is mixed into the keys",
                        AgentArgs.Draft::label)
                .one("encrypt", "[=MODE]", "seal (encrypt) all traffic with keys from the secret; needs a secret. MODE: "
                        + "`on` (the default; `true`), `accept` or `send` (the steps of switching a running cluster: "
                        + "[Confidential traffic](#confidential-traffic)), `off` (`false`)", AgentArgs.Draft::encrypt)
                .one("jfr", "FILE", "record a flight recording from start (the `chorus.*` events with the JDK's default "
                        + "ones), written to FILE when the node stops", AgentArgs.Draft::jfr)
                .add(new Setting("config", "FILE.json", Shape.ONE, Source.NO_JSON, env("config"), "",
                        "read the settings above from a JSON object with their names as keys", List.of(),
                        (draft, v, where) -> { }));
        return Collections.unmodifiableList(d.all);
    }

    /** @return the setting with this name */
    static Optional<Setting> named(String name) {
        for (Setting s : ALL) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return the setting that sets a {@code ClusterConfig} field, for a refused value */
    static Optional<Setting> forField(String field) {
        String base = field.replaceAll("\\[\\d+]$", "");
        for (Setting s : ALL) {
            if (s.fields().contains(base)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return each variable the agent reads, and the setting it sets */
    static Map<String, Setting> byEnv() {
        Map<String, Setting> m = new LinkedHashMap<>();
        for (Setting s : ALL) {
            m.put(s.env(), s);
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return the flags, as {@code --name, --bind, ...}, for an unknown flag's message */
    static String knownFlags() {
        List<String> flags = new ArrayList<>();
        for (Setting s : ALL) {
            if (s.hasFlag()) {
                flags.add(s.flag());
            }
        }
        return String.join(", ", flags);
    }

    /** @return the JSON keys, for an unknown key's message */
    static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (Setting s : ALL) {
            if (s.hasJson()) {
                keys.add(s.name());
            }
        }
        return String.join(", ", keys);
    }

    /** @return what each flag takes, by flag, for the message of a flag given without its value */
    static Map<String, String> allowed() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting s : ALL) {
            m.put(s.flag(), s.label());
        }
        return m;
    }

    /** @return the declaration of {@code chorus agent}'s flags, for picocli */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("agent");
        for (Setting s : ALL) {
            if (s.hasFlag() && s.label().startsWith("[=")) {
                // a value of its own is optional: --encrypt alone means --encrypt=on
                spec.addOption(CommandLine.Model.OptionSpec.builder("--" + s.name()).paramLabel("MODE").arity("0..1")
                        .fallbackValue("on").type(List.class).auxiliaryTypes(String.class).userObject(s.label())
                        .description(plain(s.help()) + " [" + s.env() + "]").build());
            } else if (s.hasFlag()) {
                spec.addOption(Cli.flag(s.name(), s.label(), plain(s.help()) + " [" + s.env() + "]"));
            }
        }
        spec.usageMessage().description("Runs one long-running node. It prints one line per event on standard output "
                + "and its logs on standard error, and leaves gracefully on SIGTERM or Ctrl-C (exit code 0).");
        spec.usageMessage().footer("", "Every flag also takes the form --flag=value. Flags beat the environment, which "
                + "beats --config, which beats the defaults; an empty variable counts as unset. Variables of repeatable "
                + "flags hold several values, separated by ',' (';' for CHORUS_OPTIONS).");
        return spec;
    }

    /** @return the help without Markdown's backquotes and links, for the terminal */
    static String plain(String markdown) {
        return markdown.replace("`", "").replaceAll("\\[([^]]+)]\\([^)]+\\)", "$1");
    }

    /**
     * The README's table of the agent's settings, generated from the declarations.
     *
     * @return the Markdown table, a line per setting
     */
    static String markdownTable() {
        StringBuilder b = new StringBuilder("| flag | environment | JSON key | meaning |\n|---|---|---|---|\n");
        for (Setting s : ALL) {
            String flag = s.hasFlag() ? "`" + s.flag() + (s.label().startsWith("[=") ? "" : " ") + s.label().replace("|", "\\|")
                    + "`" : "";
            String env = "`" + s.env() + "`" + (s.shape() == Shape.MANY ? " (`" + s.separator() + "`-separated)" : "");
            String json = s.hasJson() ? "`" + s.name() + "`" + (s.shape() == Shape.MANY ? s.label().equals("KEY=VALUE")
                    ? " (object)" : " (array)" : "") : "";
            b.append("| ").append(flag).append(" | ").append(env).append(" | ").append(json).append(" | ")
                    .append(s.help().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    /** What {@code --profile} takes, for messages. */
    static final String PROFILES = "one of lan, wan, local";

    /** @return the preset, checked */
    static Profile profile(String text, String where) {
        for (Profile p : Profile.values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new UsageException(AgentArgs.PREFIX + "invalid " + where + " '" + text + "': " + PROFILES);
    }

    /** @return the level, checked */
    static LogLevel logLevel(String text, String where) {
        return LogLevel.parse(text).orElseThrow(() -> new UsageException(AgentArgs.PREFIX + "invalid " + where + " '" + text
                + "': one of " + LogLevel.ALLOWED));
    }

    /** @return the format, checked */
    static LogFormat logFormat(String text, String where) {
        return LogFormat.parse(text).orElseThrow(() -> new UsageException(AgentArgs.PREFIX + "invalid " + where + " '" + text
                + "': " + LogFormat.ALLOWED));
    }

    /** @return a duration as the timing flags write it */
    static String format(Duration d) {
        return Options.format(d);
    }
}
