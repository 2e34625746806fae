package io.chorus.security.hmac;

import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.KeyringException;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.ReplayWindow;
import io.chorus.api.spi.Verification;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * HMAC-SHA256 over the whole message and the trailer's own fields, truncated to 16 bytes, with a
 * keyring and replay protection. The trailer (36 bytes):
 *
 * <pre>
 * key id u32 | sender epoch u64 | sequence u32 | timestamp u32 (seconds) | tag 16 bytes
 * tag = first 16 bytes of HMAC-SHA256(key, message || key id || epoch || sequence || timestamp)
 * </pre>
 *
 * Verification: the key id selects a key (none: {@link Verification#UNKNOWN_KEY}); the tag is
 * compared in constant time ({@link Verification#BAD_TAG}); only then are the epoch, sequence and
 * timestamp trusted and checked against the replay guard ({@link Verification#REPLAYED}).
 */
final class HmacSigner implements MessageSigner, Keyring {
    static final int KEY_ID = 4;
    static final int EPOCH = 8;
    static final int SEQ = 4;
    static final int TIME = 4;
    /** The signed part of the trailer: key id, epoch, sequence, timestamp. */
    static final int FIELDS = KEY_ID + EPOCH + SEQ + TIME;
    static final int TAG = 16;
    static final int TRAILER = FIELDS + TAG;
    /** The most keys a keyring holds. */
    static final int MAX_KEYS = 16;

    private final String label;
    private final ReplayWindow guard;
    private final LongSupplier clockMillis;
    private final ReplayWindow.Stamper stamper;
    private final Object keyLock = new Object();
    private volatile Keys keys;

    /**
     * @param secret the first key's secret; it becomes the primary
     * @param label the cluster label
     * @param guard the replay guard
     * @param clockMillis wall-clock milliseconds since the Unix epoch
     * @param random the source of sender epochs
     */
    HmacSigner(Secret secret, String label, ReplayWindow guard, LongSupplier clockMillis, SecureRandom random) {
        this.label = label;
        this.guard = guard;
        this.clockMillis = clockMillis;
        this.stamper = new ReplayWindow.Stamper(random, clockMillis);
        SigningKey first = derive(secret);
        this.keys = new Keys(first, new SigningKey[] {first});
    }

    private SigningKey derive(Secret secret) {
        byte[] bytes = Objects.requireNonNull(secret, "secret").bytes();
        try {
            return SigningKey.derive(bytes, label);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public int trailerLength() {
        return TRAILER;
    }

    @Override
    public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        SigningKey key = keys.primary;
        int t = trailerOffset;
        putInt(trailer, t, key.id());
        stamper.stamp(trailer, t + 4);
        byte[] tag = SigningKey.scratch();
        key.mac(message, offset, length, trailer, t, FIELDS, tag);
        System.arraycopy(tag, 0, trailer, t + FIELDS, TAG);
    }

    @Override
    public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        int t = trailerOffset;
        int id = getInt(trailer, t);
        SigningKey key = keys.find(id);
        if (key == null) {
            return Verification.UNKNOWN_KEY;
        }
        byte[] tag = SigningKey.scratch();
        key.mac(message, offset, length, trailer, t, FIELDS, tag);
        int diff = 0;
        for (int i = 0; i < TAG; i++) {
            diff |= tag[i] ^ trailer[t + FIELDS + i];
        }
        if (diff != 0) {
            return Verification.BAD_TAG;
        }
        return guard.accept(trailer, t + 4, clockMillis.getAsLong() / 1000) ? Verification.VALID : Verification.REPLAYED;
    }

    @Override
    public Optional<Keyring> keyring() {
        return Optional.of(this);
    }

    // ------------------------------------------------------------------ keyring

    @Override
    public List<KeyInfo> keys() {
        Keys k = keys;
        List<KeyInfo> out = new ArrayList<>();
        out.add(new KeyInfo(k.primary.hexId(), true));
        for (SigningKey key : k.all) {
            if (key != k.primary) {
                out.add(new KeyInfo(key.hexId(), false));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public KeyInfo install(Secret secret) {
        SigningKey key = derive(secret);
        synchronized (keyLock) {
            Keys k = keys;
            SigningKey held = k.find(key.id());
            if (held != null) {
                return new KeyInfo(held.hexId(), held == k.primary);
            }
            if (k.all.length >= MAX_KEYS) {
                throw new KeyringException("the keyring is full (" + MAX_KEYS + " keys): remove a key before installing "
                        + "another; keys: " + ids(k));
            }
            SigningKey[] all = java.util.Arrays.copyOf(k.all, k.all.length + 1);
            all[k.all.length] = key;
            keys = new Keys(k.primary, all);
            return new KeyInfo(key.hexId(), false);
        }
    }

    @Override
    public void promote(String keyId) {
        synchronized (keyLock) {
            Keys k = keys;
            keys = new Keys(named(k, keyId), k.all);
        }
    }

    @Override
    public void remove(String keyId) {
        synchronized (keyLock) {
            Keys k = keys;
            SigningKey key = named(k, keyId);
            if (key == k.primary) {
                throw new KeyringException("key " + key.hexId() + " is the primary key, which signs this node's "
                        + "messages: promote another key first; keys: " + ids(k));
            }
            SigningKey[] all = new SigningKey[k.all.length - 1];
            int n = 0;
            for (SigningKey other : k.all) {
                if (other != key) {
                    all[n++] = other;
                }
            }
            keys = new Keys(k.primary, all);
        }
    }

    private static SigningKey named(Keys k, String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        for (SigningKey key : k.all) {
            if (key.hexId().equalsIgnoreCase(keyId.trim())) {
                return key;
            }
        }
        throw new KeyringException("no key with id '" + keyId + "' in the keyring; keys: " + ids(k));
    }

    private static String ids(Keys k) {
        StringBuilder b = new StringBuilder();
        for (SigningKey key : k.all) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(key.hexId()).append(key == k.primary ? " (primary)" : "");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "HmacSigner[label " + label + ", keys " + ids(keys) + "]";
    }

    private static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /** An immutable keyring state, swapped whole. */
    private static final class Keys {
        final SigningKey primary;
        final SigningKey[] all;

        Keys(SigningKey primary, SigningKey[] all) {
            this.primary = primary;
            this.all = all;
        }

        SigningKey find(int id) {
            for (SigningKey key : all) {
                if (key.id() == id) {
                    return key;
                }
            }
            return null;
        }
    }
}
