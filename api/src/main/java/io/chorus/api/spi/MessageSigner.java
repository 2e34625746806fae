package io.chorus.api.spi;

import io.chorus.api.Keyring;
import io.chorus.api.Stability;
import java.util.Optional;

/**
 * Signs outgoing packets and frames and verifies incoming ones, before anything is decoded. The
 * engine reserves {@link #trailerLength()} bytes after each message for the signer's trailer (key
 * id and tag). Thread-safe.
 */
@Stability(Stability.Level.STABLE)
public interface MessageSigner {
    /** @return the trailer size in bytes, constant for the signer's life */
    int trailerLength();

    /**
     * Writes the trailer for {@code message[offset, offset + length)}.
     *
     * @param message the buffer
     * @param offset where the signed bytes start
     * @param length how many
     * @param trailer where to write the trailer
     * @param trailerOffset where in {@code trailer}
     */
    void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset);

    /**
     * Checks a trailer in constant time.
     *
     * @param message the buffer
     * @param offset where the signed bytes start
     * @param length how many
     * @param trailer the buffer holding the trailer
     * @param trailerOffset where in {@code trailer}
     * @return the verdict
     */
    Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset);

    /**
     * The signer's keys, when they can change at run time; {@link io.chorus.api.Cluster#keyring()}
     * hands it to users.
     *
     * @return the keyring, or empty when the signer's keys are fixed
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default Optional<Keyring> keyring() {
        return Optional.empty();
    }

    /**
     * The signer's sealer, when it can also encrypt: then the engine seals or signs each message
     * as the node's {@link io.chorus.api.Encryption} mode says, and the keyring's keys do both.
     *
     * @return the sealer, or empty when the signer only signs
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default Optional<MessageSealer> sealer() {
        return Optional.empty();
    }
}
