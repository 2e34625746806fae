/**
 * Datagram transport for Chorus packets (probes and gossip): provider id {@code udp}, priority 20.
 * It carries packets only; full-state exchange needs a stream transport next to it
 * ({@code io.chorus:chorus-transport-tcp}).
 *
 * <p>Options (in {@code ClusterConfig.options()} or the agent's JSON config). A value out of range
 * fails {@code Chorus.create} with an {@link io.chorus.api.InvalidConfigException} naming the key,
 * the value and the range, before any socket is opened. 1400 bytes of packet budget fit an Ethernet
 * MTU of 1500 with IPv6 and tunnel headers to spare.
 * <!-- options: generated from the declarations (Provider.options()) by the agent's OptionsReferenceTest; do not edit -->
 * <table>
 *   <caption>Options of io.chorus.transport.udp (docs/options.md lists every module's)</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code transport.udp.packet-budget}</td><td>bytes</td><td>1400</td><td>512 to 65507</td>
 *       <td>the largest packet sent or accepted; a longer send is refused, never truncated, and a longer datagram received is dropped</td></tr>
 *   <tr><td>{@code transport.udp.receive-buffer}</td><td>bytes</td><td>4194304 (4 MiB)</td><td>65536 (64 KiB) to 67108864 (64 MiB)</td>
 *       <td>the socket receive buffer asked of the operating system, which may cap it (on Linux, net.core.rmem_max)</td></tr>
 *   <tr><td>{@code transport.udp.send-buffer}</td><td>bytes</td><td>4194304 (4 MiB)</td><td>65536 (64 KiB) to 67108864 (64 MiB)</td>
 *       <td>the socket send buffer asked of the operating system, which may cap it (on Linux, net.core.wmem_max)</td></tr>
 * </table>
 * <!-- end of options -->
 *
 * <p>Binding: {@code bindHost:bindPort}; port 0 picks a free port. An IPv4 bind host opens an
 * IPv4 socket ({@code 0.0.0.0}: every IPv4 interface); an IPv6 one opens an IPv6 socket
 * ({@code ::}: every interface, IPv4 too where the system is dual-stack). A port in use or an
 * address this machine lacks fails {@code create} with an {@link io.chorus.api.ChorusException}
 * naming the address.
 *
 * <p>The advertised address ({@code Transport.localAddress()}, the one in this node's id): the
 * port is {@code advertisePort}, or the bound port when that is 0. The host is
 * {@code advertiseHost} when set; else the bind host unless it is a wildcard; else, for
 * {@code 0.0.0.0} or {@code ::}, the first site-local address (10/8, 172.16/12, 192.168/16,
 * fec0::/10) of an interface that is up and not loopback, or else the first other such address
 * that is not link-local, IPv4 before IPv6 ({@code 0.0.0.0} considers IPv4 only), interfaces in
 * index order; with none, {@code 127.0.0.1}. On a machine with several networks, set the
 * advertise address rather than rely on this guess.
 *
 * <p>Destinations given as hostnames are looked up on a background thread and the answer is kept
 * for 30 seconds, so a send never waits on DNS; packets to a hostname not resolved yet are
 * dropped, as a lossy network would. Advertise IP addresses to avoid the look-ups.
 *
 * <p>Threads: one daemon receive thread named {@code chorus-udp-<port>}, and a resolver thread
 * {@code chorus-udp-<port>-resolver} only while hostnames are being looked up. {@code close()}
 * stops both and releases the port.
 *
 * @provides io.chorus.api.spi.TransportProvider
 */
module io.chorus.transport.udp {
    requires io.chorus.api;
    requires org.slf4j;

    provides io.chorus.api.spi.TransportProvider with io.chorus.transport.udp.UdpTransportProvider;
}
