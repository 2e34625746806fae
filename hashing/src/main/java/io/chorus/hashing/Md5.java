package io.chorus.hashing;

import io.chorus.api.spi.HashFunction;
import java.util.Objects;

/**
 * The first eight bytes of MD5, written from RFC 1321 and computed without allocating (unlike
 * {@code java.security.MessageDigest}).
 *
 * <p>The hash is digest bytes 0 to 7 read little-endian: bits 0 to 31 are bytes 0 to 3, which is
 * exactly the first 32-bit point ketama (libketama, spymemcached's {@code KetamaNodeLocator}) takes
 * from a digest, and bits 32 to 63 are bytes 4 to 7, ketama's second point. In RFC 1321's terms the
 * hash is {@code (B << 32) | A} for the final state words A and B.
 *
 * <p>One method serves both inputs: it reads the padded message one byte at a time from either the
 * byte range or the text (encoded to UTF-8 on the fly; a pre-pass measures the encoded length, which
 * MD5 appends), sixteen 32-bit words per block held in locals.
 */
final class Md5 implements HashFunction {
    static final Md5 INSTANCE = new Md5();

    /** RFC 1321, 3.4: T[i] = floor(2^32 * abs(sin(i + 1))), i from 0, sine in radians. */
    private static final int[] T = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            T[i] = (int) (long) Math.floor(Math.abs(StrictMath.sin(i + 1)) * 4294967296.0);
        }
    }

    private Md5() {
    }

    @Override
    public long hash(byte[] data, int offset, int length) {
        Bytes.check(data, offset, length);
        return digest(data, offset, length, null);
    }

    @Override
    public long hash(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return digest(null, 0, 0, text);
    }

    /**
     * @param data the bytes, or null to read {@code text}
     * @param text the text when {@code data} is null
     * @return digest bytes 0 to 7, little-endian
     */
    private static long digest(byte[] data, int offset, int length, CharSequence text) {
        long size = data != null ? length : Utf8.length(text);
        int end = text == null ? 0 : text.length();
        long blocks = (size + 8) / 64 + 1;
        int a = 0x67452301;
        int b = 0xEFCDAB89;
        int c = 0x98BADCFE;
        int d = 0x10325476;
        long p = 0;
        int ci = 0;
        long pendingBytes = 0;
        int pending = 0;
        for (long block = 0; block < blocks; block++) {
            int x0 = 0;
            int x1 = 0;
            int x2 = 0;
            int x3 = 0;
            int x4 = 0;
            int x5 = 0;
            int x6 = 0;
            int x7 = 0;
            int x8 = 0;
            int x9 = 0;
            int x10 = 0;
            int x11 = 0;
            int x12 = 0;
            int x13 = 0;
            int x14 = 0;
            int x15 = 0;
            boolean last = block == blocks - 1;
            for (int j = 0; j < 16; j++) {
                int w;
                if (last && j >= 14) {
                    long bits = size << 3;
                    w = (int) (j == 14 ? bits : bits >>> 32);
                } else if (data != null && p + 4 <= size) {
                    w = (int) Bytes.int32(data, offset + (int) p);
                    p += 4;
                } else if (data == null && pending == 0 && ci + 4 <= end && (w = Utf8.ascii4(text, ci)) >= 0) {
                    ci += 4;
                    p += 4;
                } else {
                    w = 0;
                    for (int k = 0; k < 4; k++, p++) {
                        int v;
                        if (p < size) {
                            if (data != null) {
                                v = data[offset + (int) p] & 0xFF;
                            } else {
                                if (pending == 0) {
                                    long e = Utf8.next(text, ci, end);
                                    pendingBytes = Utf8.bytes(e);
                                    pending = Utf8.count(e);
                                    ci += Utf8.chars(e);
                                }
                                v = (int) pendingBytes & 0xFF;
                                pendingBytes >>>= 8;
                                pending--;
                            }
                        } else {
                            v = p == size ? 0x80 : 0;
                        }
                        w |= v << (k << 3);
                    }
                }
                switch (j) {
                    case 0: x0 = w; break;
                    case 1: x1 = w; break;
                    case 2: x2 = w; break;
                    case 3: x3 = w; break;
                    case 4: x4 = w; break;
                    case 5: x5 = w; break;
                    case 6: x6 = w; break;
                    case 7: x7 = w; break;
                    case 8: x8 = w; break;
                    case 9: x9 = w; break;
                    case 10: x10 = w; break;
                    case 11: x11 = w; break;
                    case 12: x12 = w; break;
                    case 13: x13 = w; break;
                    case 14: x14 = w; break;
                    default: x15 = w; break;
                }
            }
            int aa = a;
            int bb = b;
            int cc = c;
            int dd = d;

            a = ff(a, b, c, d, x0, 7, T[0]);
            d = ff(d, a, b, c, x1, 12, T[1]);
            c = ff(c, d, a, b, x2, 17, T[2]);
            b = ff(b, c, d, a, x3, 22, T[3]);
            a = ff(a, b, c, d, x4, 7, T[4]);
            d = ff(d, a, b, c, x5, 12, T[5]);
            c = ff(c, d, a, b, x6, 17, T[6]);
            b = ff(b, c, d, a, x7, 22, T[7]);
            a = ff(a, b, c, d, x8, 7, T[8]);
            d = ff(d, a, b, c, x9, 12, T[9]);
            c = ff(c, d, a, b, x10, 17, T[10]);
            b = ff(b, c, d, a, x11, 22, T[11]);
            a = ff(a, b, c, d, x12, 7, T[12]);
            d = ff(d, a, b, c, x13, 12, T[13]);
            c = ff(c, d, a, b, x14, 17, T[14]);
            b = ff(b, c, d, a, x15, 22, T[15]);

            a = gg(a, b, c, d, x1, 5, T[16]);
            d = gg(d, a, b, c, x6, 9, T[17]);
            c = gg(c, d, a, b, x11, 14, T[18]);
            b = gg(b, c, d, a, x0, 20, T[19]);
            a = gg(a, b, c, d, x5, 5, T[20]);
            d = gg(d, a, b, c, x10, 9, T[21]);
            c = gg(c, d, a, b, x15, 14, T[22]);
            b = gg(b, c, d, a, x4, 20, T[23]);
            a = gg(a, b, c, d, x9, 5, T[24]);
            d = gg(d, a, b, c, x14, 9, T[25]);
            c = gg(c, d, a, b, x3, 14, T[26]);
            b = gg(b, c, d, a, x8, 20, T[27]);
            a = gg(a, b, c, d, x13, 5, T[28]);
            d = gg(d, a, b, c, x2, 9, T[29]);
            c = gg(c, d, a, b, x7, 14, T[30]);
            b = gg(b, c, d, a, x12, 20, T[31]);

            a = hh(a, b, c, d, x5, 4, T[32]);
            d = hh(d, a, b, c, x8, 11, T[33]);
            c = hh(c, d, a, b, x11, 16, T[34]);
            b = hh(b, c, d, a, x14, 23, T[35]);
            a = hh(a, b, c, d, x1, 4, T[36]);
            d = hh(d, a, b, c, x4, 11, T[37]);
            c = hh(c, d, a, b, x7, 16, T[38]);
            b = hh(b, c, d, a, x10, 23, T[39]);
            a = hh(a, b, c, d, x13, 4, T[40]);
            d = hh(d, a, b, c, x0, 11, T[41]);
            c = hh(c, d, a, b, x3, 16, T[42]);
            b = hh(b, c, d, a, x6, 23, T[43]);
            a = hh(a, b, c, d, x9, 4, T[44]);
            d = hh(d, a, b, c, x12, 11, T[45]);
            c = hh(c, d, a, b, x15, 16, T[46]);
            b = hh(b, c, d, a, x2, 23, T[47]);

            a = ii(a, b, c, d, x0, 6, T[48]);
            d = ii(d, a, b, c, x7, 10, T[49]);
            c = ii(c, d, a, b, x14, 15, T[50]);
            b = ii(b, c, d, a, x5, 21, T[51]);
            a = ii(a, b, c, d, x12, 6, T[52]);
            d = ii(d, a, b, c, x3, 10, T[53]);
            c = ii(c, d, a, b, x10, 15, T[54]);
            b = ii(b, c, d, a, x1, 21, T[55]);
            a = ii(a, b, c, d, x8, 6, T[56]);
            d = ii(d, a, b, c, x15, 10, T[57]);
            c = ii(c, d, a, b, x6, 15, T[58]);
            b = ii(b, c, d, a, x13, 21, T[59]);
            a = ii(a, b, c, d, x4, 6, T[60]);
            d = ii(d, a, b, c, x11, 10, T[61]);
            c = ii(c, d, a, b, x2, 15, T[62]);
            b = ii(b, c, d, a, x9, 21, T[63]);

            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        return (b & 0xFFFF_FFFFL) << 32 | (a & 0xFFFF_FFFFL);
    }

    private static int ff(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + x + t, s);
    }

    private static int gg(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + ((b & d) | (c & ~d)) + x + t, s);
    }

    private static int hh(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + (b ^ c ^ d) + x + t, s);
    }

    private static int ii(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x + t, s);
    }

    @Override
    public String toString() {
        return Md5Provider.ID;
    }
}
