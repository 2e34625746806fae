package io.chorus.api;

import java.util.Objects;

/**
 * A network address a node can be reached at: a host (IPv4 literal, IPv6 literal without brackets,
 * or hostname) and a port from 1 to 65535. Written {@code host:port}, or {@code [v6]:port} for IPv6.
 *
 * @param host the host, validated as in {@link NodeId}
 * @param port the port, 1 to 65535
 */
@Stability(Stability.Level.STABLE)
public record Address(String host, int port) {

    /** Validates both parts; a bad one throws {@link InvalidNodeIdException} that names it. */
    public Address {
        Objects.requireNonNull(host, "host");
        String what = "address '" + Hosts.format(host, port) + "'";
        Hosts.checkHost(host, what);
        Hosts.checkPort(port, what);
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port}.
     *
     * @param text the address
     * @return the address
     * @throws InvalidNodeIdException naming the rule the text broke
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        Object[] hp = Hosts.splitHostPort(trimmed, 0, "address");
        Hosts.checkHost((String) hp[0], "address '" + trimmed + "'");
        return new Address((String) hp[0], (Integer) hp[1]);
    }

    /** @return {@code host:port}, with brackets around an IPv6 host */
    @Override
    public String toString() {
        return Hosts.format(host, port);
    }
}
