package io.chorus.agent;

import io.chorus.agent.log.LogLevel;
import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Encryption;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.NodeId;
import io.chorus.api.Profile;
import io.chorus.api.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the settings of {@code chorus agent} from its flags, from environment variables and, with
 * {@code --config FILE.json}, from a JSON file that takes the flags' keys (without the dashes'
 * prefix: {@code "bind"}, {@code "seed"}, {@code "seed-dns"} ...).
 *
 * <p>Flags beat the environment, which beats the file, which beats the defaults: a single-valued
 * setting replaces the one below it, seeds ({@code --seed}, {@code CHORUS_SEEDS}) replace the seeds
 * below them, and {@code --tag} / {@code --option} override the file's entries key by key. The
 * variables: {@code CHORUS_NAME}, {@code CHORUS_BIND}, {@code CHORUS_SEEDS} (comma-separated),
 * {@code CHORUS_HTTP}, {@code CHORUS_SECRET_FILE}, {@code CHORUS_LABEL}, {@code CHORUS_ENCRYPT}
 * ({@link TrafficFlag}), and {@code CHORUS_SECRET} (the secret itself, an
 * alternative to {@code CHORUS_SECRET_FILE}: setting both is an error). An empty variable counts as
 * unset.
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
    static final String NAME_ENV = "CHORUS_NAME";
    static final String BIND_ENV = "CHORUS_BIND";
    static final String SEEDS_ENV = "CHORUS_SEEDS";
    static final String HTTP_ENV = "CHORUS_HTTP";
    static final String SECRET_FILE_ENV = "CHORUS_SECRET_FILE";
    /**
     * The flags of confidential traffic, declared once: the flag (and JSON key), its environment
     * variable, whether it needs a value, and its usage lines. The parser, the usage text, the list
     * of known flags and the environment read them from here.
     */
    enum TrafficFlag {
        /** The cluster label. */
        LABEL("label", "CHORUS_LABEL", true,
                "  --label NAME         the cluster label: traffic of another label (or none) is dropped and counted, so",
                "                       two clusters on one network never merge; with a secret it is mixed into the keys"),
        /** Sealing. */
        ENCRYPT("encrypt", "CHORUS_ENCRYPT", false,
                "  --encrypt[=MODE]     seal (encrypt) all traffic with keys from the secret; needs --secret-file. MODE:",
                "                       on (the default; true), accept or send (the steps of switching a running",
                "                       cluster, see chorus keys encryption), off (false)");

        final String key;
        final String env;
        final boolean needsValue;
        final List<String> usage;

        TrafficFlag(String key, String env, boolean needsValue, String... usage) {
            this.key = key;
            this.env = env;
            this.needsValue = needsValue;
            this.usage = List.of(usage);
        }

        /** @return the flag's value when given with none ({@code --encrypt}), or empty when it needs one */
        static Optional<String> bare(String key) {
            for (TrafficFlag f : values()) {
                if (f.key.equals(key) && !f.needsValue) {
                    return Optional.of("on");
                }
            }
            return Optional.empty();
        }
    }

    /** Each environment variable the agent reads, and the key it sets ({@code secret} only from the environment). */
    static final Map<String, String> ENV_KEYS = envKeys();
    /** The settings key of {@link #SECRET_ENV}: no flag or file key sets it. */
    private static final String SECRET_TEXT = "secret";

    static final String USAGE = String.join("\n",
            "usage: chorus agent [--name NAME] --bind HOST:PORT [--seed [NAME@]HOST:PORT]... [--seed-dns NAME [--dns-server HOST:PORT]]",
            "                    [--http HOST:PORT] [--tag KEY=VALUE]... [--secret-file FILE] [--transport udp+tcp|tcp|udp]",
            "                    [--profile lan|local|wan] [--config FILE.json] [--log-level LEVEL] [--option KEY=VALUE]...",
            "                    [--label NAME] [--encrypt[=on|accept|send|off]]",
            "  --name NAME          the node's name: a letter, then letters, digits, '_' or '-', at most 64 characters",
            "                       (default: node-HOST-PORT from --bind, as node-10_0_0_5-7946; with a wildcard",
            "                       bind host, 0.0.0.0 or ::, the machine's hostname stands for HOST)",
            "  --bind HOST:PORT     where to listen (IPv6 as [::1]:7946); others dial it",
            "  --seed ADDRESS       a node to join through; repeat for several (default: none, start a new cluster)",
            "  --seed-dns NAME      find seeds in DNS: a name starting with '_' is looked up as SRV records, any other",
            "                       as A/AAAA records on the bind port; re-resolved while the node runs",
            "  --dns-server H:P     the DNS server for --seed-dns (default: the system's resolver)",
            "  --http HOST:PORT     serve /health, /members, /stats, /ring and /events there (port 0: any free port);",
            "                       POST /events/TOPIC broadcasts its body to the cluster as a user event",
            "  --tag KEY=VALUE      a tag of this node; repeat for several",
            "  --secret-file FILE   sign and check all traffic with the secret in FILE (at least 16 bytes)",
            "  --transport T        udp+tcp (default when both are present), tcp, or udp",
            "  --profile P          timing profile: lan, local or wan (default lan)",
            "  --config FILE.json   read these settings from a JSON object with the same keys (\"seed\" and \"tag\"",
            "                       take arrays, \"tag\" and \"option\" also objects); flags override the file",
            "  --log-level LEVEL    " + LogLevel.ALLOWED + " (default info); logs go to standard error",
            "  --option KEY=VALUE   a provider setting (see each module's documentation); repeat for several",
            String.join("\n", TrafficFlag.LABEL.usage),
            String.join("\n", TrafficFlag.ENCRYPT.usage),
            "Every flag also takes the form --flag=value. The node prints its events, one a line, and leaves",
            "gracefully on SIGTERM or Ctrl-C.",
            "Environment: CHORUS_NAME, CHORUS_BIND, CHORUS_SEEDS (comma-separated), CHORUS_HTTP, CHORUS_SECRET_FILE,",
            "CHORUS_LABEL and CHORUS_ENCRYPT set what --name, --bind, --seed, --http, --secret-file, --label and",
            "--encrypt set; CHORUS_SECRET holds the secret itself (set",
            "it or CHORUS_SECRET_FILE, not both). Flags beat the environment, which beats --config, which beats the",
            "defaults; an empty variable counts as unset.");

    private static final Set<String> SINGLE = Set.of("name", "bind", "seed-dns", "dns-server", "http", "secret-file",
            "transport", "profile", "config", "log-level", TrafficFlag.LABEL.key, TrafficFlag.ENCRYPT.key);
    private static final Set<String> REPEATED = Set.of("seed", "tag", "option");
    private static final String KNOWN = "--name, --bind, --seed, --seed-dns, --dns-server, --http, --tag, --secret-file, "
            + "--transport, --profile, --config, --log-level, --option, --label, --encrypt";

    final ClusterConfig config;
    final List<Address> seeds;
    final Optional<String> seedDns;
    final Optional<HttpAddress> http;
    final LogLevel logLevel;

    private AgentArgs(ClusterConfig config, List<Address> seeds, Optional<String> seedDns, Optional<HttpAddress> http,
            LogLevel logLevel) {
        this.config = config;
        this.seeds = seeds;
        this.seedDns = seedDns;
        this.http = http;
        this.logLevel = logLevel;
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
        m.put(NAME_ENV, "name");
        m.put(BIND_ENV, "bind");
        m.put(SEEDS_ENV, "seed");
        m.put(HTTP_ENV, "http");
        m.put(SECRET_FILE_ENV, "secret-file");
        m.put(SECRET_ENV, SECRET_TEXT);
        for (TrafficFlag f : TrafficFlag.values()) {
            m.put(f.env, f.key);
        }
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
        Settings flags = fromFlags(args);
        Settings s = flags.single("config").map(AgentArgs::fromFile).orElseGet(Settings::new);
        overlay(s, fromEnv(env, flags.values.containsKey("secret-file")));
        overlay(s, flags);
        return build(s, hostname);
    }

    /** Lays {@code top} over {@code base}: single values and seeds replace, tags and options add up. */
    private static void overlay(Settings base, Settings top) {
        for (Map.Entry<String, List<String>> e : top.values.entrySet()) {
            String key = e.getKey();
            if (key.equals("secret-file") || key.equals(SECRET_TEXT)) {
                // one secret: the file named above or the text from the environment, whichever is higher
                base.values.remove("secret-file");
                base.values.remove(SECRET_TEXT);
            }
            if (key.equals("seed") || SINGLE.contains(key)) {
                base.values.remove(key);
            }
            for (String v : e.getValue()) {
                base.put(key, v, top.where(key));
            }
        }
    }

    /**
     * The environment's settings. An empty variable is unset; values are trimmed, except the secret's.
     *
     * @param secretFlag whether {@code --secret-file} is given, so the environment's secret does not count
     */
    private static Settings fromEnv(Map<String, String> env, boolean secretFlag) {
        Settings s = new Settings();
        for (Map.Entry<String, String> e : ENV_KEYS.entrySet()) {
            String variable = e.getKey();
            String key = e.getValue();
            String value = env.get(variable);
            if (value == null || value.isEmpty()) {
                continue;
            }
            String where = "environment variable " + variable;
            if (key.equals("seed")) {
                for (String seed : value.split(",", -1)) {
                    if (!seed.isBlank()) {
                        s.put(key, seed.strip(), where);
                    }
                }
            } else if (key.equals(SECRET_TEXT)) {
                s.put(key, value, where);
            } else if (!value.isBlank()) {
                s.put(key, value.strip(), where);
            }
        }
        if (!secretFlag && s.values.containsKey(SECRET_TEXT) && s.values.containsKey("secret-file")) {
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

    private static Settings fromFlags(List<String> args) {
        Settings s = new Settings();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new UsageException(PREFIX + "unexpected argument '" + a + "': flags start with --, see chorus agent --help");
            }
            String flag = a.substring(2);
            String value;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = "";
            }
            if (!SINGLE.contains(flag) && !REPEATED.contains(flag)) {
                throw new UsageException(PREFIX + "unknown flag '--" + flag + "': known flags are " + KNOWN);
            }
            if (value.isEmpty() && eq < 0) {
                value = TrafficFlag.bare(flag).orElse("");
            }
            if (value.isEmpty()) {
                throw new UsageException(PREFIX + "missing value for --" + flag);
            }
            if (SINGLE.contains(flag) && s.values.containsKey(flag)) {
                throw new UsageException(PREFIX + "--" + flag + " given twice ('" + s.single(flag).orElseThrow() + "' and '"
                        + value + "'): give it once");
            }
            s.put(flag, value, "--" + flag);
        }
        return s;
    }

    private static Settings fromFile(String file) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UsageException(PREFIX + "cannot read --config '" + file + "': " + e);
        } catch (JacksonException e) {
            throw new UsageException(PREFIX + "invalid --config '" + file + "': not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new UsageException(PREFIX + "invalid --config '" + file + "': the file must hold one JSON object, as "
                    + "{\"name\": \"web-1\", \"bind\": \"127.0.0.1:7946\"}");
        }
        Settings s = new Settings();
        for (Map.Entry<String, JsonNode> p : root.properties()) {
            String key = p.getKey();
            String where = "\"" + key + "\" in " + file;
            JsonNode v = p.getValue();
            if (key.equals("config") || (!SINGLE.contains(key) && !REPEATED.contains(key))) {
                throw new UsageException(PREFIX + "unknown key \"" + key + "\" in " + file + ": known keys are "
                        + KNOWN.replace("--config, ", "").replace("--", ""));
            }
            if (SINGLE.contains(key)) {
                s.put(key, scalar(v, where), where);
            } else if (v.isArray()) {
                for (JsonNode item : v.values()) {
                    s.put(key, scalar(item, where), where);
                }
            } else if (v.isObject() && !key.equals("seed")) {
                for (Map.Entry<String, JsonNode> kv : v.properties()) {
                    s.put(key, kv.getKey() + "=" + scalar(kv.getValue(), where), where);
                }
            } else {
                s.put(key, scalar(v, where), where);
            }
        }
        return s;
    }

    private static String scalar(JsonNode v, String where) {
        if (v.isString() || v.isNumber() || v.isBoolean()) {
            String text = v.asString();
            if (!text.isEmpty()) {
                return text;
            }
        }
        throw new UsageException(PREFIX + "invalid " + where + ": " + (v.isString() ? "empty" : v.getNodeType().name().toLowerCase(
                java.util.Locale.ROOT)) + " value; " + (where.startsWith("\"seed\"") || where.startsWith("\"tag\"")
                || where.startsWith("\"option\"") ? "a string or an array of strings" : "a non-empty string"));
    }

    private static AgentArgs build(Settings s, Supplier<Optional<String>> hostname) {
        Optional<String> givenName = s.single("name");
        String bind = s.single("bind").orElseThrow(() -> new UsageException(PREFIX + "missing --bind (or " + BIND_ENV
                + "): HOST:PORT to listen on, as 127.0.0.1:7946"));
        if (givenName.isPresent()) {
            try {
                NodeId.checkName(givenName.get());
            } catch (InvalidNodeIdException e) {
                throw new UsageException(PREFIX + "invalid " + s.where("name") + " '" + givenName.get() + "': " + rule());
            }
        }
        Address at;
        try {
            at = Address.parse(bind);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(PREFIX + "invalid " + s.where("bind") + " '" + bind + "': " + e.getMessage());
        }
        String name = givenName.orElseGet(() -> derivedName(at, hostname));
        List<Address> seeds = new ArrayList<>();
        for (String seed : s.all("seed")) {
            seeds.add(seed(seed, s.where("seed")));
        }
        LogLevel level = LogLevel.INFO;
        Optional<String> levelText = s.single("log-level");
        if (levelText.isPresent()) {
            level = LogLevel.parse(levelText.get()).orElseThrow(() -> new UsageException(PREFIX + "invalid "
                    + s.where("log-level") + " '" + levelText.get() + "': one of " + LogLevel.ALLOWED));
        }
        Optional<HttpAddress> http = s.single("http").map(h -> http(h, s.where("http")));
        ClusterConfig.Builder b = ClusterConfig.builder(name).bind(at.host(), at.port());
        String field = "name";
        try {
            field = "profile";
            if (s.single("profile").isPresent()) {
                b.profile(Profile.parse(s.single("profile").get()));
            }
            field = "transport";
            if (s.single("transport").isPresent()) {
                b.transport(s.single("transport").get());
            }
            field = "tag";
            for (String t : s.all("tag")) {
                String[] kv = keyValue(t, s.where("tag"));
                b.tag(kv[0], kv[1]);
            }
            field = "option";
            for (String o : s.all("option")) {
                String[] kv = keyValue(o, s.where("option"));
                b.option(kv[0], kv[1]);
            }
            Optional<String> dns = s.single("seed-dns");
            Optional<String> dnsServer = s.single("dns-server");
            if (dnsServer.isPresent() && dns.isEmpty()) {
                throw new UsageException(PREFIX + s.where("dns-server") + " needs --seed-dns NAME: the server answers "
                        + "for that name");
            }
            field = "seed-dns";
            if (dns.isPresent()) {
                b.option(DNS_NAME, dns.get());
            }
            field = "dns-server";
            if (dnsServer.isPresent()) {
                b.option(DNS_SERVER, seed(dnsServer.get(), s.where("dns-server")).toString());
            }
            field = "secret-file";
            if (s.single("secret-file").isPresent()) {
                b.secret(Secret.fromFile(Path.of(s.single("secret-file").get())));
            } else if (s.single(SECRET_TEXT).isPresent()) {
                field = SECRET_ENV;
                b.secret(Secret.ofText(s.single(SECRET_TEXT).get()));
            }
            field = "label";
            if (s.single("label").isPresent()) {
                b.label(s.single("label").get());
            }
            Optional<String> encrypt = s.single("encrypt");
            if (encrypt.isPresent()) {
                Encryption mode = encryption(encrypt.get(), s.where("encrypt"));
                if (mode != Encryption.OFF && s.single("secret-file").isEmpty() && s.single(SECRET_TEXT).isEmpty()) {
                    throw new UsageException(PREFIX + s.where("encrypt") + " needs a secret: the keys that seal are derived "
                            + "from it; give --secret-file FILE (or set " + SECRET_FILE_ENV + " or " + SECRET_ENV
                            + "), or leave encryption off");
                }
                b.encryption(mode);
            }
            field = "";
            return new AgentArgs(b.build(), List.copyOf(seeds), dns, http, level);
        } catch (InvalidConfigException e) {
            if (field.isEmpty()) {
                field = Json.snake(e.field()).replace('_', '-');
            }
            String where = field.equals(SECRET_ENV) ? "environment variable " + SECRET_ENV : s.where(field);
            String value = field.equals("secret-file") || field.equals(SECRET_ENV) ? "" : " '" + e.value().replace("'", "") + "'";
            if (field.equals("secret-file") && s.single("secret-file").isPresent()) {
                value = " '" + s.single("secret-file").get() + "'";
            }
            throw new UsageException(PREFIX + "invalid " + where + value + ": " + e.allowed());
        }
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

    private static String rule() {
        return "a node name starts with a letter, then letters, digits, '_' or '-', at most 64 characters";
    }

    private static String[] keyValue(String text, String where) {
        int kv = text.indexOf('=');
        if (kv <= 0) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + text + "': KEY=VALUE with a non-empty key");
        }
        return new String[] {text.substring(0, kv), text.substring(kv + 1)};
    }

    private static HttpAddress http(String text, String where) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + text + "': HOST:PORT with a port from 0 to 65535 "
                    + "(0: any free port), as 127.0.0.1:8080");
        }
        return new HttpAddress(host, port);
    }

    private static Address seed(String value, String where) {
        try {
            if (value.indexOf('@') >= 0) {
                return NodeId.parse(value).address();
            }
            return Address.parse(value);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(PREFIX + "invalid " + where + " '" + value + "': [NAME@]HOST:PORT (" + e.getMessage() + ")");
        }
    }
}
