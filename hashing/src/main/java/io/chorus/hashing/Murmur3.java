package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.Objects;

/**
 * MurmurHash3 x64 128-bit with seed 0, written from Austin Appleby's description of the algorithm
 * (SMHasher, MurmurHash3.cpp): 16-byte blocks mixed into two 64-bit halves, a tail of up to 15
 * bytes, and the {@code fmix64} finalizer. The hash is the low 64 bits of the 128-bit result: the
 * first half, {@code h1}, which is the first eight bytes of the reference output read little-endian.
 * Text is encoded to UTF-8 on the fly with one pending lane held in a local, so nothing is allocated.
 */
final class Murmur3 implements HashFunction {
    static final Murmur3 INSTANCE = new Murmur3();

    private static final long C1 = 0x87C37B91114253D5L;
    private static final long C2 = 0x4CF5AD432745937FL;

    private Murmur3() {
    }

    @Override
    public long hash(byte[] data, int offset, int length) {
        Bytes.check(data, offset, length);
        return hash(data, offset, length, 0, false);
    }

    /**
     * MurmurHash3 x64 128 with any 32-bit seed; the provider uses seed 0 and the low half, the tests
     * check the reference verification value, which needs both halves and many seeds.
     *
     * @param high whether to return the high 64 bits ({@code h2}) instead of the low ones
     */
    static long hash(byte[] data, int offset, int length, int seed, boolean high) {
        long h1 = seed & 0xFFFF_FFFFL;
        long h2 = h1;
        int p = offset;
        int end = offset + length;
        while (p + 16 <= end) {
            h1 = mixH1(h1, h2, Bytes.long64(data, p));
            h2 = mixH2(h2, h1, Bytes.long64(data, p + 8));
            p += 16;
        }
        int rest = end - p;
        long k1 = Bytes.partial(data, p, Math.min(rest, 8));
        long k2 = rest > 8 ? Bytes.partial(data, p + 8, rest - 8) : 0;
        return finish(h1, h2, k1, k2, length, high);
    }

    @Override
    public long hash(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int end = text.length();
        long h1 = 0;
        long h2 = 0;
        long lane = 0;
        boolean pending = false;
        long blocks = 0;
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
                if (pending) {
                    h1 = mixH1(h1, h2, lane);
                    h2 = mixH2(h2, h1, word);
                    blocks++;
                } else {
                    lane = word;
                }
                pending = !pending;
                fill -= 8;
                word = fill == 0 ? 0 : bytes >>> ((k - fill) << 3);
            }
        }
        long length = blocks * 16 + (pending ? 8 : 0) + fill;
        return pending ? finish(h1, h2, lane, word, length, false) : finish(h1, h2, word, 0, length, false);
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long mixH1(long h1, long h2, long k1) {
        return (Long.rotateLeft(h1 ^ mixK1(k1), 27) + h2) * 5 + 0x52DCE729;
    }

    private static long mixH2(long h2, long h1, long k2) {
        return (Long.rotateLeft(h2 ^ mixK2(k2), 31) + h1) * 5 + 0x38495AB5;
    }

    /** Mixes the tail (a zero tail lane changes nothing, as in the reference) and finalizes. */
    private static long finish(long h1, long h2, long k1, long k2, long length, boolean high) {
        h1 ^= mixK1(k1) ^ length;
        h2 ^= mixK2(k2) ^ length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        return high ? h2 + h1 : h1;
    }

    /** The MurmurHash3 64-bit finalizer: a bijection with full avalanche. */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        return k ^ k >>> 33;
    }

    @Override
    public String toString() {
        return Murmur3Provider.ID;
    }
}
