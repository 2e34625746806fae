package io.chorus.discovery.dns;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.Options;
import java.time.Duration;
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
    /** The name: {@code _service._proto.domain} for SRV records, any other for A/AAAA records. */
    static final String NAME = "discovery.dns.name";
    /** The DNS server, {@code HOST:PORT}. */
    static final String SERVER = "discovery.dns.server";
    /** The port for A/AAAA answers. */
    static final String PORT = "discovery.dns.port";
    /** The time one query waits. */
    static final String TIMEOUT = "discovery.dns.timeout";
    /** Extra attempts of a query that got no answer. */
    static final String RETRIES = "discovery.dns.retries";
    /** The re-resolution period. */
    static final String INTERVAL = "discovery.dns.interval";

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
        Optional<String> name = options.get(NAME).map(String::trim).filter(s -> !s.isEmpty()).map(DnsSettings::checkName);
        Optional<Address> server = options.get(SERVER).map(DnsSettings::parseServer);
        Duration timeout = options.duration(TIMEOUT, DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        int retries = options.intValue(RETRIES, DEFAULT_RETRIES, 0, MAX_RETRIES);
        Duration interval = options.duration(INTERVAL, DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        int port;
        if (options.get(PORT).isPresent()) {
            port = options.intValue(PORT, 0, 1, 65535);
        } else {
            port = config.bindPort();
            boolean aRecords = name.isPresent() && !name.get().startsWith("_");
            if (port == 0 && aRecords) {
                throw new InvalidConfigException(PORT, "unset", "a port from 1 to 65535: the node binds port 0 "
                        + "(a free port), so the port of the nodes named by " + NAME + " = " + name.get()
                        + " (A/AAAA records) must be given");
            }
        }
        return new DnsSettings(name, server, port, timeout, retries, interval);
    }

    /** Checks a DNS name; a trailing dot is allowed and dropped. */
    static String checkName(String raw) {
        String n = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (n.isEmpty() || n.length() > 253) {
            throw new InvalidConfigException(NAME, "'" + raw + "'", NAME_FORM);
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidConfigException(NAME, "'" + raw + "'", NAME_FORM);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    throw new InvalidConfigException(NAME, "'" + raw + "'", NAME_FORM);
                }
            }
        }
        return n;
    }

    /** Parses {@code HOST:PORT}, {@code [v6]:PORT}, or a host alone (port 53). */
    static Address parseServer(String raw) {
        String s = raw.trim();
        String allowed = "HOST:PORT of a DNS server, as 10.0.0.2:53 or [fd00::2]:53 (a host alone means port 53)";
        try {
            boolean hasPort = s.startsWith("[") ? s.contains("]:") : s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':');
            if (!hasPort) {
                String host = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
                return new Address(host, DNS_PORT);
            }
            return Address.parse(s);
        } catch (InvalidNodeIdException e) {
            throw new InvalidConfigException(SERVER, "'" + raw + "'", e.getMessage() + "; allowed: " + allowed);
        }
    }
}
