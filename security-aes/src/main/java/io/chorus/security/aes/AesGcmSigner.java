package io.chorus.security.aes;

import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSealer;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.ReplayWindow;
import io.chorus.api.spi.Verification;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Signs as the {@code hmac} signer it wraps, and seals with AES-256-GCM; one keyring for both.
 * Each secret installed gives the hmac signer's key and an AES key, both named by the hmac key's
 * id, so a sealed message names its key with the id a signed one would carry. The header of a
 * sealed message (20 bytes), its tag after the ciphertext (16 bytes):
 *
 * <pre>
 * key id u32 | sender epoch u64 | sequence u32 | timestamp u32 (seconds)
 * nonce = epoch || sequence (96 bits); associated data = the engine's framing (label, mark) || this header
 * </pre>
 *
 * The epoch, sequence and timestamp are a {@link ReplayWindow.Stamper}'s stamp, as in a signed
 * message's trailer: one stamper per signer, so one epoch per start of a node.
 *
 * Opening: the key id selects a key ({@link Verification#UNKNOWN_KEY}); the JDK checks the tag in
 * constant time before it decrypts, into a buffer of the thread's ({@link Verification#BAD_TAG});
 * only then are the epoch, sequence and timestamp trusted and checked against the replay window
 * ({@link Verification#REPLAYED}); then the plaintext is copied into place. A refused message is
 * left as it came.
 */
final class AesGcmSigner implements MessageSigner, MessageSealer, Keyring {
    static final int KEY_ID = 4;
    /** The header before the ciphertext. */
    static final int HEADER = KEY_ID + ReplayWindow.STAMP;
    /** HKDF info prefix; the cluster label follows it. */
    static final byte[] INFO = "chorus/aes-256-gcm/v1/".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** The largest plaintext buffer a thread keeps between messages. */
    static final int KEPT_SCRATCH = 64 * 1024;
    /**
     * Each thread's buffer for the plaintext being opened: it is decrypted there, and copied into
     * place only once the tag is right and the replay window has accepted it, so a refused message
     * is left as it came.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2048]);

    private final MessageSigner signing;
    private final Keyring signingKeys;
    private final String label;
    private final ReplayWindow guard;
    private final LongSupplier clockMillis;
    private final ReplayWindow.Stamper stamper;
    private final Object keyLock = new Object();
    /** The AES keys, the primary first: an immutable array, swapped whole. */
    private volatile Named[] gcmKeys;

    /**
     * @param signing the hmac signer, made from the same config: it signs and verifies, and its
     *     keyring names the keys
     * @param secret the first key's secret, the one {@code signing} signs with
     * @param label the cluster label, mixed into every key
     * @param guard the replay window for sealed messages
     * @param clockMillis wall-clock milliseconds since the Unix epoch
     * @param random the source of sender epochs
     */
    AesGcmSigner(MessageSigner signing, Secret secret, String label, ReplayWindow guard, LongSupplier clockMillis,
            SecureRandom random) {
        this.signing = signing;
        this.signingKeys = signing.keyring().orElseThrow(() -> new IllegalArgumentException(
                "the signer " + signing + " has no keyring, which aes-gcm shares"));
        this.label = label;
        this.guard = guard;
        this.clockMillis = clockMillis;
        this.stamper = new ReplayWindow.Stamper(random, clockMillis);
        this.gcmKeys = new Named[] {new Named(signingKeys.keys().get(0).id(), derive(secret))};
    }

    private GcmKey derive(Secret secret) {
        byte[] ikm = Objects.requireNonNull(secret, "secret").bytes();
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] info = Arrays.copyOf(INFO, INFO.length + l.length);
        System.arraycopy(l, 0, info, INFO.length, l.length);
        byte[] key = Hkdf.derive(new byte[0], ikm, info, 32);
        try {
            return new GcmKey(key);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(ikm, (byte) 0);
        }
    }

    // ------------------------------------------------------------------ signing: the hmac signer's

    @Override
    public int trailerLength() {
        return signing.trailerLength();
    }

    @Override
    public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        signing.sign(message, offset, length, trailer, trailerOffset);
    }

    @Override
    public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        return signing.verify(message, offset, length, trailer, trailerOffset);
    }

    @Override
    public Optional<Keyring> keyring() {
        return Optional.of(this);
    }

    @Override
    public Optional<MessageSealer> sealer() {
        return Optional.of(this);
    }

    // ------------------------------------------------------------------ sealing

    @Override
    public int headerLength() {
        return HEADER;
    }

    @Override
    public int tagLength() {
        return GcmKey.TAG;
    }

    @Override
    public void seal(byte[] buf, int adOff, int off, int length) {
        Named key = gcmKeys[0];
        INT.set(buf, off, key.id);
        stamper.stamp(buf, off + KEY_ID);
        key.gcm.seal(buf, off + KEY_ID, adOff, off + HEADER, length);
    }

    @Override
    public Verification open(byte[] buf, int adOff, int off, int length) {
        if (length < HEADER + GcmKey.TAG || adOff < 0 || adOff > off) {
            return Verification.BAD_TAG;
        }
        Named key = find(gcmKeys, (int) INT.get(buf, off));
        if (key == null) {
            return Verification.UNKNOWN_KEY;
        }
        int ciphertext = length - HEADER - GcmKey.TAG;
        byte[] plain = scratch(ciphertext);
        if (!key.gcm.open(buf, off + KEY_ID, adOff, off + HEADER, ciphertext, plain)) {
            return Verification.BAD_TAG;
        }
        if (!guard.accept(buf, off + KEY_ID, clockMillis.getAsLong() / 1000)) {
            return Verification.REPLAYED;
        }
        System.arraycopy(plain, 0, buf, off + HEADER, ciphertext);
        return Verification.VALID;
    }

    /**
     * @return this thread's buffer for a plaintext of {@code length} bytes, kept from one message to
     *     the next up to {@value #KEPT_SCRATCH} bytes (a packet, a usual frame); a larger one is new
     */
    private static byte[] scratch(int length) {
        byte[] b = SCRATCH.get();
        if (b.length >= length) {
            return b;
        }
        if (length > KEPT_SCRATCH) {
            return new byte[length];
        }
        b = new byte[Math.max(length, Math.min(KEPT_SCRATCH, 2 * b.length))];
        SCRATCH.set(b);
        return b;
    }

    // ------------------------------------------------------------------ keyring: the hmac signer's, with an AES key beside each

    @Override
    public List<KeyInfo> keys() {
        return signingKeys.keys();
    }

    @Override
    public KeyInfo install(Secret secret) {
        GcmKey gcm = derive(secret);
        synchronized (keyLock) {
            KeyInfo installed = signingKeys.install(secret);
            Named[] k = gcmKeys;
            if (find(k, idOf(installed.id())) == null) {
                Named[] all = Arrays.copyOf(k, k.length + 1);
                all[k.length] = new Named(installed.id(), gcm);
                gcmKeys = all;
            }
            return installed;
        }
    }

    @Override
    public void promote(String keyId) {
        synchronized (keyLock) {
            signingKeys.promote(keyId);
            int primary = idOf(primaryId());
            Named[] k = gcmKeys;
            Named[] reordered = new Named[k.length];
            reordered[0] = find(k, primary);
            int at = 1;
            for (Named n : k) {
                if (n.id != primary) {
                    reordered[at++] = n;
                }
            }
            gcmKeys = reordered;
        }
    }

    @Override
    public void remove(String keyId) {
        synchronized (keyLock) {
            signingKeys.remove(keyId);
            int gone = idOf(keyId.trim()); // the keyring refused to remove the primary
            gcmKeys = Arrays.stream(gcmKeys).filter(n -> n.id != gone).toArray(Named[]::new);
        }
    }

    private String primaryId() {
        return signingKeys.keys().stream().filter(KeyInfo::primary).findFirst().orElseThrow().id();
    }

    private static int idOf(String hex) {
        return Integer.parseUnsignedInt(hex, 16);
    }

    @Override
    public String toString() {
        return "AesGcmSigner[label " + label + ", keys " + keys() + "]";
    }

    /** An AES key and the id of the hmac key from the same secret. */
    private static final class Named {
        final int id;
        final GcmKey gcm;

        Named(String hexId, GcmKey gcm) {
            this.id = idOf(hexId);
            this.gcm = gcm;
        }
    }

    /** @return the key of this id, or null */
    private static Named find(Named[] keys, int id) {
        for (Named n : keys) {
            if (n.id == id) {
                return n;
            }
        }
        return null;
    }
}
