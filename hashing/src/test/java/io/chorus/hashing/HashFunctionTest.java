package io.chorus.hashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chorus.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks each hash function against published test vectors, and the paths of this module's text
 * hashing. What every hash function must do (text as UTF-8, ranges, spread, no allocation) is
 * checked by the kit's contract: {@link XxHash64ContractTest}, {@link Murmur3ContractTest},
 * {@link Md5ContractTest}.
 */
class HashFunctionTest {
    private static final List<HashFunction> ALL = List.of(XxHash64.INSTANCE, Murmur3.INSTANCE, Md5.INSTANCE);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long bytes(HashFunction f, String s) {
        byte[] b = utf8(s);
        return f.hash(b, 0, b.length);
    }

    // ---- xxhash64 ------------------------------------------------------------------------

    /** The 101-byte buffer of xxhsum's sanity check: byteGen = 2654435761 (uint32), byte = byteGen >> 24, byteGen *= byteGen. */
    private static byte[] xxhSanityBuffer() {
        byte[] buffer = new byte[101];
        int gen = (int) 2654435761L;
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) (gen >>> 24);
            gen *= gen;
        }
        return buffer;
    }

    @Test
    void xxhash64MatchesTheXxhsumSanityCheck() {
        // Expected values: xxhsum's BMK_sanityCheck (Cyan4973/xxHash, xxhsum.c), XXH64 rows,
        // seed 0 and seed PRIME32_1 = 2654435761, over the first 0, 1, 14 and 101 bytes.
        byte[] buf = xxhSanityBuffer();
        long prime = 2654435761L;
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(buf, 0, 0, 0));
        assertEquals(0xAC75FDA2929B17EFL, XxHash64.hash(buf, 0, 0, prime));
        assertEquals(0x4FCE394CC88952D8L, XxHash64.hash(buf, 0, 1, 0));
        assertEquals(0x739840CB819FA723L, XxHash64.hash(buf, 0, 1, prime));
        assertEquals(0xCFFA8DB881BC3A3DL, XxHash64.hash(buf, 0, 14, 0));
        assertEquals(0x5B9611585EFCC9CBL, XxHash64.hash(buf, 0, 14, prime));
        assertEquals(0x0EAB543384F878ADL, XxHash64.hash(buf, 0, 101, 0));
        assertEquals(0xCAA65939306F1E21L, XxHash64.hash(buf, 0, 101, prime));
        // the provider's function is seed 0
        assertEquals(0x0EAB543384F878ADL, XxHash64.INSTANCE.hash(buf, 0, 101));
    }

    @Test
    void xxhash64MatchesPublishedStringDigests() {
        // Expected values: xxh64sum / the reference implementation on these strings, seed 0.
        assertEquals(0xEF46DB3751D8E999L, XxHash64.INSTANCE.hash(""));
        assertEquals(0xD24EC4F1A98C6E5BL, XxHash64.INSTANCE.hash("a"));
        assertEquals(0x44BC2CF5AD770999L, XxHash64.INSTANCE.hash("abc"));
        assertEquals(0xD24EC4F1A98C6E5BL, bytes(XxHash64.INSTANCE, "a"));
        assertEquals(0x44BC2CF5AD770999L, bytes(XxHash64.INSTANCE, "abc"));
    }

    // ---- murmur3 -------------------------------------------------------------------------

    @Test
    void murmur3MatchesTheSmhasherVerificationValue() {
        // SMHasher's VerificationTest (aappleby/smhasher, KeysetTest.cpp; value listed in main.cpp
        // for MurmurHash3_x64_128): key i is bytes 0..i-1, hashed with seed 256 - i; the 256
        // 16-byte digests are concatenated and hashed with seed 0; the first four bytes of that
        // digest, little-endian, are 0x6384BA69.
        byte[] key = new byte[256];
        byte[] digests = new byte[256 * 16];
        for (int i = 0; i < 256; i++) {
            key[i] = (byte) i;
            putLong(digests, i * 16, Murmur3.hash(key, 0, i, 256 - i, false));
            putLong(digests, i * 16 + 8, Murmur3.hash(key, 0, i, 256 - i, true));
        }
        long low = Murmur3.hash(digests, 0, digests.length, 0, false);
        assertEquals(0x6384BA69, (int) low);
    }

    private static void putLong(byte[] out, int at, long v) {
        for (int k = 0; k < 8; k++) {
            out[at + k] = (byte) (v >>> (8 * k));
        }
    }

    @Test
    void murmur3MatchesPublishedStringDigests() {
        // Expected h1 and h2 of MurmurHash3_x64_128 as published with the reference implementation's
        // known-answer tests (the same vectors appear in Guava's Murmur3Hash128Test), seed in front.
        assertMurmur(0, 0x629942693E10F867L, 0x92DB0B82BAEB5347L, "hell");
        assertMurmur(1, 0xA78DDFF5ADAE8D10L, 0x128900EF20900135L, "hello");
        assertMurmur(2, 0x8A486B23F422E826L, 0xF962A2C58947765FL, "hello ");
        assertMurmur(3, 0x2EA59F466F6BED8CL, 0xC610990ACC428A17L, "hello w");
        assertMurmur(4, 0x79F6305A386C572CL, 0x46305AED3483B94EL, "hello wo");
        assertMurmur(5, 0xC2219D213EC1F1B5L, 0xA1D8E2E0A52785BDL, "hello wor");
        assertMurmur(0, 0xE34BBC7BBC071B6CL, 0x7A433CA9C49A9347L, "The quick brown fox jumps over the lazy dog");
        assertMurmur(0, 0x658CA970FF85269AL, 0x43FEE3EAA68E5C3EL, "The quick brown fox jumps over the lazy cog");
        assertEquals(0L, Murmur3.INSTANCE.hash(""));
        assertEquals(0xE34BBC7BBC071B6CL, Murmur3.INSTANCE.hash("The quick brown fox jumps over the lazy dog"));
    }

    private static void assertMurmur(int seed, long h1, long h2, String text) {
        byte[] b = utf8(text);
        assertEquals(h1, Murmur3.hash(b, 0, b.length, seed, false), text);
        assertEquals(h2, Murmur3.hash(b, 0, b.length, seed, true), text);
    }

    // ---- md5 -----------------------------------------------------------------------------

    @Test
    void md5MatchesTheRfc1321TestSuite() {
        // RFC 1321, appendix A.5 "Test suite": the full digests; the hash is bytes 0..7 little-endian.
        assertMd5("d41d8cd98f00b204e9800998ecf8427e", "");
        assertMd5("0cc175b9c0f1b6a831c399e269772661", "a");
        assertMd5("900150983cd24fb0d6963f7d28e17f72", "abc");
        assertMd5("f96b697d7cb7938d525a2f31aaac8cda", "message digest");
        assertMd5("c3fcd3d76192e4007dfb496cca67e13b", "abcdefghijklmnopqrstuvwxyz");
        assertMd5("d174ab98d277d9f5a5611c2c9f419d9f",
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        assertMd5("57edf4a22be3c955ac49da2e2107b67a",
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890");
    }

    private static void assertMd5(String hexDigest, String text) {
        long expected = 0;
        for (int k = 7; k >= 0; k--) {
            expected = expected << 8 | Integer.parseInt(hexDigest.substring(2 * k, 2 * k + 2), 16);
        }
        assertEquals(expected, bytes(Md5.INSTANCE, text), text);
        assertEquals(expected, Md5.INSTANCE.hash(text), text);
    }

    @Test
    void md5AgreesWithMessageDigestAndKetamaPoints() throws NoSuchAlgorithmException {
        SplittableRandom random = new SplittableRandom(1321);
        for (int length = 0; length <= 200; length++) {
            byte[] data = new byte[length + 3];
            random.nextBytes(data);
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, 3, length);
            byte[] d = md.digest();
            long h = Md5.INSTANCE.hash(data, 3, length);
            // ketama's points of a digest: point k = d[4k+3] << 24 | d[4k+2] << 16 | d[4k+1] << 8 | d[4k]
            long point0 = (d[3] & 0xFFL) << 24 | (d[2] & 0xFFL) << 16 | (d[1] & 0xFFL) << 8 | (d[0] & 0xFFL);
            long point1 = (d[7] & 0xFFL) << 24 | (d[6] & 0xFFL) << 16 | (d[5] & 0xFFL) << 8 | (d[4] & 0xFFL);
            assertEquals(point0, h & 0xFFFF_FFFFL, "length " + length);
            assertEquals(point1, h >>> 32, "length " + length);
        }
    }

    // ---- all -----------------------------------------------------------------------------

    /** Random text: ASCII, 2- and 3-byte chars, surrogate pairs, and now and then an unpaired surrogate. */
    static String randomText(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                sb.append((char) random.nextInt(0x20, 0x7F));
            } else if (kind < 6) {
                sb.append((char) random.nextInt(0x80, 0x800));
            } else if (kind < 8) {
                char c;
                do {
                    c = (char) random.nextInt(0x800, 0x10000);
                } while (Character.isSurrogate(c));
                sb.append(c);
            } else if (kind < 9) {
                sb.appendCodePoint(random.nextInt(0x10000, 0x110000));
            } else {
                sb.append((char) random.nextInt(0xD800, 0xE000));
            }
        }
        return sb.toString();
    }

    @Test
    void mostlyAsciiTextHashesLikeItsUtf8Bytes() {
        // long ASCII runs take the eight-chars-at-a-time path; a rare other char breaks a run anywhere
        SplittableRandom random = new SplittableRandom(8);
        for (HashFunction f : ALL) {
            for (int round = 0; round < 3000; round++) {
                StringBuilder sb = new StringBuilder();
                int length = random.nextInt(0, 120);
                while (sb.length() < length) {
                    sb.append(random.nextInt(20) == 0 ? randomText(random, 1) : String.valueOf((char) random.nextInt(0x20, 0x7F)));
                }
                String s = sb.toString();
                byte[] b = utf8(s);
                assertEquals(f.hash(b, 0, b.length), f.hash(s), () -> f + " on " + codePoints(s));
            }
        }
    }

    @Test
    void unpairedSurrogatesHashAsQuestionMarks() {
        for (HashFunction f : ALL) {
            assertEquals(f.hash("a?b"), f.hash("a\uD800b"), f::toString);
            assertEquals(f.hash("a?b"), f.hash("a\uDC00b"), f::toString);
            assertEquals(f.hash("?"), f.hash("\uD83D"), f::toString);
            assertEquals(f.hash("??"), f.hash("\uDE00\uD83D"), f::toString);
            assertEquals(bytes(f, "\uD83D\uDE80"), f.hash("\uD83D\uDE80"), f::toString);
        }
    }

    @Test
    void badRangesAreRefused() {
        for (HashFunction f : ALL) {
            assertThrows(IndexOutOfBoundsException.class, () -> f.hash(new byte[4], 3, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> f.hash(new byte[4], -1, 2));
            assertThrows(NullPointerException.class, () -> f.hash((byte[]) null, 0, 0));
            assertThrows(NullPointerException.class, () -> f.hash((CharSequence) null));
        }
    }

    private static String codePoints(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04x", c)));
        return sb.toString();
    }
}
