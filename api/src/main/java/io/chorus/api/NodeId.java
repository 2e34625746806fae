package io.chorus.api;

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
