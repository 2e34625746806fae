package io.chorus.security.aes;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256-GCM key (NIST SP 800-38D, 96-bit nonces, 128-bit tags) on the JDK's
 * {@code AES/GCM/NoPadding}, which HotSpot runs on the CPU's AES and carry-less multiplication
 * instructions (AES-NI and PCLMULQDQ, or VAES and VPCLMULQDQ), with no lookups that depend on the
 * key or the data.
 *
 * <p>Each thread keeps one cipher per key and direction, so a cipher is looked up and the AES key
 * schedule computed once per thread and key, never per message. GCM still needs an {@code init}
 * for every nonce, and the JDK builds a new GCM engine in each (its GHASH and counter state, a copy
 * of the key and of the nonce): about 1 KiB per message sealed and as much per message opened,
 * whatever its length, measured on JDK 17 and 25 ({@code docs/benchmarks.md}). A GHASH of our own
 * could allocate nothing, but without the CPU's carry-less multiplication it is slower than the
 * JDK's, and a table-driven one looks up tables by secret-dependent indexes (a cache-timing leak of
 * the hash key, which would let a co-located observer forge tags): the JDK's it is.
 */
final class GcmKey {
    /** The nonce's length. */
    static final int NONCE = 12;
    /** The tag's length. */
    static final int TAG = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> sealing;
    private final ThreadLocal<Cipher> opening;

    /** @param key the AES-256 key, 32 bytes; copied */
    GcmKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key is 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.sealing = ThreadLocal.withInitial(GcmKey::cipher);
        this.opening = ThreadLocal.withInitial(GcmKey::cipher);
        sealing.get(); // fail now, not on the first message, on a JVM without AES-GCM
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot run " + TRANSFORMATION + ": " + e, e);
        }
    }

    /**
     * Seals in place: {@code b[nonceOff, nonceOff + 12)} is the nonce, already written; encrypts
     * {@code b[off, off + len)} where it lies and writes the tag after it, authenticating
     * {@code b[adOff, off)} too (which may hold the nonce).
     *
     * @throws IllegalStateException if the JDK refuses, as it does a nonce used twice in a row
     */
    void seal(byte[] b, int nonceOff, int adOff, int off, int len) {
        Cipher c = sealing.get();
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, b, nonceOff, NONCE));
            c.updateAAD(b, adOff, off - adOff);
            c.doFinal(b, off, len, b, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to seal: " + e, e);
        }
    }

    /**
     * Checks the tag of {@code b[off, off + len)} (the ciphertext; the tag follows it) and
     * {@code b[adOff, off)} under the nonce at {@code nonceOff}, then decrypts into {@code plain[0,
     * len)}. The tag is checked, in constant time, before anything is decrypted; {@code b} is only
     * read.
     *
     * @return whether the tag was right (else nothing was written to {@code plain})
     */
    boolean open(byte[] b, int nonceOff, int adOff, int off, int len, byte[] plain) {
        Cipher c = opening.get();
        try {
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, b, nonceOff, NONCE));
            c.updateAAD(b, adOff, off - adOff);
            c.doFinal(b, off, len + TAG, plain, 0);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to open: " + e, e);
        }
    }
}
