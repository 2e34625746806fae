package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.Objects;

/**
 * XXH64 with seed 0, written from the xxHash specification (doc/xxhash_spec.md in Cyan4973/xxHash):
 * four accumulators over 32-byte stripes, then 8-, 4- and 1-byte tail steps and the avalanche.
 * Text is encoded to UTF-8 on the fly; four pending 8-byte lanes are held in locals, so nothing is
 * allocated.
 */
final class XxHash64 implements HashFunction {
    static final XxHash64 INSTANCE = new XxHash64();

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    @Override
    public long hash(byte[] data, int offset, int length) {
        Bytes.check(data, offset, length);
        return hash(data, offset, length, 0L);
    }

    /** XXH64 with any seed; the provider uses seed 0, the tests check the reference seeds too. */
    static long hash(byte[] data, int offset, int length, long seed) {
        int p = offset;
        int end = offset + length;
        long h;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            int limit = end - 32;
            do {
                v1 = round(v1, Bytes.long64(data, p));
                v2 = round(v2, Bytes.long64(data, p + 8));
                v3 = round(v3, Bytes.long64(data, p + 16));
                v4 = round(v4, Bytes.long64(data, p + 24));
                p += 32;
            } while (p <= limit);
            h = converge(v1, v2, v3, v4);
        } else {
            h = seed + P5;
        }
        h += length;
        while (p + 8 <= end) {
            h = tail8(h, Bytes.long64(data, p));
            p += 8;
        }
        if (p + 4 <= end) {
            h = tail4(h, Bytes.int32(data, p));
            p += 4;
        }
        while (p < end) {
            h = tail1(h, data[p] & 0xFFL);
            p++;
        }
        return avalanche(h);
    }

    /**
     * Text that is all ASCII (most keys) is its own UTF-8: one char is one byte, so it takes the
     * byte algorithm's straight path, eight chars to a lane, with none of the bookkeeping of
     * variable-length chars. A char past ASCII anywhere sends the text to {@link #utf8}.
     */
    @Override
    public long hash(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int end = text.length();
        int p = 0;
        // every lane read is ORed in: Utf8.ascii8 and ascii4 give -1 on a non-ASCII char
        long bad = 0;
        long h;
        if (end >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            int limit = end - 32;
            do {
                long a = Utf8.ascii8(text, p);
                long b = Utf8.ascii8(text, p + 8);
                long c = Utf8.ascii8(text, p + 16);
                long d = Utf8.ascii8(text, p + 24);
                bad |= a | b | c | d;
                v1 = round(v1, a);
                v2 = round(v2, b);
                v3 = round(v3, c);
                v4 = round(v4, d);
                p += 32;
            } while (p <= limit);
            h = converge(v1, v2, v3, v4);
        } else {
            h = P5;
        }
        h += end;
        for (; p + 8 <= end; p += 8) {
            long lane = Utf8.ascii8(text, p);
            bad |= lane;
            h = tail8(h, lane);
        }
        if (p + 4 <= end) {
            int lane = Utf8.ascii4(text, p);
            bad |= lane;
            h = tail4(h, lane & 0xFFFF_FFFFL);
            p += 4;
        }
        for (; p < end; p++) {
            int c = text.charAt(p);
            bad |= 0x7F - c;
            h = tail1(h, c);
        }
        return bad < 0 ? utf8(text) : avalanche(h);
    }

    /** XXH64 of any text's UTF-8 encoding, encoded on the fly. */
    private static long utf8(CharSequence text) {
        int end = text.length();
        long v1 = P1 + P2;
        long v2 = P2;
        long v3 = 0;
        long v4 = -P1;
        long l0 = 0;
        long l1 = 0;
        long l2 = 0;
        int pending = 0;
        long stripes = 0;
        long word = 0;
        int fill = 0;
        int i = 0;
        while (i < end) {
            long bytes;
            int k;
            char c = text.charAt(i);
            long ascii;
            if (c < 0x80 && i + 8 <= end && (ascii = Utf8.ascii8(text, i)) >= 0) {
                bytes = ascii;
                k = 8;
                i += 8;
            } else if (c < 0x80) {
                bytes = c;
                k = 1;
                i++;
            } else {
                long e = Utf8.next(text, i, end);
                bytes = Utf8.bytes(e);
                k = Utf8.count(e);
                i += Utf8.chars(e);
            }
            // k bytes (1 to 8) join the fill (0 to 7) bytes waiting: at most one lane completes
            word |= bytes << (fill << 3);
            fill += k;
            if (fill >= 8) {
                switch (pending) {
                    case 0:
                        l0 = word;
                        pending = 1;
                        break;
                    case 1:
                        l1 = word;
                        pending = 2;
                        break;
                    case 2:
                        l2 = word;
                        pending = 3;
                        break;
                    default:
                        v1 = round(v1, l0);
                        v2 = round(v2, l1);
                        v3 = round(v3, l2);
                        v4 = round(v4, word);
                        pending = 0;
                        stripes++;
                        break;
                }
                fill -= 8;
                word = fill == 0 ? 0 : bytes >>> ((k - fill) << 3);
            }
        }
        long h = stripes > 0 ? converge(v1, v2, v3, v4) : P5;
        h += stripes * 32 + pending * 8L + fill;
        if (pending > 0) {
            h = tail8(h, l0);
        }
        if (pending > 1) {
            h = tail8(h, l1);
        }
        if (pending > 2) {
            h = tail8(h, l2);
        }
        if (fill >= 4) {
            h = tail4(h, word & 0xFFFF_FFFFL);
            word >>>= 32;
            fill -= 4;
        }
        for (; fill > 0; fill--) {
            h = tail1(h, word & 0xFF);
            word >>>= 8;
        }
        return avalanche(h);
    }

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long converge(long v1, long v2, long v3, long v4) {
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        h = (h ^ round(0, v1)) * P1 + P4;
        h = (h ^ round(0, v2)) * P1 + P4;
        h = (h ^ round(0, v3)) * P1 + P4;
        return (h ^ round(0, v4)) * P1 + P4;
    }

    private static long tail8(long h, long lane) {
        return Long.rotateLeft(h ^ round(0, lane), 27) * P1 + P4;
    }

    private static long tail4(long h, long unsignedInt) {
        return Long.rotateLeft(h ^ unsignedInt * P1, 23) * P2 + P3;
    }

    private static long tail1(long h, long unsignedByte) {
        return Long.rotateLeft(h ^ unsignedByte * P5, 11) * P1;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ h >>> 32;
    }

    @Override
    public String toString() {
        return XxHash64Provider.ID;
    }
}
