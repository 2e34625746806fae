package io.chorus.core.wire;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Valid packets and frames of every message type, each with the offsets of its length fields, and
 * the mutations fuzz tests apply to them. Deterministic for a given {@link Random}.
 */
public final class WireCorpus {
    /**
     * A valid encoding and where its length-like fields are: message lengths, SYNC counts, id name
     * lengths and host kinds, tag counts, digest bit counts.
     *
     * @param bytes the encoding
     * @param lengthAt offsets of length fields
     */
    public record Sample(byte[] bytes, int[] lengthAt) {
    }

    /** Tags of several shapes: none, one, several with empty and non-ASCII text. */
    public static final List<Tags> TAGS = List.of(Tags.EMPTY, Tags.of(Map.of("zone", "eu-1")),
            Tags.of(Map.of("role", "cache", "rack", "r17", "v", "", "k\u00e9y", "\u2603".repeat(20))));

    private static final int[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 9, 10, 0x3f, 0x40, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff};

    private WireCorpus() {
    }

    /** Builds one sample, recording the offsets of its length fields. */
    private static final class Builder {
        final WireWriter w = new WireWriter(256);
        final List<Integer> lengthAt = new ArrayList<>();
        final List<Peer> peers;
        final List<Tags> tags;

        Builder(List<Peer> peers, List<Tags> tags) {
            this.peers = peers;
            this.tags = tags;
        }

        /** Marks the length field of the message about to be written. */
        void message() {
            lengthAt.add(w.position() + 1);
        }

        Sample done() {
            byte[] b = Arrays.copyOf(w.buffer(), w.position());
            for (Peer p : peers) {
                for (int at = indexOf(b, p.wire, 0); at >= 0; at = indexOf(b, p.wire, at + 1)) {
                    lengthAt.add(at);
                    lengthAt.add(at + 1 + (p.wire[0] & 0xff));
                }
            }
            for (Tags t : tags) {
                if (t.wire.length > 1) {
                    for (int at = indexOf(b, t.wire, 0); at >= 0; at = indexOf(b, t.wire, at + 1)) {
                        lengthAt.add(at);
                        lengthAt.add(at + 1);
                    }
                }
            }
            return new Sample(b, lengthAt.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** @return the peers the corpus speaks of, interned in {@code interner} */
    public static List<Peer> peers(PeerInterner interner) {
        List<Peer> peers = new ArrayList<>();
        for (String id : new String[] {"alpha@10.0.0.1:7946", "beta@[fe80::1]:7946", "gamma@gamma.example.com:7000",
            "d@0.0.0.0:1", "e-5_x@[::ffff:192.168.0.1]:65535", "n" + "x".repeat(63) + "@" + "h".repeat(60) + ".example:8080"}) {
            peers.add(interner.intern(NodeId.parse(id)));
        }
        return peers;
    }

    /**
     * @param interner where the corpus's peers are interned
     * @param rnd the randomness
     * @return valid packets and frames: each message type alone, several together, SYNC frames of
     *     up to a few hundred entries, digests, unknown types
     */
    public static List<Sample> samples(PeerInterner interner, Random rnd) {
        return samples(peers(interner), TAGS, rnd, 40);
    }

    /**
     * @param peers the ids messages speak of and come from
     * @param tags the tags ALIVE messages and SYNC entries carry
     * @param rnd the randomness
     * @param rounds how many of each shape (15 shapes: each message type alone, an unknown type,
     *     several messages together, a name conflict)
     * @return valid packets and frames
     */
    public static List<Sample> samples(List<Peer> peers, List<Tags> tags, Random rnd, int rounds) {
        Codec codec = new Codec(new PeerInterner(), null);
        List<Sample> out = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int shape = 0; shape < 15; shape++) {
                Builder b = new Builder(peers, tags);
                Peer sender = peers.get(rnd.nextInt(peers.size()));
                codec.begin(b.w, sender, rnd.nextInt(1000), rnd.nextInt(2000));
                int messages = shape == 13 ? 2 + rnd.nextInt(12) : 1;
                for (int m = 0; m < messages; m++) {
                    int type = shape == 13 ? 1 + rnd.nextInt(12) : shape == 14 ? Codec.NAME_CONFLICT : shape;
                    write(b, type, peers, tags, rnd);
                }
                codec.finish(b.w);
                out.add(b.done());
            }
        }
        return out;
    }

