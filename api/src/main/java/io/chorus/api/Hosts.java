package io.chorus.api;

/** Validation of the host part of node ids and addresses. No DNS look-ups, no allocation on success. */
final class Hosts {
    private Hosts() {
    }

    /**
     * @return null when {@code host} is a valid IPv4 literal, IPv6 literal (no brackets) or
     *     hostname, else the rule it broke
     */
    static String problem(String host) {
        if (host.isEmpty()) {
            return "the host is empty";
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host) ? null : "'" + host + "' is not a valid IPv6 address";
        }
        if (looksNumeric(host)) {
            return isIpv4(host) ? null
                    : "'" + host + "' is not a valid IPv4 address (four numbers 0-255, no leading zeros)";
        }
        return hostnameProblem(host);
    }

    static boolean isIpv6Literal(String host) {
        return host.indexOf(':') >= 0;
    }

    private static boolean looksNumeric(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String s) {
        return ipv4End(s, 0) == s.length();
    }

    /** @return the index after a dotted quad starting at {@code from}, or -1 */
    private static int ipv4End(String s, int from) {
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < s.length() && i - start < 4 && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
        }
        return i;
    }

    private static boolean isIpv6(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int start = i;
            while (i < n && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                if (ipv4End(s, start) != n) {
                    return false;
                }
                groups += 2;
                i = n;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false;
            }
        }
        return compressed ? groups < 8 : groups == 8;
    }

    private static String hostnameProblem(String host) {
        if (host.length() > 253) {
            return "hostname '" + host.substring(0, 20) + "...' is longer than 253 characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63) {
                    return "hostname '" + host + "' has an empty label or one longer than 63 characters";
                }
                if (host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
                    return "hostname '" + host + "' has a label that starts or ends with '-'";
                }
                labelStart = i + 1;
                continue;
            }
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return "hostname '" + host + "' may hold only letters, digits, '-' and '.' (found '" + c + "')";
            }
        }
        return null;
    }

    /** Splits {@code host:port} or {@code [v6]:port} from {@code text} starting at {@code from}. */
    static Object[] splitHostPort(String text, int from, String what) {
        String rest = text.substring(from);
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new InvalidNodeIdException(what + " '" + text
                        + "': an IPv6 host must be written in brackets and followed by :port, as [::1]:7946");
            }
            host = rest.substring(1, close);
            if (host.indexOf(':') < 0) {
                throw new InvalidNodeIdException(what + " '" + text + "': brackets are only for IPv6 hosts");
            }
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidNodeIdException(what + " '" + text + "' has no port: expected host:port");
            }
            host = rest.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new InvalidNodeIdException(what + " '" + text
                        + "': an IPv6 host must be written in brackets, as [::1]:7946");
            }
            port = rest.substring(colon + 1);
        }
        return new Object[] {host, parsePort(port, text, what)};
    }

    static int parsePort(String port, String text, String what) {
        if (port.isEmpty() || port.length() > 5) {
            throw new InvalidNodeIdException(what + " '" + text + "': port '" + port + "' must be a number from 1 to 65535");
        }
        int value = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidNodeIdException(what + " '" + text + "': port '" + port + "' must be a number from 1 to 65535");
            }
            value = value * 10 + (c - '0');
        }
        checkPort(value, what + " '" + text + "'");
        return value;
    }

    static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new InvalidNodeIdException(what + ": port " + port + " is out of range 1-65535");
        }
    }

    static void checkHost(String host, String what) {
        String problem = problem(host);
        if (problem != null) {
            throw new InvalidNodeIdException(what + ": " + problem);
        }
    }

    static String format(String host, int port) {
        return (isIpv6Literal(host) ? "[" + host + "]" : host) + ":" + port;
    }
}
