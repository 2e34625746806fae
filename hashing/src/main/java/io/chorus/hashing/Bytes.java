package io.chorus.hashing;

import java.util.Objects;

/** Little-endian reads from byte arrays, and the bounds check every hash function shares. */
final class Bytes {
    private Bytes() {
    }

    /** @return the eight bytes at {@code i}, first byte lowest */
    static long long64(byte[] data, int i) {
        return (data[i] & 0xFFL) | (data[i + 1] & 0xFFL) << 8 | (data[i + 2] & 0xFFL) << 16
                | (data[i + 3] & 0xFFL) << 24 | (data[i + 4] & 0xFFL) << 32 | (data[i + 5] & 0xFFL) << 40
                | (data[i + 6] & 0xFFL) << 48 | (data[i + 7] & 0xFFL) << 56;
    }

    /** @return the four bytes at {@code i}, first byte lowest, as an unsigned value */
    static long int32(byte[] data, int i) {
        return (data[i] & 0xFFL) | (data[i + 1] & 0xFFL) << 8 | (data[i + 2] & 0xFFL) << 16
                | (data[i + 3] & 0xFFL) << 24;
    }

    /**
     * @return the {@code length} bytes (at most 8) at {@code i}, first byte lowest, zero above
     */
    static long partial(byte[] data, int i, int length) {
        long word = 0;
        for (int k = length - 1; k >= 0; k--) {
            word = word << 8 | (data[i + k] & 0xFFL);
        }
        return word;
    }

    /** Checks that {@code [offset, offset + length)} lies inside {@code data}. */
    static void check(byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
    }
}
