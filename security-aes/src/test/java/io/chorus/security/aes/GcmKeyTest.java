package io.chorus.security.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.testkit.Allocations;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The GCM put together here is the JDK's {@code AES/GCM/NoPadding} and the NIST vectors, byte for
 * byte, for every length of plaintext and associated data around the block and chunk sizes; it
 * opens what it seals, refuses any flipped bit, and allocates nothing.
 */
class GcmKeyTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** @return {@code nonce | ad | plaintext | room for the tag}, sealed in place */
    private static byte[] seal(GcmKey k, byte[] nonce, byte[] ad, byte[] plain) {
        byte[] b = new byte[12 + ad.length + plain.length + 16];
        System.arraycopy(nonce, 0, b, 0, 12);
        System.arraycopy(ad, 0, b, 12, ad.length);
        System.arraycopy(plain, 0, b, 12 + ad.length, plain.length);
        k.seal(b, 0, 12, 12 + ad.length, plain.length);
        return b;
    }

    private static byte[] jdk(byte[] key, byte[] nonce, byte[] ad, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(ad);
        return c.doFinal(plain);
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void nistTestCases13To16() {
        byte[] zero = new byte[32];
        GcmKey k13 = new GcmKey(zero);
        byte[] sealed = seal(k13, new byte[12], new byte[0], new byte[0]);
        assertArrayEquals(hex("530f8afbc74536b9a963b4f1c4cb738b"), Arrays.copyOfRange(sealed, 12, 28), "test case 13");
        sealed = seal(k13, new byte[12], new byte[0], new byte[16]);
        assertArrayEquals(hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"),
                Arrays.copyOfRange(sealed, 12, 44), "test case 14");
        GcmKey k16 = new GcmKey(hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"));
        byte[] plain = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b39");
        byte[] ad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        sealed = seal(k16, hex("cafebabefacedbaddecaf888"), ad, plain);
        assertArrayEquals(hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                + "c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b"),
                Arrays.copyOfRange(sealed, 12 + ad.length, sealed.length), "test case 16");
    }

    @Test
    void itIsTheJdksGcmForEveryLengthAroundBlocksAndChunks() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        byte[] key = random(r, 32);
        GcmKey k = new GcmKey(key);
        int[] adLengths = {0, 1, 15, 16, 17, 31, 33, 153};
        int checked = 0;
        for (int length = 0; length <= 300; length++) {
            checkOne(k, key, r, adLengths[length % adLengths.length], length);
            checked++;
        }
        for (int length : new int[] {1400, 4095, 4096, 4097, 8192 + 7, 70_000, 1 << 20}) {
            for (int ad : new int[] {0, 22, 153}) {
                checkOne(k, key, r, ad, length);
                checked++;
            }
        }
        assertTrue(checked > 300);
    }

    private static void checkOne(GcmKey k, byte[] key, SplittableRandom r, int adLength, int length) throws Exception {
        byte[] nonce = random(r, 12);
        byte[] ad = random(r, adLength);
        byte[] plain = random(r, length);
        byte[] mine = seal(k, nonce, ad, plain);
        byte[] theirs = jdk(key, nonce, ad, plain);
        int at = 12 + adLength;
        assertArrayEquals(theirs, Arrays.copyOfRange(mine, at, mine.length), () -> "ad " + adLength + ", plaintext " + length);
        assertTrue(k.authentic(mine, 0, 12, at, length));
        k.decrypt(mine, 0, at, length);
        assertArrayEquals(plain, Arrays.copyOfRange(mine, at, at + length), "decrypted");
    }

    @Test
    void anyFlippedBitFailsTheTag() {
        SplittableRandom r = new SplittableRandom(2);
        GcmKey k = new GcmKey(random(r, 32));
        byte[] b = seal(k, random(r, 12), random(r, 22), random(r, 100));
        for (int i = 0; i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                b[i] ^= (byte) (1 << bit);
                assertFalse(k.authentic(b, 0, 12, 34, 100), "byte " + i + " bit " + bit);
                b[i] ^= (byte) (1 << bit);
            }
        }
        assertTrue(k.authentic(b, 0, 12, 34, 100));
        assertFalse(new GcmKey(random(r, 32)).authentic(b, 0, 12, 34, 100), "another key");
    }

    @Test
    void sealingAndOpeningAllocateNothing() {
        GcmKey k = new GcmKey(new byte[32]);
        byte[] b = new byte[12 + 40 + 1400 + 16];
        for (int i = 0; i < 20_000; i++) { // past the JIT's first compilations
            k.seal(b, 0, 12, 52, 1400);
            k.authentic(b, 0, 12, 52, 1400);
            k.decrypt(b, 0, 52, 1400);
        }
        // the least of three rounds: a one-time cost of the JVM's (a late compilation) may fall in one
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = Allocations.threadBytes();
            for (int i = 0; i < 1000; i++) {
                b[0] = (byte) i;
                k.seal(b, 0, 12, 52, 1400);
                assertTrue(k.authentic(b, 0, 12, 52, 1400));
                k.decrypt(b, 0, 52, 1400);
            }
            allocated = Math.min(allocated, Allocations.threadBytes() - before);
        }
        if (Allocations.supported()) {
            assertEquals(0, allocated, "bytes allocated by 1000 seals and opens of 1,400 bytes");
        }
    }
}
