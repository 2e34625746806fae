package io.chorus.transport.udp;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The address others should dial, derived from the config and the bound socket.
 *
 * <ol>
 *   <li>The port is {@code advertisePort} when it is set, else the bound port (which is the
 *       chosen free port when {@code bindPort} was 0).</li>
 *   <li>The host is {@code advertiseHost} when it is set, as written.</li>
 *   <li>Else the bind host when it is not a wildcard: a hostname as written, an IP literal in
 *       its one canonical spelling (so it equals the sender address peers see).</li>
 *   <li>Else ({@code 0.0.0.0} or {@code ::}) an address of this machine: among the addresses of
 *       the interfaces that are up and not loopback, in interface order, the first site-local one
 *       (10/8, 172.16/12, 192.168/16, fec0::/10, as {@link InetAddress#isSiteLocalAddress()} says),
 *       else the first other one; link-local, multicast and wildcard addresses never count, IPv4
 *       comes before IPv6, and {@code 0.0.0.0} considers IPv4 only. With none at all,
 *       {@code 127.0.0.1}: the node can still talk to others on the same machine.</li>
 * </ol>
 * A machine with several networks may guess wrong; set {@code advertise} to say which.
 */
final class AdvertisedAddress {
    /** The host advertised when a wildcard bind finds no usable interface address. */
    static final String FALLBACK_HOST = "127.0.0.1";

    private AdvertisedAddress() {
    }

    /**
     * @param config the node's config
     * @param bindAddress the address that was bound (resolved from {@code config.bindHost()})
     * @param boundPort the port that was bound
     * @return the address others should dial
     */
    static Address of(ClusterConfig config, InetAddress bindAddress, int boundPort) {
        int port = config.advertisePort() != 0 ? config.advertisePort() : boundPort;
        if (config.advertiseHost().isPresent()) {
            return new Address(config.advertiseHost().get(), port);
        }
        if (!bindAddress.isAnyLocalAddress()) {
            String host = Addresses.isLiteral(config.bindHost()) ? Addresses.hostText(bindAddress) : config.bindHost();
            return new Address(host, port);
        }
        return new Address(choose(interfaceAddresses(), bindAddress instanceof Inet4Address), port);
    }

    /**
     * The wildcard rule, apart from the machine so it can be tested.
     *
     * @param candidates addresses of up, non-loopback interfaces, in interface order
     * @param ipv4Only whether only IPv4 addresses may be chosen
     * @return the chosen host, or {@link #FALLBACK_HOST}
     */
    static String choose(List<InetAddress> candidates, boolean ipv4Only) {
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress a : candidates) {
            boolean excluded = a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || (ipv4Only && !(a instanceof Inet4Address));
            if (!excluded) {
                usable.add(a);
            }
        }
        // a stable sort keeps interface order within each rank
        usable.sort(Comparator.comparingInt(AdvertisedAddress::rank));
        return usable.isEmpty() ? FALLBACK_HOST : Addresses.hostText(usable.get(0));
    }

    private static int rank(InetAddress a) {
        int family = a instanceof Inet6Address ? 1 : 0;
        return a.isSiteLocalAddress() ? family : 2 + family;
    }

    private static List<InetAddress> interfaceAddresses() {
        List<NetworkInterface> interfaces;
        try {
            interfaces = NetworkInterface.networkInterfaces()
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
                    .toList();
        } catch (SocketException | RuntimeException e) {
            return List.of();
        }
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface ni : interfaces) {
            try {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
            } catch (SocketException e) {
                continue;
            }
            ni.inetAddresses().forEach(out::add);
        }
        return out;
    }
}
