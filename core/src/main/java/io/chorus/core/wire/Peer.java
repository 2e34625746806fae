package io.chorus.core.wire;

import io.chorus.api.Address;
import io.chorus.api.NodeId;
import java.nio.charset.StandardCharsets;

/**
 * A node id with its wire encoding, interned so that decoding a known id allocates nothing. The
 * encoding is {@code nameLen u8, name, hostKind u8, host, port u16}: host kind 0 is an IPv4 literal in
 * four bytes, any other value is the length of the host text.
 */
public final class Peer {
    final NodeId id;
    final Address address;
    final byte[] wire;
    final int hash;
    final int nameHash;

    Peer(NodeId id, byte[] wire, int hash) {
        this.id = id;
        this.nameHash = spread(id.name().hashCode());
        this.address = id.address();
        this.wire = wire;
        this.hash = hash;
    }

    /**
     * @param id the id
     * @return a peer with its encoding computed (not interned)
     */
    public static Peer of(NodeId id) {
        byte[] wire = encode(id);
        return new Peer(id, wire, hash(wire, 0, wire.length));
    }

    /** @return the node id */
    public NodeId id() {
        return id;
    }

    /** @return the node's name */
    public String name() {
        return id.name();
    }

    /** @return a hash of the whole encoded id (name and address) */
    public int wireHash() {
        return hash;
    }

    /** @return a well-mixed hash of the name, the key of member tables */
    public int nameHash() {
        return nameHash;
    }

    private static int spread(int h) {
        h *= 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    /** @return where the node is reached */
    public Address address() {
        return address;
    }

    /** @return the encoded length */
    public int wireLength() {
        return wire.length;
    }

    /**
     * @param dst destination buffer
     * @param pos where to write
     * @return the position after the id
     */
    public int writeTo(byte[] dst, int pos) {
        System.arraycopy(wire, 0, dst, pos, wire.length);
        return pos + wire.length;
    }

    static byte[] encode(NodeId id) {
        byte[] name = id.name().getBytes(StandardCharsets.US_ASCII);
        byte[] ipv4 = ipv4(id.host());
        byte[] host = ipv4 != null ? ipv4 : id.host().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[1 + name.length + 1 + host.length + 2];
        int p = 0;
        out[p++] = (byte) name.length;
        System.arraycopy(name, 0, out, p, name.length);
        p += name.length;
        out[p++] = (byte) (ipv4 != null ? 0 : host.length);
        System.arraycopy(host, 0, out, p, host.length);
        p += host.length;
        out[p++] = (byte) (id.port() >>> 8);
        out[p] = (byte) id.port();
        return out;
    }

    /** @return four bytes for a canonical dotted quad (no leading zeros), else null */
    private static byte[] ipv4(String host) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
