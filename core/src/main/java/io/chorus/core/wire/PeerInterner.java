package io.chorus.core.wire;

import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns {@link Peer}s by their wire bytes: decoding an id already seen allocates nothing. Not
 * thread-safe: used from one protocol loop (or, in the simulator, shared by every node of the
 * single simulation thread, which keeps 10,000-node runs in memory).
 */
public final class PeerInterner {
    private Peer[] table = new Peer[64];
    private int[] hashes = new int[64];
    private int size;

    /**
     * @param id an id
     * @return the interned peer for it
     */
    public Peer intern(NodeId id) {
        Peer fresh = Peer.of(id);
        Peer known = find(fresh.wire, 0, fresh.wire.length, fresh.hash);
        if (known != null) {
            return known;
        }
        add(fresh);
        return fresh;
    }

    /** @return how many peers are interned */
    public int size() {
        return size;
    }

    /**
     * Decodes the id at {@code r}'s position, interning it.
     *
     * @param r the reader
     * @return the peer
     * @throws CodecException if the bytes are not a valid id
     */
    public Peer read(WireReader r) throws CodecException {
        byte[] b = r.buf;
        int start = r.pos;
        int nameLen = r.u8();
        if (nameLen == 0 || nameLen > NodeId.MAX_NAME_LENGTH) {
            throw new CodecException("node id at " + start + ": name length " + nameLen + " out of range 1-64");
        }
        r.skip(nameLen);
        int hostKind = r.u8();
        r.skip(hostKind == 0 ? 4 : hostKind);
        r.skip(2);
        int len = r.pos - start;
        int h = Peer.hash(b, start, len);
        Peer known = find(b, start, len, h);
        if (known != null) {
            return known;
        }
        String name = new String(b, start + 1, nameLen, StandardCharsets.ISO_8859_1);
        int hp = start + 1 + nameLen + 1;
        String host;
        if (hostKind == 0) {
            host = (b[hp] & 0xff) + "." + (b[hp + 1] & 0xff) + "." + (b[hp + 2] & 0xff) + "." + (b[hp + 3] & 0xff);
            hp += 4;
        } else {
            host = new String(b, hp, hostKind, StandardCharsets.ISO_8859_1);
            hp += hostKind;
        }
        int port = ((b[hp] & 0xff) << 8) | (b[hp + 1] & 0xff);
        NodeId id;
        try {
            id = new NodeId(name, host, port);
        } catch (InvalidNodeIdException e) {
            throw new CodecException("node id at " + start + ": " + e.getMessage());
        }
        Peer p = new Peer(id, Arrays.copyOfRange(b, start, start + len), h);
        if (!Arrays.equals(p.wire, Peer.encode(id))) {
            // a non-canonical encoding of a valid id (say an IPv4 written as text): refuse it, so
            // that one id has exactly one encoding and interning stays sound
            throw new CodecException("node id at " + start + ": non-canonical encoding of " + id);
        }
        add(p);
        return p;
    }

    /**
     * Forgets every peer but those given: bounds what garbage ids off the network can cost.
     *
     * @param keep the peers to keep
     * @param count how many of {@code keep} to read
     */
    public void retain(Peer[] keep, int count) {
        table = new Peer[Math.max(64, Integer.highestOneBit(Math.max(1, count) * 4))];
        hashes = new int[table.length];
        size = 0;
        for (int i = 0; i < count; i++) {
            if (find(keep[i].wire, 0, keep[i].wire.length, keep[i].hash) == null) {
                add(keep[i]);
            }
        }
    }

    private Peer find(byte[] b, int off, int len, int h) {
        Peer[] t = table;
        int[] hs = hashes;
        int mask = t.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Peer p = t[i];
            // an empty slot first: its hash reads 0, which is also a real hash
            if (p == null) {
                return null;
            }
            if (hs[i] == h && p.wire.length == len && Arrays.equals(p.wire, 0, len, b, off, off + len)) {
                return p;
            }
        }
    }

    private void add(Peer p) {
        if ((size + 1) * 2 > table.length) {
            Peer[] old = table;
            table = new Peer[old.length * 2];
            hashes = new int[old.length * 2];
            for (Peer q : old) {
                if (q != null) {
                    place(q);
                }
            }
        }
        place(p);
        size++;
    }

    private void place(Peer p) {
        int mask = table.length - 1;
        int i = p.hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = p;
        hashes[i] = p.hash;
    }
}
