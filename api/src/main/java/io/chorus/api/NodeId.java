package io.chorus.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The identity of a node: {@code name@host:port}.
 *
 * <ul>
 *   <li>name: starts with a letter, then letters, digits, {@code _} or {@code -}; at most 64
 *       characters;</li>
 *   <li>host: an IPv4 literal, an IPv6 literal (written in brackets in the id), or a hostname;</li>
 *   <li>port: 1 to 65535.</li>
 * </ul>
 *
 * <p>Two nodes with the same name are the same node: a node restarted with the same name is
 * accepted with a higher incarnation, even on a new address.
 *
 * @param name the node name
 * @param host the host others dial, without brackets
 * @param port the port others dial
 */
@Stability(Stability.Level.STABLE)
public record NodeId(String name, String host, int port) {

    /** The longest name allowed. */
    public static final int MAX_NAME_LENGTH = 64;

    /** Validates every part; a bad one throws {@link InvalidNodeIdException} that names the rule. */
    public NodeId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        checkName(name);
        String what = "node id '" + name + "@" + Hosts.format(host, port) + "'";
        Hosts.checkHost(host, what);
        Hosts.checkPort(port, what);
    }

    /**
     * Parses {@code name@host:port} (IPv6 as {@code name@[::1]:7946}).
     *
     * @param text the id
     * @return the node id
     * @throws InvalidNodeIdException naming the rule the text broke
     */
    public static NodeId parse(String text) {
        Objects.requireNonNull(text, "text");
        int at = text.indexOf('@');
        if (at < 0) {
            throw new InvalidNodeIdException("node id '" + text + "' must be name@host:port");
        }
        String name = text.substring(0, at);
        String problem = nameProblem(name);
        if (problem != null) {
            throw new InvalidNodeIdException("node id '" + text + "': " + problem);
        }
        Object[] hp = Hosts.splitHostPort(text, at + 1, "node id");
        Hosts.checkHost((String) hp[0], "node id '" + text + "'");
        return new NodeId(name, (String) hp[0], (Integer) hp[1]);
    }

    /**
     * @param name the node name
     * @param address where the node is reached
     * @return the id
     */
    public static NodeId of(String name, Address address) {
        return new NodeId(name, address.host(), address.port());
    }

    /**
     * A node name derived from an address, for a node nobody named: {@code node-HOST-PORT}, with
     * the host written under the name rule. Use the address others dial (a wildcard bind address
     * names no machine):
     *
     * <pre>{@code
     * ClusterConfig config = ClusterConfig.builder(NodeId.nameFor(new Address("10.0.0.5", 7946)))
     *         .bind("0.0.0.0", 7946).advertise("10.0.0.5", 7946)
     *         .build();
     * }</pre>
     *
     * <ul>
     *   <li>IPv4: the dots become {@code _}: {@code 10.0.0.5:7946} names {@code node-10_0_0_5-7946};</li>
     *   <li>IPv6: the eight groups in lowercase hex without leading zeros, joined by {@code _}, so
     *       every spelling of one address gives one name: {@code [::1]:7946} names
     *       {@code node-0_0_0_0_0_0_0_1-7946}; an IPv4-mapped address ({@code ::ffff:10.0.0.5})
     *       names as its IPv4 address;</li>
     *   <li>hostname: in lowercase, the dots become {@code _}: {@code Web-1.example.org:7946} names
     *       {@code node-web-1_example_org-7946};</li>
     *   <li>a name that would be longer than {@value #MAX_NAME_LENGTH} characters keeps the start of
     *       the host and ends its host part with {@code -} and 8 hex digits of the SHA-256 of the
     *       (lowercase) host, so long hostnames that share a start still get different names.</li>
     * </ul>
     *
     * <p>Deterministic and stable: one address gives one name, in every JVM and every release.
     * Distinct addresses give distinct names, but for the rare hostname made of eight labels that
     * read as IPv6 groups (as {@code a.0.0.0.0.0.0.1}, which names as {@code [a::1]}) and the
     * one-in-four-billion chance that two long hostnames share a start and a hash.
     *
     * <p>There is no name for port 0: a free port is chosen only when the node binds, after it is
     * named; choose the port, or name the node.
     *
     * @param address the address others dial
     * @return a valid node name, at most {@value #MAX_NAME_LENGTH} characters
     * @throws InvalidNodeIdException if the host is a wildcard address ({@code 0.0.0.0} or
     *     {@code ::}): it is the same on every machine, and two nodes with one name are one node
     */
    public static String nameFor(Address address) {
        Objects.requireNonNull(address, "address");
        String host = address.host();
        String written;
        if (Hosts.isIpv6Literal(host) || Hosts.isIpv4(host)) {
            InetAddress ip = literal(host);
            if (ip.isAnyLocalAddress()) {
                throw new InvalidNodeIdException("no node name can be derived from the wildcard address '" + address
                        + "': it is the same on every machine; use the address others dial, or name the node");
            }
            written = ip.getHostAddress();
        } else {
            written = host.toLowerCase(Locale.ROOT);
        }
        String hostPart = written.replace('.', '_').replace(':', '_');
        String port = Integer.toString(address.port());
        int room = MAX_NAME_LENGTH - "node-".length() - 1 - port.length();
        if (hostPart.length() > room) {
            hostPart = hostPart.substring(0, room - 9) + "-" + hash8(written);
        }
        return checkName("node-" + hostPart + "-" + port);
    }

    /** @return the address an IP literal spells; no DNS look-up is made for a literal */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(Hosts.isIpv6Literal(host) ? "[" + host + "]" : host);
        } catch (UnknownHostException e) {
            throw new InvalidNodeIdException("'" + host + "' is not an IP address: " + e.getMessage());
        }
    }

    private static String hash8(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Checks a node name against the rule: a letter first, then letters, digits, {@code _} or
     * {@code -}, at most 64 characters.
     *
     * @param name the name to check
     * @return the name
     * @throws InvalidNodeIdException naming the rule
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        String problem = nameProblem(name);
        if (problem != null) {
            throw new InvalidNodeIdException(problem);
        }
        return name;
    }

    /** @return null when {@code name} follows the rule, else the name and the rule */
    private static String nameProblem(String name) {
        String rule = "a node name starts with a letter, then letters, digits, '_' or '-', at most "
                + MAX_NAME_LENGTH + " characters";
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return "node name '" + name + "' is invalid: " + rule;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '-'));
            if (!ok) {
                return "node name '" + name + "' is invalid: " + rule;
            }
        }
        return null;
    }

    /** @return where this node is reached */
    public Address address() {
        return new Address(host, port);
    }

    /** @return {@code name@host:port}, with brackets around an IPv6 host */
    @Override
    public String toString() {
        return name + "@" + Hosts.format(host, port);
    }
}
