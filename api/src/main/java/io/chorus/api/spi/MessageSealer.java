package io.chorus.api.spi;

import io.chorus.api.Stability;

/**
 * Seals outgoing packets and frames (encrypts and authenticates them) and opens incoming ones,
 * in place, for a {@link MessageSigner} that can also encrypt (see {@link MessageSigner#sealer()}).
 * The engine frames a sealed message as {@code [associated data] | header | ciphertext | tag}: the
 * sealer writes its header ({@link #headerLength()} bytes: key id, nonce, whatever it needs to open
 * the message) and its tag ({@link #tagLength()} bytes), both fixed for the sealer's life; the
 * engine's own framing in front (the cluster label, the mark that says "sealed") is authenticated
 * as associated data, not encrypted. Thread-safe; keep what a message allocates small and
 * independent of its length (it runs for every packet).
 */
@Stability(Stability.Level.EXPERIMENTAL)
public interface MessageSealer {
    /** @return the bytes the sealer writes before the ciphertext, fixed for the sealer's life */
    int headerLength();

    /** @return the bytes the sealer writes after the ciphertext, fixed for the sealer's life */
    int tagLength();

    /**
     * Seals {@code buf[off + headerLength(), off + headerLength() + length)} in place: writes the
     * header into {@code buf[off, off + headerLength())}, encrypts the plaintext where it lies,
     * and writes the tag after it. {@code buf[adOff, off)} is authenticated with it.
     *
     * @param buf the buffer, large enough for the header, the plaintext and the tag
     * @param adOff where the associated data starts ({@code adOff == off}: none)
     * @param off where the header goes; the plaintext follows it
     * @param length the plaintext's length
     */
    void seal(byte[] buf, int adOff, int off, int length);

    /**
     * Checks and opens a sealed message in place: {@code buf[off, off + length)} is its header,
     * ciphertext and tag, and {@code buf[adOff, off)} the associated data it was sealed with. On
     * {@link Verification#VALID} the plaintext lies at {@code buf[off + headerLength(), off + length
     * - tagLength())}; on any other verdict nothing was decrypted and no state changed. Anything
     * too short to hold a header and a tag is {@link Verification#BAD_TAG}.
     *
     * @param buf the buffer
     * @param adOff where the associated data starts
     * @param off where the sealer's header starts
     * @param length the header, ciphertext and tag together
     * @return the verdict: {@code VALID}, {@code BAD_TAG} (tampered, truncated, or sealed with
     *     another secret under a key id this node holds), {@code UNKNOWN_KEY}, or {@code REPLAYED}
     */
    Verification open(byte[] buf, int adOff, int off, int length);
}
