package io.chorus.core.wire;

import io.chorus.api.spi.MessageSealer;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Verification;
import java.util.Optional;

/**
 * A keyed checksum standing in for HMAC: a trailer of one key id byte and an 8-byte tag. Each step
 * of the checksum is a bijection of its state, so any change to a single byte, the key id
 * included, changes the tag. Not a MAC anyone should trust; enough to test the codec's handling.
 */
final class TestSigner implements MessageSigner {
    static final int TRAILER = 9;

    private final long[] keys;
    private final int primary;
    private final MessageSealer sealer;

    /**
     * @param primary the key id to sign with
     * @param keys keys by id; 0 means no key with that id
     */
    TestSigner(int primary, long... keys) {
        this(null, primary, keys);
    }

    /**
     * @param sealer what {@link #sealer()} offers, or null for a signer that only signs
     * @param primary the key id to sign with
     * @param keys keys by id; 0 means no key with that id
     */
    TestSigner(MessageSealer sealer, int primary, long... keys) {
        this.sealer = sealer;
        this.primary = primary;
        this.keys = keys.clone();
    }

    @Override
    public Optional<MessageSealer> sealer() {
        return Optional.ofNullable(sealer);
    }

    @Override
    public int trailerLength() {
        return TRAILER;
    }

    static long tag(long key, int keyId, byte[] b, int off, int len) {
        long h = key ^ (keyId * 0x9E3779B97F4A7C15L);
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001B3L;
        }
        h ^= len;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return h ^ key;
    }

    @Override
    public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        long t = tag(keys[primary], primary, message, offset, length);
        trailer[trailerOffset] = (byte) primary;
        for (int i = 0; i < 8; i++) {
            trailer[trailerOffset + 1 + i] = (byte) (t >>> (56 - 8 * i));
        }
    }

    @Override
    public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        int id = trailer[trailerOffset] & 0xff;
        if (id >= keys.length || keys[id] == 0) {
            return Verification.UNKNOWN_KEY;
        }
        long t = tag(keys[id], id, message, offset, length);
        long diff = 0;
        for (int i = 0; i < 8; i++) {
            diff |= (trailer[trailerOffset + 1 + i] ^ (byte) (t >>> (56 - 8 * i))) & 0xff;
        }
        return diff == 0 ? Verification.VALID : Verification.BAD_TAG;
    }
}
