package io.chorus.core.wire;

import io.chorus.api.spi.MessageSealer;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Verification;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link TestSigner} that also seals: a header of one key id byte and an 8-byte nonce (a counter),
 * the plaintext XORed with a keystream drawn from the key and the nonce, and an 8-byte tag of
 * {@link TestSigner#tag} over the associated data, the header and the ciphertext. A nonce seen
 * before is {@link Verification#REPLAYED}. Not encryption anyone should trust; enough to test the
 * envelope's framing and modes.
 */
final class TestSealer implements MessageSealer {
    static final int HEADER = 9;
    static final int TAG = 8;

    private final long[] keys;
    private final int primary;
    private long nonce;
    private final Set<Long> seen = new HashSet<>();

    TestSealer(int primary, long... keys) {
        this.primary = primary;
        this.keys = keys.clone();
    }

    /** @return a signer that signs as {@link TestSigner} and seals with this */
    MessageSigner signer() {
        return new TestSigner(this, primary, keys);
    }

    @Override
    public int headerLength() {
        return HEADER;
    }

    @Override
    public int tagLength() {
        return TAG;
    }

    private static void xor(long key, long n, byte[] b, int off, int len) {
        long x = key ^ n;
        for (int i = 0; i < len; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            b[off + i] ^= (byte) (z ^ (z >>> 31));
        }
    }

    @Override
    public synchronized void seal(byte[] buf, int adOff, int off, int length) {
        long n = ++nonce;
        buf[off] = (byte) primary;
        for (int i = 0; i < 8; i++) {
            buf[off + 1 + i] = (byte) (n >>> (56 - 8 * i));
        }
        xor(keys[primary], n, buf, off + HEADER, length);
        long t = TestSigner.tag(keys[primary], primary, buf, adOff, off + HEADER + length - adOff);
        for (int i = 0; i < 8; i++) {
            buf[off + HEADER + length + i] = (byte) (t >>> (56 - 8 * i));
        }
    }

    @Override
    public synchronized Verification open(byte[] buf, int adOff, int off, int length) {
        if (length < HEADER + TAG) {
            return Verification.BAD_TAG;
        }
        int id = buf[off] & 0xff;
        if (id >= keys.length || keys[id] == 0) {
            return Verification.UNKNOWN_KEY;
        }
        int body = length - HEADER - TAG;
        long t = TestSigner.tag(keys[id], id, buf, adOff, off + HEADER + body - adOff);
        long diff = 0;
        for (int i = 0; i < 8; i++) {
            diff |= (buf[off + HEADER + body + i] ^ (byte) (t >>> (56 - 8 * i))) & 0xff;
        }
        if (diff != 0) {
            return Verification.BAD_TAG;
        }
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (buf[off + 1 + i] & 0xff);
        }
        if (!seen.add(n)) {
            return Verification.REPLAYED;
        }
        xor(keys[id], n, buf, off + HEADER, body);
        return Verification.VALID;
    }
}
