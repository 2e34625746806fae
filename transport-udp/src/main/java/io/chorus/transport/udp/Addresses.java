package io.chorus.transport.udp;

import io.chorus.api.Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Conversions between socket addresses and Chorus {@link Address}es. */
final class Addresses {
    private Addresses() {
    }

    /**
     * @param address an IPv4 or IPv6 address
     * @return its text: dotted quad, or IPv6 in the RFC 5952 short form ({@code ::1}, {@code fd00::2})
     *     without a scope, so that one address always has one spelling
     */
    static String hostText(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i >= 2 && j - i > runLength) {
                runStart = i;
                runLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * @param socket a resolved socket address
     * @return it as an {@link Address}
     * @throws io.chorus.api.InvalidNodeIdException if the port is 0
     */
    static Address of(InetSocketAddress socket) {
        return new Address(hostText(socket.getAddress()), socket.getPort());
    }

    /**
     * @param host a host already validated by {@link Address}
     * @return whether it is an IPv4 or IPv6 literal, which needs no name look-up
     */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param host a host, possibly IPv6
     * @param port a port, possibly 0
     * @return {@code host:port}, or {@code [v6]:port}
     */
    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
