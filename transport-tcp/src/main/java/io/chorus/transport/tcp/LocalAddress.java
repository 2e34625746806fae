package io.chorus.transport.tcp;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Iterator;

/** Works out the address others should dial, and turns socket addresses into {@link Address}es. */
final class LocalAddress {
    static final String FALLBACK_HOST = "127.0.0.1";

    private LocalAddress() {
    }

    /**
     * The advertised host and port when set (an advertised port of 0 means the bound port); else
     * the bind host; for a wildcard bind, the first site-local address of an up interface, else its
     * first other address that is not loopback or link-local, else {@value #FALLBACK_HOST}.
     *
     * @param config the node's config
     * @param bindAddress the configured bind host, resolved: an IPv4 wildcard advertises IPv4 only
     *     (the socket's own address does not tell, as a dual-stack socket reports {@code ::})
     * @param boundPort the port the listener is bound to
     * @return the address to advertise
     */
    static Address advertised(ClusterConfig config, InetAddress bindAddress, int boundPort) {
        int port = config.advertisePort() != 0 ? config.advertisePort() : boundPort;
        if (config.advertiseHost().isPresent()) {
            return new Address(config.advertiseHost().get(), port);
        }
        if (!bindAddress.isAnyLocalAddress()) {
            return new Address(config.bindHost(), port);
        }
        return new Address(interfaceHost(bindAddress instanceof Inet4Address), port);
    }

    private static String interfaceHost(boolean ipv4Only) {
        InetAddress siteLocal = null;
        InetAddress other = null;
        try {
            Iterator<NetworkInterface> interfaces = NetworkInterface.networkInterfaces().iterator();
            while (interfaces.hasNext() && siteLocal == null) {
                NetworkInterface nif = interfaces.next();
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                Iterator<InetAddress> addresses = nif.inetAddresses().iterator();
                while (addresses.hasNext()) {
                    InetAddress a = addresses.next();
                    if ((ipv4Only && !(a instanceof Inet4Address)) || a.isLoopbackAddress() || a.isLinkLocalAddress()
                            || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                        continue;
                    }
                    if (a.isSiteLocalAddress()) {
                        siteLocal = a;
                        break;
                    }
                    if (other == null) {
                        other = a;
                    }
                }
            }
        } catch (SocketException e) {
            return FALLBACK_HOST;
        }
        if (siteLocal != null) {
            return host(siteLocal);
        }
        return other != null ? host(other) : FALLBACK_HOST;
    }

    /**
     * @param socketAddress a resolved socket address
     * @return it as an {@link Address}; an IPv6 scope id is dropped
     */
    static Address of(InetSocketAddress socketAddress) {
        return new Address(host(socketAddress.getAddress()), socketAddress.getPort());
    }

    private static String host(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope >= 0 ? text.substring(0, scope) : text;
    }

    /**
     * @param host a host
     * @param port a port, possibly 0
     * @return {@code host:port}, with brackets around an IPv6 host
     */
    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
