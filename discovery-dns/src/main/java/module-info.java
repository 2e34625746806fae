/**
 * Seeds from DNS A/AAAA and SRV records, re-resolved while the cluster runs: discovery provider id
 * {@code dns}, priority 20. Lookups go through the JDK's DNS provider (JNDI, module
 * {@code jdk.naming.dns}, found by {@code java.naming}'s service binding; with jlink, add it or use
 * {@code --bind-services}).
 *
 * <p>Options (in {@code ClusterConfig.options()} or the agent's JSON config). A name starting with
 * {@code _} ({@code _chorus._udp.chorus.default.svc.cluster.local}) is looked up as SRV records:
 * each record gives a target host and a port; targets are tried by priority, lowest first, and
 * within one priority in the weighted random order of RFC 2782, and each target's A and AAAA records
 * are looked up in turn (a target of {@code .} or port 0 is skipped). Any other name is looked up as
 * A and AAAA records, each address with {@code discovery.dns.port}. One lookup, SRV targets
 * included, takes at most {@code timeout x (1 + retries)} (6 s by default), then fails. Durations
 * are written {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601. A bad value fails
 * {@code Chorus.create} with an {@link io.chorus.api.InvalidConfigException} naming the key, the
 * value and what is allowed, before anything is looked up.
 * <!-- options: generated from the declarations (Provider.options()) by the agent's OptionsReferenceTest; do not edit -->
 * <table>
 *   <caption>Options of io.chorus.discovery.dns (docs/options.md lists every module's)</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code discovery.dns.interval}</td><td>duration</td><td>30s</td><td>100ms to 24h</td>
 *       <td>how often the name is looked up again while the node runs; it is also looked up before every join attempt</td></tr>
 *   <tr><td>{@code discovery.dns.name}</td><td>text</td><td>none: the provider is inactive and finds no seeds</td><td>a DNS name such as chorus.example.org (A/AAAA records) or _chorus._udp.example.org (SRV records, a name starting with '_'): labels of 1 to 63 letters, digits, '-' or '_', at most 253 characters, a trailing dot allowed</td>
 *       <td>the name to look up: one starting with _ (_chorus._udp.chorus.default.svc.cluster.local) as SRV records, tried by priority and RFC 2782 weight; any other as A and AAAA records, each address with discovery.dns.port</td></tr>
 *   <tr><td>{@code discovery.dns.port}</td><td>integer</td><td>the node's bind port</td><td>1 to 65535</td>
 *       <td>the port of the addresses in A/AAAA answers (SRV answers carry their own); required for an A/AAAA name when the node binds port 0</td></tr>
 *   <tr><td>{@code discovery.dns.retries}</td><td>integer</td><td>2</td><td>0 to 10</td>
 *       <td>how many times a query that got no answer (timeout, unreachable server, SERVFAIL) is sent again; one lookup takes at most timeout x (1 + retries)</td></tr>
 *   <tr><td>{@code discovery.dns.server}</td><td>text</td><td>the system resolver (/etc/resolv.conf)</td><td>HOST:PORT of a DNS server, as 10.0.0.2:53 or [fd00::2]:53 (a host alone means port 53)</td>
 *       <td>the DNS server to ask</td></tr>
 *   <tr><td>{@code discovery.dns.timeout}</td><td>duration</td><td>2s</td><td>10ms to 1m</td>
 *       <td>how long one query waits for an answer</td></tr>
 * </table>
 * <!-- end of options -->
 *
 * <p>Answers: the addresses found, as IP literals, without duplicates and without the node's own
 * bind and advertised addresses. A failed lookup (no such name, a server that refuses, does not
 * answer or is unreachable) throws an {@link io.chorus.api.ChorusException} naming the name, the
 * server and the cause; the engine logs it and asks again at the next join retry or interval, so a
 * node starts, and keeps the seeds it knew, while DNS is down. An SRV target that fails is skipped
 * with a warning as long as another target answers. A name that exists with no record of the type
 * asked gives no seeds.
 *
 * @provides io.chorus.api.spi.DiscoveryProvider
 */
module io.chorus.discovery.dns {
    requires io.chorus.api;
    requires java.naming;
    requires org.slf4j;

    provides io.chorus.api.spi.DiscoveryProvider with io.chorus.discovery.dns.DnsDiscoveryProvider;
}
