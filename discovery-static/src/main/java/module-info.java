/**
 * Seeds from configuration: discovery provider id {@code static}, priority 10. The directory and
 * artifact say "static"; the module is {@code io.chorus.discovery.fixed} because {@code static} is a
 * Java keyword.
 *
 * <p>Settings: {@code ClusterConfig.seeds()} (the agent's {@code --seed} flags and the JSON config's
 * seeds). Each entry is {@code name@host:port} or {@code host:port}; the host is an IPv4 literal, an
 * IPv6 literal in brackets ({@code [fd00::1]:7946}) or a hostname; the port is 1 to 65535; the name,
 * when given, follows the node-name rule (a letter, then letters, digits, {@code _} or {@code -}, at
 * most 64 characters) and is only checked: the engine reaches a seed by its address. No entries
 * (the default): no seeds, and a node that joins starts a cluster of its own.
 *
 * <p>Every entry is checked when the discovery is created, before the node starts: a malformed one
 * fails {@code create} with an {@link io.chorus.api.InvalidConfigException} whose field is
 * {@code seeds[i]} (counted from 0), with the entry and the allowed form. Duplicate addresses are
 * kept once, in order of first appearance; the node's own bind address and advertised address are
 * removed. The list never changes while the node runs, so it is not re-read periodically.
 *
 * @provides io.chorus.api.spi.DiscoveryProvider
 */
module io.chorus.discovery.fixed {
    requires io.chorus.api;

    provides io.chorus.api.spi.DiscoveryProvider with io.chorus.discovery.fixed.StaticDiscoveryProvider;
}
