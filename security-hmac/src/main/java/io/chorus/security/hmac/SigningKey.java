package io.chorus.security.hmac;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * One derived HMAC-SHA256 key: {@code HKDF-SHA256(ikm = secret, salt = none, info = INFO + label)},
 * 32 bytes, and its 4-byte id, the first bytes of {@code HMAC(key, "chorus key id")}. The id
 * depends on the derived key only, so it reveals nothing about the secret and differs between
 * labels.
 *
 * <p>HMAC (RFC 2104) is computed here over the JDK's SHA-256 {@link MessageDigest} (which the JIT
 * backs with the CPU's SHA extensions) with the padded key blocks precomputed, into per-thread
 * scratch: no allocation per message. {@code javax.crypto.Mac#doFinal} would allocate two arrays
 * per call; the tests check this implementation against it.
 */
final class SigningKey {
    /** HKDF info prefix; the cluster label follows it. */
    static final byte[] INFO = "chorus/hmac-sha256/v1/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_INPUT = "chorus key id".getBytes(StandardCharsets.US_ASCII);
    static final int KEY_LENGTH = 32;
    private static final int BLOCK = 64;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final int id;
    private final String hexId;

    private SigningKey(byte[] key) {
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        byte[] out = new byte[32];
        mac(ID_INPUT, 0, ID_INPUT.length, ID_INPUT, 0, 0, out);
        this.id = ((out[0] & 0xff) << 24) | ((out[1] & 0xff) << 16) | ((out[2] & 0xff) << 8) | (out[3] & 0xff);
        this.hexId = String.format("%08x", id);
    }

    /**
     * @param secret the secret's bytes
     * @param label the cluster label
     * @return the key derived from them
     */
    static SigningKey derive(byte[] secret, String label) {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        byte[] info = new byte[INFO.length + labelBytes.length];
        System.arraycopy(INFO, 0, info, 0, INFO.length);
        System.arraycopy(labelBytes, 0, info, INFO.length, labelBytes.length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, null, info));
        byte[] key = new byte[KEY_LENGTH];
        hkdf.generateBytes(key, 0, KEY_LENGTH);
        try {
            return new SigningKey(key);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A key used as given, for tests against published HMAC vectors.
     *
     * @param key the raw key, at most 64 bytes
     * @return the key
     */
    static SigningKey raw(byte[] key) {
        return new SigningKey(key);
    }

    /** @return the 4-byte id as carried in trailers */
    int id() {
        return id;
    }

    /** @return the id in lowercase hex */
    String hexId() {
        return hexId;
    }

    /**
     * Computes {@code HMAC-SHA256(key, a[aOff, aOff + aLen) || b[bOff, bOff + bLen))} into
     * {@code out[0, 32)}.
     */
    void mac(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, byte[] out) {
        MessageDigest md = SCRATCH.get().md;
        md.update(ipad, 0, BLOCK);
        md.update(a, aOff, aLen);
        if (bLen > 0) {
            md.update(b, bOff, bLen);
        }
        digest(md, out);
        md.update(opad, 0, BLOCK);
        md.update(out, 0, 32);
        digest(md, out);
    }

    /** @return this thread's 32-byte scratch buffer for tags */
    static byte[] scratch() {
        return SCRATCH.get().tag;
    }

    private static void digest(MessageDigest md, byte[] out) {
        try {
            md.digest(out, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest failed", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + hexId + "]";
    }

    private static final class Scratch {
        final MessageDigest md;
        final byte[] tag = new byte[32];

        Scratch() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
        }
    }
}
