package io.chorus.agent;

import io.chorus.agent.AgentSettings.Setting;
import io.chorus.agent.AgentSettings.Shape;
import io.chorus.agent.log.LogFormat;
import io.chorus.agent.log.LogLevel;
import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Encryption;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.NodeId;
import io.chorus.api.Options;
import io.chorus.api.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.ParseResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the settings of {@code chorus agent} ({@link AgentSettings}, declared once) from its
 * flags, from environment variables and, with {@code --config FILE.json}, from a JSON file that
 * takes the flags' names as keys.
 *
 * <p>Flags beat the environment, which beats the file, which beats the defaults: a single-valued
 * setting replaces the one below it, a list ({@code --seed}, {@code --discovery}) replaces the list
 * below it, and {@code --tag} / {@code --option} override the file's entries key by key.
 * {@code CHORUS_SECRET} holds the secret itself, an alternative to {@code CHORUS_SECRET_FILE}:
 * setting both is an error. An empty variable counts as unset.
 *
 * <p>Strict: known keys only, each with a value, single ones once; {@code bind} is required. Without
 * a name the node is named {@link NodeId#nameFor} its bind address, or, when that is a wildcard
 * ({@code 0.0.0.0}, {@code ::}), this machine's hostname and the bind port. A bad flag or value is a
 * {@link UsageException} naming the flag (the variable, or the file's key), the value and what is
 * allowed.
 */
final class AgentArgs {
    static final String PREFIX = "chorus agent: ";

    /** Where {@code --seed-dns} and {@code --dns-server} go: the DNS discovery provider's options. */
    static final String DNS_NAME = "discovery.dns.name";
    static final String DNS_SERVER = "discovery.dns.server";
    /** The environment variable that holds the cluster secret itself; {@code CHORUS_SECRET_FILE} names a file. */
    static final String SECRET_ENV = "CHORUS_SECRET";
    static final String NAME_ENV = AgentSettings.env("name");
    static final String BIND_ENV = AgentSettings.env("bind");
    static final String SECRET_FILE_ENV = AgentSettings.env("secret-file");
    /** The system property that names the distribution's directory ({@code bin/chorus} sets it). */
    static final String HOME_PROPERTY = "chorus.home";
    /** The shortest bearer token {@code --http-token-file} takes. */
    static final int MIN_TOKEN_LENGTH = 16;
    /** Each environment variable the agent reads, and the setting it sets. */
    static final Map<String, String> ENV_KEYS = envKeys();

    final ClusterConfig config;
    final List<Address> seeds;
    final Optional<String> seedDns;
    final Optional<HttpAddress> http;
    final Optional<String> httpToken;
    final LogLevel logLevel;
    final LogFormat logFormat;
    final Optional<Path> pluginDir;
    /** Where {@code --jfr} writes the flight recording. */
    final Optional<Path> jfr;
    /** The discovery providers named with {@code --discovery}; empty: every one found. */
    final List<String> discovery;

    private AgentArgs(Draft d, ClusterConfig config) {
        this.config = config;
        this.seeds = List.copyOf(d.seeds);
        this.seedDns = d.seedDns;
        this.http = d.http;
        this.httpToken = d.httpToken;
        this.logLevel = d.logLevel;
        this.logFormat = d.logFormat;
        this.pluginDir = d.pluginDir;
        this.jfr = d.jfr;
        this.discovery = List.copyOf(d.discovery);
    }

    /** @return whether the node joins at start: seeds or a discovery source are given (else it starts a cluster) */
    boolean joins() {
        return !seeds.isEmpty() || discovers();
    }

    /** @return whether a discovery source other than the seeds given is asked */
    boolean discovers() {
        return seedDns.isPresent() || discovery.stream().anyMatch(id -> !id.equals("static"));
    }

    /** A host and a port to serve HTTP on; port 0 picks a free one. */
    record HttpAddress(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The values read so far, each remembering where it came from for error messages. */
    private static final class Settings {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        final Map<String, String> origin = new LinkedHashMap<>();

        void put(String key, String value, String from) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            origin.put(key, from);
        }

        Optional<String> single(String key) {
            List<String> v = values.get(key);
            return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
        }

        List<String> all(String key) {
            return values.getOrDefault(key, List.of());
        }

        String where(String key) {
            return origin.getOrDefault(key, "--" + key);
        }
    }

    private static Map<String, String> envKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        AgentSettings.byEnv().forEach((variable, s) -> m.put(variable, s.name()));
        return Collections.unmodifiableMap(m);
    }

    static AgentArgs parse(List<String> args) {
        return parse(args, System.getenv(), AgentArgs::hostname);
    }

    static AgentArgs parse(List<String> args, Map<String, String> env) {
        return parse(args, env, AgentArgs::hostname);
    }

    /**
     * @param args the flags after {@code agent}
     * @param env the environment ({@link System#getenv()} in production)
     * @param hostname this machine's hostname, asked only to name a node bound to a wildcard address
     * @return the settings
     * @throws UsageException naming the first bad flag, variable or key
     */
    static AgentArgs parse(List<String> args, Map<String, String> env, Supplier<Optional<String>> hostname) {
        ParseResult parsed = Cli.parse(Cli.parser(AgentSettings.spec()), PREFIX, args, AgentSettings.allowed());
        return parse(parsed, env, hostname);
    }

    /**
     * @param parsed the flags after {@code agent}, as the command line read them
     * @param env the environment
     * @param hostname this machine's hostname, asked only to name a node bound to a wildcard address
     * @return the settings
     * @throws UsageException naming the first bad flag, variable or key
     */
    static AgentArgs parse(ParseResult parsed, Map<String, String> env, Supplier<Optional<String>> hostname) {
        Settings flags = fromFlags(parsed);
        Settings fromEnv = fromEnv(env, flags.values.containsKey("secret-file"));
        Optional<String> configFile = flags.single("config").or(() -> fromEnv.single("config"));
        String configWhere = flags.single("config").isPresent() ? "--config" : "environment variable "
                + AgentSettings.env("config");
        Settings s = configFile.map(f -> fromFile(f, configWhere)).orElseGet(Settings::new);
        overlay(s, fromEnv);
        overlay(s, flags);
        return build(s, hostname);
    }

    /** Lays {@code top} over {@code base}: single values and lists replace, tags and options add up. */
    private static void overlay(Settings base, Settings top) {
        for (Map.Entry<String, List<String>> e : top.values.entrySet()) {
            String key = e.getKey();
            if (key.equals("secret-file") || key.equals("secret")) {
                // one secret: the file named above or the text from the environment, whichever is higher
                base.values.remove("secret-file");
                base.values.remove("secret");
            }
            if (!keyValued(key)) {
                base.values.remove(key);
            }
            for (String v : e.getValue()) {
                base.put(key, v, top.where(key));
            }
        }
    }

    /** @return whether a setting holds KEY=VALUE entries that a higher source overrides key by key */
    private static boolean keyValued(String key) {
        return AgentSettings.named(key).map(s -> s.shape() == Shape.MANY && s.label().equals("KEY=VALUE")).orElse(false);
    }

    /**
     * The environment's settings. An empty variable is unset; values are trimmed, except the secret's.
     *
     * @param secretFlag whether {@code --secret-file} is given, so the environment's secret does not count
     */
    private static Settings fromEnv(Map<String, String> env, boolean secretFlag) {
        Settings s = new Settings();
        for (Setting setting : AgentSettings.ALL) {
            String variable = setting.env();
            String value = env.get(variable);
            if (value == null || value.isEmpty()) {
                continue;
            }
            String where = "environment variable " + variable;
            if (setting.shape() == Shape.MANY) {
                for (String item : value.split(java.util.regex.Pattern.quote(setting.separator()), -1)) {
                    if (!item.isBlank()) {
                        s.put(setting.name(), item.strip(), where);
                    }
                }
            } else if (setting.name().equals("secret")) {
                s.put(setting.name(), value, where);
            } else if (!value.isBlank()) {
                s.put(setting.name(), value.strip(), where);
            }
        }
        if (!secretFlag && s.values.containsKey("secret") && s.values.containsKey("secret-file")) {
            throw new UsageException(PREFIX + "both " + SECRET_ENV + " and " + SECRET_FILE_ENV + " are set: set one ("
                    + SECRET_FILE_ENV + " keeps the secret out of the process's environment)");
        }
        return s;
    }

    /** @return this machine's hostname, empty when it cannot be found */
    static Optional<String> hostname() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Settings fromFlags(ParseResult parsed) {
        Settings s = new Settings();
        for (Setting setting : AgentSettings.ALL) {
            if (!setting.hasFlag()) {
                continue;
            }
            String flag = setting.flag();
            if (setting.shape() == Shape.ONE) {
                Cli.single(parsed, PREFIX, flag, setting.label()).ifPresent(v -> s.put(setting.name(), v, flag));
            } else {
                for (String v : Cli.values(parsed, flag)) {
                    if (v.isEmpty()) {
                        throw new UsageException(PREFIX + "missing value for " + flag + ": " + setting.label());
                    }
                    s.put(setting.name(), v, flag);
                }
            }
        }
        return s;
    }

    private static Settings fromFile(String file, String named) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UsageException(PREFIX + "cannot read " + named + " '" + file + "': " + e);
        } catch (JacksonException e) {
            throw new UsageException(PREFIX + "invalid " + named + " '" + file + "': not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new UsageException(PREFIX + "invalid " + named + " '" + file + "': the file must hold one JSON object, as "
                    + "{\"name\": \"web-1\", \"bind\": \"127.0.0.1:7946\"}");
        }
        Settings s = new Settings();
        for (Map.Entry<String, JsonNode> p : root.properties()) {
            String key = p.getKey();
            String where = "\"" + key + "\" in " + file;
            JsonNode v = p.getValue();
            Setting setting = AgentSettings.named(key).filter(Setting::hasJson).orElseThrow(() -> new UsageException(PREFIX
                    + "unknown key \"" + key + "\" in " + file + ": known keys are " + AgentSettings.knownKeys()));
            if (setting.shape() == Shape.ONE) {
                s.put(key, scalar(v, where, setting), where);
            } else if (v.isArray()) {
                for (JsonNode item : v.values()) {
                    s.put(key, scalar(item, where, setting), where);
                }
            } else if (v.isObject() && keyValued(key)) {
                for (Map.Entry<String, JsonNode> kv : v.properties()) {
                    s.put(key, kv.getKey() + "=" + scalar(kv.getValue(), where, setting), where);
                }
            } else {
                s.put(key, scalar(v, where, setting), where);
            }
        }
        return s;
    }

    private static String scalar(JsonNode v, String where, Setting setting) {
        if (v.isString() || v.isNumber() || v.isBoolean()) {
            String text = v.asString();
            if (!text.isEmpty()) {
                return text;
            }
        }
        throw new UsageException(PREFIX + "invalid " + where + ": " + (v.isString() ? "empty" : v.getNodeType().name()
                .toLowerCase(Locale.ROOT)) + " value; " + (setting.shape() == Shape.MANY ? "a string or an array of strings"
                        + (keyValued(setting.name()) ? ", or an object" : "") : "a non-empty string"));
    }

    private static AgentArgs build(Settings s, Supplier<Optional<String>> hostname) {
        Draft d = new Draft(hostname);
        for (Setting setting : AgentSettings.ALL) {
            List<String> values = setting.shape() == Shape.ONE ? s.single(setting.name()).map(List::of).orElse(List.of())
                    : s.all(setting.name());
            for (String v : values) {
                String where = s.where(setting.name());
                try {
                    setting.apply().apply(d, v, where);
                } catch (InvalidConfigException e) {
                    throw new UsageException(PREFIX + "invalid " + where + " '" + v + "': " + e.allowed());
                }
            }
        }
        ClusterConfig config = d.finish(s);
        return new AgentArgs(d, config);
    }

    /**
     * @param text {@code on}, {@code true}, {@code off}, {@code false}, {@code accept} or {@code send}, in any case
     * @param where the flag, variable or key it came from
     * @return the mode
     */
    static Encryption encryption(String text, String where) {
        switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true":
                return Encryption.ON;
            case "off", "false":
                return Encryption.OFF;
            case "accept":
                return Encryption.ACCEPT;
            case "send":
                return Encryption.SEND;
            default:
                throw new UsageException(PREFIX + "invalid " + where + " '" + text + "': on (or true), off (or false), accept "
                        + "or send");
        }
    }

    /**
     * The settings being read, in the order they are declared: each {@link Setting#apply} checks its
     * value and puts it here; {@link #finish} then derives what depends on several.
     */
    static final class Draft {
        private final Supplier<Optional<String>> hostname;
        private final ClusterConfig.Builder builder = ClusterConfig.builder("unnamed");
        private Optional<String> name = Optional.empty();
        private Address bind;
        private final List<Address> seeds = new ArrayList<>();
        private Optional<String> seedDns = Optional.empty();
        private Optional<String> dnsServer = Optional.empty();
        private final List<String> discovery = new ArrayList<>();
        private Optional<HttpAddress> http = Optional.empty();
        private Optional<String> httpToken = Optional.empty();
        private LogLevel logLevel = LogLevel.INFO;
        private LogFormat logFormat = LogFormat.TEXT;
        private Optional<Path> pluginDir = defaultPluginDir();
        private Optional<Path> jfr = Optional.empty();
        private Encryption encryption = Encryption.OFF;

        private Draft(Supplier<Optional<String>> hostname) {
            this.hostname = hostname;
        }

        ClusterConfig.Builder builder() {
            return builder;
        }

        void name(String value, String where) {
            try {
                NodeId.checkName(value);
            } catch (InvalidNodeIdException e) {
                throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': " + rule());
            }
            name = Optional.of(value);
        }

        void bind(String value, String where) {
            try {
                bind = Address.parse(value);
            } catch (InvalidNodeIdException e) {
                throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': " + e.getMessage());
            }
            builder.bind(bind.host(), bind.port());
        }

        void advertise(String value, String where) {
            HttpAddress a = hostPort(value, where, "the address others dial, HOST:PORT with a port from 0 (the bind "
                    + "port) to 65535, as 203.0.113.7:7946");
            builder.advertise(a.host(), a.port());
        }

        void seed(String value, String where) {
            seeds.add(AgentArgs.seed(value, where));
        }

        void seedDns(String value, String where) {
            seedDns = Optional.of(value);
            builder.option(DNS_NAME, value);
        }

        void dnsServer(String value, String where) {
            dnsServer = Optional.of(where);
            builder.option(DNS_SERVER, AgentArgs.seed(value, where).toString());
        }

        void discovery(String value, String where) {
            providerId(value, where);
            discovery.add(value);
        }

        void http(String value, String where) {
            http = Optional.of(hostPort(value, where, "HOST:PORT with a port from 0 to 65535 (0: any free port), as "
                    + "127.0.0.1:8080"));
        }

        void httpTokenFile(String value, String where) {
            httpToken = Optional.of(token(value, where));
        }

        void tag(String value, String where) {
            String[] kv = keyValue(value, where);
            builder.tag(kv[0], kv[1]);
        }

        void secretFile(String value, String where) {
            try {
                builder.secret(Secret.fromFile(Path.of(value)));
            } catch (InvalidConfigException e) {
                throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': " + e.allowed());
            }
        }

        void secretText(String value, String where) {
            try {
                builder.secret(Secret.ofText(value));
            } catch (InvalidConfigException e) {
                throw new UsageException(PREFIX + "invalid " + where + ": " + e.allowed()); // never quoted
            }
        }

        void transport(String value, String where) {
            builder.transport(value);
        }

        void failureDetector(String value, String where) {
            builder.failureDetector(providerId(value, where));
        }

        void signer(String value, String where) {
            builder.signer(providerId(value, where));
        }

        void ring(String value, String where) {
            builder.ringStrategy(providerId(value, where));
        }

        void hash(String value, String where) {
            builder.hashFunction(providerId(value, where));
        }

        void pluginDir(String value, String where) {
            Path dir = Path.of(value);
            if (!Files.isDirectory(dir)) {
                throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': a directory of plugin jars ("
                        + (Files.exists(dir) ? "this is not a directory" : "it does not exist") + ")");
            }
            pluginDir = Optional.of(dir);
        }

        void profile(String value, String where) {
            builder.profile(AgentSettings.profile(value, where));
        }

        void option(String value, String where) {
            String[] kv = keyValue(value, where);
            builder.option(kv[0], kv[1]);
        }

        void logLevel(String value, String where) {
            logLevel = AgentSettings.logLevel(value, where);
        }

        void label(String value, String where) {
            builder.label(value);
        }

        void encrypt(String value, String where) {
            encryption = encryption(value, where);
            builder.encryption(encryption);
        }

        void jfr(String value, String where) {
            Path p = Path.of(value).toAbsolutePath();
            if (Files.isDirectory(p) || p.getParent() == null || !Files.isDirectory(p.getParent())) {
                throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': a file in a directory that "
                        + "exists, as /tmp/chorus.jfr");
            }
            jfr = Optional.of(p);
        }

        void logFormat(String value, String where) {
            logFormat = AgentSettings.logFormat(value, where);
        }

        /** Derives the name, checks what depends on several settings, and builds the config. */
        private ClusterConfig finish(Settings s) {
            if (bind == null) {
                throw new UsageException(PREFIX + "missing --bind (or " + BIND_ENV + "): HOST:PORT to listen on, as "
                        + "127.0.0.1:7946");
            }
            if (dnsServer.isPresent() && seedDns.isEmpty()) {
                throw new UsageException(PREFIX + dnsServer.get() + " needs --seed-dns NAME: the server answers for that "
                        + "name");
            }
            if (encryption != Encryption.OFF && s.single("secret-file").isEmpty() && s.single("secret").isEmpty()) {
                throw new UsageException(PREFIX + s.where("encrypt") + " needs a secret: the keys that seal are derived "
                        + "from it; give --secret-file FILE (or set " + SECRET_FILE_ENV + " or " + SECRET_ENV
                        + "), or leave encryption off");
            }
            builder.name(name.orElseGet(() -> derivedName(bind, hostname)));
            List<String> seedTexts = new ArrayList<>();
            seeds.forEach(a -> seedTexts.add(a.toString()));
            builder.seeds(seedTexts);
            if (!discovery.isEmpty()) {
                // --seed and --seed-dns always count: their providers join a list that names others
                List<String> ids = new ArrayList<>(discovery);
                if (!seeds.isEmpty() && !ids.contains("static")) {
                    ids.add("static");
                }
                if (seedDns.isPresent() && !ids.contains("dns")) {
                    ids.add("dns");
                }
                builder.discovery(ids);
            }
            try {
                return builder.build();
            } catch (InvalidConfigException e) {
                Optional<Setting> setting = AgentSettings.forField(e.field());
                String key = setting.map(Setting::name).orElse(Json.snake(e.field()).replace('_', '-'));
                String where = s.where(key);
                List<String> given = s.all(key);
                String value = setting.isPresent() && setting.get().shape() == Shape.ONE && given.size() == 1
                        ? given.get(0) : e.value().replace("'", "");
                throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': " + e.allowed());
            }
        }
    }

    /** @return the distribution's {@code plugins/} directory, when the agent runs from one and it exists */
    private static Optional<Path> defaultPluginDir() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(home, "plugins");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The name of a node nobody named: {@link NodeId#nameFor} the bind address, or, for a wildcard
     * bind host, this machine's hostname and the bind port.
     */
    private static String derivedName(Address bind, Supplier<Optional<String>> hostname) {
        String advice = ": give --name NAME or set " + NAME_ENV;
        if (!isWildcard(bind.host())) {
            return NodeId.nameFor(bind);
        }
        String host = hostname.get().orElseThrow(() -> new UsageException(PREFIX + "no node name given and none can be "
                + "derived: the bind host " + bind.host() + " is a wildcard and this machine's hostname is unknown" + advice));
        try {
            return NodeId.nameFor(new Address(host, bind.port()));
        } catch (InvalidNodeIdException e) {
            throw new UsageException(PREFIX + "no node name given and none can be derived from this machine's hostname '"
                    + host + "' (" + e.getMessage() + ")" + advice);
        }
    }

    /** @return whether an address host is 0.0.0.0 or an IPv6 spelling of :: (no DNS look-up: literals only) */
    static boolean isWildcard(String host) {
        if (host.equals("0.0.0.0")) {
            return true;
        }
        if (host.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + host + "]").isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** What a node name may be. */
    static final String NAME_RULE = "a node name starts with a letter, then letters, digits, '_' or '-', at most 64 "
            + "characters";

    private static String rule() {
        return NAME_RULE;
    }

    private static String[] keyValue(String text, String where) {
        return keyValue(text, where, PREFIX);
    }

    /** @return KEY and VALUE of {@code KEY=VALUE}, the key non-empty */
    static String[] keyValue(String text, String where, String prefix) {
        int kv = text.indexOf('=');
        if (kv <= 0) {
            throw new UsageException(prefix + "invalid " + where + " '" + text + "': KEY=VALUE with a non-empty key");
        }
        return new String[] {text.substring(0, kv), text.substring(kv + 1)};
    }

    private static String providerId(String id, String where) {
        if (!id.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + id + "': a provider id: lowercase letters, digits "
                    + "and '-', starting with a letter");
        }
        return id;
    }

    /** @return a duration given to a timing setting ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}) */
    static Duration duration(String text, String where) {
        try {
            return Options.parseDuration(where, text);
        } catch (InvalidConfigException e) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + text + "': " + e.allowed());
        }
    }

    /** @return a whole number given to a timing setting */
    static int whole(String text, String where) {
        if (text.matches("[+-]?[0-9]{1,9}")) {
            return Integer.parseInt(text);
        }
        throw new UsageException(PREFIX + "invalid " + where + " '" + text + "': a whole number");
    }

    private static String token(String file, String where) {
        return token(file, where, PREFIX);
    }

    /** @return the bearer token in a file: its first line, at least {@value #MIN_TOKEN_LENGTH} characters */
    static String token(String file, String where, String prefix) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new UsageException(prefix + "invalid " + where + " '" + file + "': a readable file holding the HTTP "
                    + "bearer token (" + e.getMessage() + ")");
        }
        String token = text.lines().findFirst().orElse("").strip();
        if (token.length() < MIN_TOKEN_LENGTH || !token.matches("[\\x21-\\x7e]+")) {
            throw new UsageException(prefix + "invalid " + where + " '" + file + "': its first line must be the bearer "
                    + "token, at least " + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces (it has "
                    + token.length() + " characters)");
        }
        return token;
    }

    /** @return HOST:PORT with a port from 0 to 65535 */
    private static HttpAddress hostPort(String text, String where, String allowed) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + text + "': " + allowed);
        }
        return new HttpAddress(host, port);
    }

    /** @return the recording's file: its directory must exist, so that a typo fails now, not when the node stops */
    private static Path jfr(String file, String where) {
        Path p = Path.of(file).toAbsolutePath();
        if (Files.isDirectory(p) || !Files.isDirectory(p.getParent())) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + file + "': a file in a directory that exists, "
                    + "as /tmp/chorus.jfr");
        }
        return p;
    }

    private static Address seed(String value, String where) {
        return seed(value, where, PREFIX);
    }

    /** @return the address of {@code [NAME@]HOST:PORT} */
    static Address seed(String value, String where, String prefix) {
        try {
            if (value.indexOf('@') >= 0) {
                return NodeId.parse(value).address();
            }
            return Address.parse(value);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(prefix + "invalid " + where + " '" + value + "': [NAME@]HOST:PORT (" + e.getMessage() + ")");
        }
    }
}
