package io.chorus.discovery.dns;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.Option;
import io.chorus.api.Options;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The DNS provider's options, read and checked once, in {@code create}.
 *
 * @param name the name to look up; empty: the provider is inactive
 * @param server the DNS server; empty: the system resolver
 * @param port the port given to A/AAAA answers (SRV answers carry their own)
 * @param timeout how long one query waits for an answer
 * @param retries how many times a query that got no answer is sent again
 * @param interval how often the name is looked up again while the node runs
 */
record DnsSettings(Optional<String> name, Optional<Address> server, int port, Duration timeout, int retries,
        Duration interval) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_RETRIES = 2;
    static final int MAX_RETRIES = 10;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    /** The DNS port, when {@code discovery.dns.server} names a host alone. */
    static final int DNS_PORT = 53;

    private static final String NAME_FORM = "a DNS name such as chorus.example.org (A/AAAA records) or "
            + "_chorus._udp.example.org (SRV records, a name starting with '_'): labels of 1 to 63 letters, digits, "
            + "'-' or '_', at most 253 characters";
    private static final String SERVER_FORM = "HOST:PORT of a DNS server, as 10.0.0.2:53 or [fd00::2]:53 (a host alone "
            + "means port 53)";

    /** Option: the name, {@code _service._proto.domain} for SRV records, any other for A/AAAA records; blank counts as unset. */
    static final Option<String> NAME = Option.text("discovery.dns.name", "the name to look up: one starting with _ "
            + "(_chorus._udp.chorus.default.svc.cluster.local) as SRV records, tried by priority and RFC 2782 weight; any "
            + "other as A and AAAA records, each address with discovery.dns.port")
            .whenUnset("none: the provider is inactive and finds no seeds")
            .withCheck(NAME_FORM + ", a trailing dot allowed", raw -> raw.isBlank() ? "" : checkName(raw.trim()));
    /** Option: the DNS server, {@code HOST:PORT}. */
    static final Option<String> SERVER = Option.text("discovery.dns.server", "the DNS server to ask")
            .whenUnset("the system resolver (/etc/resolv.conf)")
            .withCheck(SERVER_FORM, raw -> {
                parseServer(raw);
                return raw;
            });
    /** Option: the port for A/AAAA answers. */
    static final Option<Integer> PORT = Option.integer("discovery.dns.port", 1, 65535, "the port of the addresses in "
            + "A/AAAA answers (SRV answers carry their own); required for an A/AAAA name when the node binds port 0")
            .whenUnset("the node's bind port");
    /** Option: the time one query waits. */
    static final Option<Duration> TIMEOUT = Option.duration("discovery.dns.timeout", DEFAULT_TIMEOUT, MIN_TIMEOUT,
            MAX_TIMEOUT, "how long one query waits for an answer");
    /** Option: extra attempts of a query that got no answer. */
    static final Option<Integer> RETRIES = Option.integer("discovery.dns.retries", DEFAULT_RETRIES, 0, MAX_RETRIES,
            "how many times a query that got no answer (timeout, unreachable server, SERVFAIL) is sent again; one lookup "
                    + "takes at most timeout x (1 + retries)");
    /** Option: the re-resolution period. */
    static final Option<Duration> INTERVAL = Option.duration("discovery.dns.interval", DEFAULT_INTERVAL, MIN_INTERVAL,
            MAX_INTERVAL, "how often the name is looked up again while the node runs; it is also looked up before every "
                    + "join attempt");
    /** The options read here. */
    static final List<Option<?>> OPTIONS = List.of(NAME, SERVER, PORT, TIMEOUT, RETRIES, INTERVAL);

    DnsSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
    }

    /** @return whether the name is looked up as SRV records */
    boolean srv() {
        return name.map(n -> n.startsWith("_")).orElse(false);
    }

    /** @return the longest one {@code discover()} takes: every attempt of every query shares it */
    Duration budget() {
        return timeout.multipliedBy(retries + 1L);
    }

    /** @return the server as written in messages */
    String serverText() {
        return server.map(Address::toString).orElse("the system resolver");
    }

    /**
     * @param config the node's config, for the default port
     * @param options the provider options
     * @return the settings, defaults filled in
     * @throws InvalidConfigException naming the key, the value and what is allowed
     */
    static DnsSettings read(ClusterConfig config, Options options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Optional<String> name = NAME.find(options).filter(s -> !s.isEmpty());
        Optional<Address> server = SERVER.find(options).map(DnsSettings::parseServer);
        Duration timeout = TIMEOUT.read(options);
        int retries = RETRIES.read(options);
        Duration interval = INTERVAL.read(options);
        Optional<Integer> givenPort = PORT.find(options);
        int port;
        if (givenPort.isPresent()) {
            port = givenPort.get();
        } else {
            port = config.bindPort();
            boolean aRecords = name.isPresent() && !name.get().startsWith("_");
            if (port == 0 && aRecords) {
                throw new InvalidConfigException(PORT.key(), "unset", "a port from 1 to 65535: the node binds port 0 "
                        + "(a free port), so the port of the nodes named by " + NAME.key() + " = " + name.get()
                        + " (A/AAAA records) must be given");
            }
        }
        return new DnsSettings(name, server, port, timeout, retries, interval);
    }

    /** Checks a DNS name; a trailing dot is allowed and dropped. */
    static String checkName(String raw) {
        String n = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (n.isEmpty() || n.length() > 253) {
            throw new InvalidConfigException(NAME.key(), "'" + raw + "'", NAME_FORM);
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidConfigException(NAME.key(), "'" + raw + "'", NAME_FORM);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    throw new InvalidConfigException(NAME.key(), "'" + raw + "'", NAME_FORM);
                }
            }
        }
        return n;
    }

    /** Parses {@code HOST:PORT}, {@code [v6]:PORT}, or a host alone (port 53). */
    static Address parseServer(String raw) {
        String s = raw.trim();
        try {
            boolean hasPort = s.startsWith("[") ? s.contains("]:") : s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':');
            if (!hasPort) {
                String host = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
                return new Address(host, DNS_PORT);
            }
            return Address.parse(s);
        } catch (InvalidNodeIdException e) {
            throw new InvalidConfigException(SERVER.key(), "'" + raw + "'", e.getMessage() + "; allowed: " + SERVER_FORM);
        }
    }
}
