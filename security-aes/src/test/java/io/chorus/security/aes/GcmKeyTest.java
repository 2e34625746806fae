package io.chorus.security.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The key seals and opens with the JDK's {@code AES/GCM/NoPadding} at the offsets the signer uses
 * (nonce, associated data and plaintext in one buffer, the tag after it): the NIST vectors, and
 * what a plain use of the JDK's cipher seals and opens, for every length of plaintext and
 * associated data around the block size; a flipped bit is refused with nothing written; the JDK's
 * guard against a nonce used twice in a row holds; and what it allocates per message does not grow
 * with the message.
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

    private static Cipher jdk(int mode, byte[] key, byte[] nonce, byte[] ad) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(ad);
        return c;
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void nistTestCases13To16() {
        byte[] zero = new byte[32];
        byte[] sealed = seal(new GcmKey(zero), new byte[12], new byte[0], new byte[0]);
        assertArrayEquals(hex("530f8afbc74536b9a963b4f1c4cb738b"), Arrays.copyOfRange(sealed, 12, 28), "test case 13");
        sealed = seal(new GcmKey(zero), new byte[12], new byte[0], new byte[16]);
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
        byte[] opened = new byte[plain.length];
        assertTrue(k16.open(sealed, 0, 12, 12 + ad.length, plain.length, opened), "test case 16 opens");
        assertArrayEquals(plain, opened);
    }

    @Test
    void itSealsAndOpensAsThePlainJdkCipherForEveryLengthAroundTheBlockSize() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        byte[] key = random(r, 32);
        GcmKey k = new GcmKey(key);
        int[] adLengths = {0, 1, 15, 16, 17, 31, 33, 153};
        for (int length = 0; length <= 300; length++) {
            checkOne(k, key, r, adLengths[length % adLengths.length], length);
        }
        for (int length : new int[] {1400, 4095, 4096, 4097, 70_000, 1 << 20}) {
            for (int ad : new int[] {0, 22, 153}) {
                checkOne(k, key, r, ad, length);
            }
        }
    }

    private static void checkOne(GcmKey k, byte[] key, SplittableRandom r, int adLength, int length) throws Exception {
        byte[] nonce = random(r, 12);
        byte[] ad = random(r, adLength);
        byte[] plain = random(r, length);
        byte[] mine = seal(k, nonce, ad, plain);
        int at = 12 + adLength;
        byte[] sealed = Arrays.copyOfRange(mine, at, mine.length);
        assertArrayEquals(jdk(Cipher.ENCRYPT_MODE, key, nonce, ad).doFinal(plain), sealed,
                () -> "sealed: ad " + adLength + ", plaintext " + length);
        assertArrayEquals(plain, jdk(Cipher.DECRYPT_MODE, key, nonce, ad).doFinal(sealed), "the JDK opens it");
        byte[] opened = new byte[length];
        assertTrue(k.open(mine, 0, 12, at, length, opened));
        assertArrayEquals(plain, opened, "opened");
    }

    @Test
    void anyFlippedBitFailsTheTagAndWritesNothing() {
        SplittableRandom r = new SplittableRandom(2);
        GcmKey k = new GcmKey(random(r, 32));
        byte[] b = seal(k, random(r, 12), random(r, 22), random(r, 100));
        byte[] untouched = b.clone();
        byte[] plain = new byte[100];
        for (int i = 0; i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                b[i] ^= (byte) (1 << bit);
                assertFalse(k.open(b, 0, 12, 34, 100, plain), "byte " + i + " bit " + bit);
                b[i] ^= (byte) (1 << bit);
            }
        }
        assertArrayEquals(new byte[100], plain, "nothing was decrypted");
        assertArrayEquals(untouched, b, "the sealed message is only read");
        assertFalse(new GcmKey(random(r, 32)).open(b, 0, 12, 34, 100, plain), "another key");
        assertTrue(k.open(b, 0, 12, 34, 100, plain));
    }

    @Test
    void theJdkRefusesANonceUsedTwiceInARow() {
        GcmKey k = new GcmKey(new byte[32]);
        byte[] b = new byte[12 + 10 + 16];
        k.seal(b, 0, 12, 12, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.seal(b, 0, 12, 12, 10));
        assertTrue(e.getMessage().contains("reuse"), e.getMessage());
    }

    /**
     * The JDK builds a GCM engine at every init (one per nonce): about 1 KiB a message each way, the
     * same for 64 bytes as for 64 KiB. What is checked is that nothing here adds a copy of the message.
     */
    @Test
    void whatSealingAndOpeningAllocateDoesNotGrowWithTheMessage() {
        long small = allocatedPerMessage(64);
        long large = allocatedPerMessage(64 * 1024);
        if (Allocations.supported()) {
            System.out.printf("GCM seal + open: %d B per message of 64 bytes, %d B of 64 KiB%n", small, large);
            assertTrue(small < 4096, () -> small + " B per seal and open of 64 bytes");
            assertTrue(large < small + 1024, () -> large + " B per seal and open of 64 KiB, " + small + " B of 64 bytes");
        }
    }

    private static long allocatedPerMessage(int length) {
        GcmKey k = new GcmKey(new byte[32]);
        byte[] b = new byte[12 + 40 + length + 16];
        byte[] plain = new byte[length];
        long n = 0;
        long least = Long.MAX_VALUE; // the least of several rounds: a late compilation may fall in one
        for (int round = 0; round < 8; round++) {
            long before = Allocations.threadBytes();
            for (int i = 0; i < 500; i++) {
                n++;
                for (int j = 0; j < 8; j++) {
                    b[4 + j] = (byte) (n >>> (56 - 8 * j));
                }
                k.seal(b, 0, 12, 52, length);
                assertTrue(k.open(b, 0, 12, 52, length, plain));
            }
            least = Math.min(least, (Allocations.threadBytes() - before) / 500);
        }
        return least;
    }
}
