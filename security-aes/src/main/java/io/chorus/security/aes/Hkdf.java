package io.chorus.security.aes;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869) on the JDK's {@code javax.crypto.Mac}: keys are derived rarely, so allocation is no concern. */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH = 32;

    private Hkdf() {
    }

    /**
     * @param salt the salt; empty: a block of zeros, as the RFC says for no salt
     * @param ikm the input keying material
     * @param info the context
     * @param length the output's length, at most 255 x 32 bytes
     * @return the derived key
     */
    static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH) {
            throw new IllegalArgumentException("HKDF-SHA256 derives 1 to " + 255 * HASH + " bytes, not " + length);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH] : salt, HMAC));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, HMAC));
            Arrays.fill(prk, (byte) 0);
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                Arrays.fill(t, (byte) 0);
                t = mac.doFinal();
                int n = Math.min(HASH, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            Arrays.fill(t, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + HMAC + ": " + e, e);
        }
    }
}
