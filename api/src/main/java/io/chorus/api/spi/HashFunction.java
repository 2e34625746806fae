package io.chorus.api.spi;

import io.chorus.api.Stability;

/** A 64-bit hash function for the ring. Implementations must not allocate and must be thread-safe. */
@Stability(Stability.Level.STABLE)
public interface HashFunction {
    /**
     * @param data bytes
     * @param offset where to start
     * @param length how many
     * @return the hash
     */
    long hash(byte[] data, int offset, int length);

    /**
     * Hashes the UTF-8 encoding of {@code text}, without allocating.
     *
     * @param text the text
     * @return the same value as hashing its UTF-8 bytes
     */
    long hash(CharSequence text);
}