    private static long incarnation(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return rnd.nextInt(128);
            case 1:
                return rnd.nextInt(1 << 20);
            case 2:
                return Codec.MAX_INCARNATION - rnd.nextInt(3);
            default:
                return rnd.nextLong() >>> 2; // at most 2^62, the largest incarnation on the wire
        }
    }

    private static void write(Builder b, int type, List<Peer> peers, List<Tags> tags, Random rnd) {
        WireWriter w = b.w;
        Peer p = peers.get(rnd.nextInt(peers.size()));
        Peer q = peers.get(rnd.nextInt(peers.size()));
        Tags t = tags.get(rnd.nextInt(tags.size()));
        int seq = rnd.nextBoolean() ? rnd.nextInt(200) : rnd.nextInt(Integer.MAX_VALUE);
        b.message();
        switch (type) {
            case Codec.PING:
                Codec.ping(w, seq, p);
                break;
            case Codec.ACK:
            case Codec.NACK:
                Codec.ack(w, type, seq);
                break;
            case Codec.PING_REQ:
                Codec.pingReq(w, seq, p);
                break;
            case Codec.ALIVE:
            case Codec.SUSPECT:
            case Codec.DEAD:
            case Codec.LEFT:
                Codec.update(w, MemberState.values()[type - Codec.ALIVE], p, incarnation(rnd), q, t,
                        FailureReason.values()[rnd.nextInt(3)]);
                break;
            case Codec.SYNC: {
                int n = rnd.nextInt(4) == 0 ? rnd.nextInt(200) : rnd.nextInt(6);
                int mark = Codec.beginSync(w, rnd.nextInt(4), n);
                b.lengthAt.add(mark + 5);
                for (int i = 0; i < n; i++) {
                    Codec.syncEntry(w, peers.get(rnd.nextInt(peers.size())), MemberState.values()[rnd.nextInt(4)], incarnation(rnd),
                            tags.get(rnd.nextInt(tags.size())));
                }
                Codec.endSync(w, mark);
                break;
            }
            case Codec.DIGEST: {
                int n = rnd.nextInt(300);
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = rnd.nextLong();
                }
                int at = w.position();
                Codec.digest(w, rnd.nextInt(), keys, n);
                int lengthSize = 1;
                while ((w.buffer()[at + lengthSize] & 0x80) != 0) {
                    lengthSize++;
                }
                b.lengthAt.add(at + 1 + lengthSize + 4); // hash count
                b.lengthAt.add(at + 1 + lengthSize + 5); // bit count
                break;
            }
            case Codec.NAME_CONFLICT:
                Codec.nameConflict(w, p, q);
                break;
            default: {
                // a type this version does not know (11 to 13 are user messages, which never come in protocol frames)
                byte[] body = new byte[rnd.nextInt(20)];
                rnd.nextBytes(body);
                int unknown = 11 + rnd.nextInt(245);
                w.u8(unknown == Codec.USER_EVENT || unknown == Codec.NAME_CONFLICT ? 16 + rnd.nextInt(240) : unknown);
                w.varlong(body.length);
                w.bytes(body, 0, body.length);
                break;
            }
        }
    }

    /**
     * @param s a valid sample
     * @param others samples to splice from
     * @param rnd the randomness
     * @return a mutated copy: 1 to 4 bit flips, byte replacements, truncations, insertions, deletions,
     *     splices or length-field corruptions
     */
    public static byte[] mutate(Sample s, List<Sample> others, Random rnd) {
        byte[] b = s.bytes().clone();
        int ops = 1 + rnd.nextInt(4);
        for (int op = 0; op < ops; op++) {
            int kind = rnd.nextInt(8);
            if (b.length == 0 && kind != 4) {
                kind = 4;
            }
            switch (kind) {
                case 0: // bit flip
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    break;
                case 1: // byte replacement
                    b[rnd.nextInt(b.length)] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : INTERESTING[rnd.nextInt(INTERESTING.length)]);
                    break;
                case 2: // truncation
                    b = Arrays.copyOf(b, rnd.nextInt(b.length));
                    break;
                case 3: { // deletion of a range
                    int from = rnd.nextInt(b.length);
                    int to = Math.min(b.length, from + 1 + rnd.nextInt(16));
                    byte[] c = new byte[b.length - (to - from)];
                    System.arraycopy(b, 0, c, 0, from);
                    System.arraycopy(b, to, c, from, b.length - to);
                    b = c;
                    break;
                }
                case 4: { // insertion of random bytes
                    int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
                    byte[] ins = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64)];
                    rnd.nextBytes(ins);
                    b = splice(b, at, ins);
                    break;
                }
                case 5: { // splice a slice of another sample in
                    byte[] o = others.get(rnd.nextInt(others.size())).bytes();
                    int from = rnd.nextInt(o.length);
                    int len = Math.min(o.length - from, 1 + rnd.nextInt(64));
                    b = splice(b, rnd.nextInt(b.length + 1), Arrays.copyOfRange(o, from, from + len));
                    break;
                }
                default: { // length-field corruption (the fields of the original are still in place unless shifted)
                    int[] at = s.lengthAt();
                    if (at.length == 0) {
                        break;
                    }
                    int pos = at[rnd.nextInt(at.length)];
                    if (pos >= b.length) {
                        break;
                    }
                    int old = b[pos] & 0xff;
                    int v;
                    switch (rnd.nextInt(5)) {
                        case 0:
                            v = old + 1;
                            break;
                        case 1:
                            v = old - 1;
                            break;
                        case 2:
                            v = old ^ 0x80;
                            break;
                        case 3:
                            v = rnd.nextInt(256);
                            break;
                        default:
                            v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                            break;
                    }
                    b[pos] = (byte) v;
                    if (rnd.nextInt(4) == 0) {
                        // make it a long varint: all continuation bits, then a large top byte
                        byte[] big = new byte[1 + rnd.nextInt(9)];
                        Arrays.fill(big, (byte) 0xff);
                        big[big.length - 1] = (byte) rnd.nextInt(128);
                        b = splice(b, pos, big);
                    }
                    break;
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] c = new byte[b.length + ins.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(ins, 0, c, at, ins.length);
        System.arraycopy(b, at, c, at + ins.length, b.length - at);
        return c;
    }

    /**
     * @param sender a valid sender id
     * @param rnd the randomness
     * @return random bytes of length 0 to 1500; three in four start with a valid magic and version
     *     so that they reach the body decoder, and half of those carry a valid sender and a stream
     *     of randomly typed messages with consistent lengths
     */
    public static byte[] random(Peer sender, Random rnd) {
        byte[] b = new byte[rnd.nextInt(1501)];
        rnd.nextBytes(b);
        int mode = rnd.nextInt(8);
        if (mode < 2 || b.length < 4) {
            return b;
        }
        b[0] = (byte) Codec.MAGIC0;
        b[1] = (byte) Codec.MAGIC1;
        b[2] = (byte) Codec.VERSION;
        b[3] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : 0);
        if (mode < 5 || b.length < 4 + sender.wire.length + 2) {
            return b;
        }
        WireWriter w = new WireWriter(b.length);
        w.bytes(b, 0, 4);
        w.peer(sender);
        w.varlong(rnd.nextInt(100));
        w.varlong(rnd.nextInt(100));
        while (w.position() < b.length) {
            int room = b.length - w.position();
            byte[] body = new byte[Math.min(room, rnd.nextInt(rnd.nextBoolean() ? 16 : 200))];
            rnd.nextBytes(body);
            w.u8(rnd.nextInt(12));
            w.varlong(body.length);
            w.bytes(body, 0, body.length);
        }
        return Arrays.copyOf(w.buffer(), w.position());
    }
}
