package io.chorus.hashing;

/**
 * Encodes text to UTF-8 one code point at a time, without allocating, the way
 * {@code String.getBytes(StandardCharsets.UTF_8)} does: a surrogate pair becomes four bytes and
 * an unpaired surrogate becomes {@code '?'} (0x3F).
 *
 * <p>{@link #ascii8} and {@link #ascii4} take runs of ASCII chars a word at a time. {@link #next} packs its answer into one {@code long}: the encoded bytes in the low 32 bits,
 * first byte lowest; the byte count (1 to 4) in bits 32 to 34; bit 40 set when the code point took
 * two chars.
 */
final class Utf8 {
    private static final long ONE = 1L << 32;
    private static final long TWO = 2L << 32;
    private static final long THREE = 3L << 32;
    private static final long FOUR = 4L << 32;
    private static final long PAIR = 1L << 40;
    private static final long UNPAIRED = ONE | '?';

    private Utf8() {
    }

    /**
     * @param text the text
     * @param i the index of the code point's first char
     * @param end the text's length
     * @return the packed encoding of the code point at {@code i}
     */
    static long next(CharSequence text, int i, int end) {
        int c = text.charAt(i);
        if (c < 0x80) {
            return ONE | c;
        }
        if (c < 0x800) {
            return TWO | (0xC0 | (c >>> 6)) | (long) (0x80 | (c & 0x3F)) << 8;
        }
        if (c < 0xD800 || c > 0xDFFF) {
            return THREE | (0xE0 | (c >>> 12)) | (long) (0x80 | ((c >>> 6) & 0x3F)) << 8
                    | (long) (0x80 | (c & 0x3F)) << 16;
        }
        if (c > 0xDBFF || i + 1 >= end) {
            return UNPAIRED;
        }
        int d = text.charAt(i + 1);
        if (d < 0xDC00 || d > 0xDFFF) {
            return UNPAIRED;
        }
        int cp = ((c - 0xD800) << 10) + (d - 0xDC00) + 0x10000;
        return FOUR | PAIR | (0xF0 | (cp >>> 18)) | (long) (0x80 | ((cp >>> 12) & 0x3F)) << 8
                | (long) (0x80 | ((cp >>> 6) & 0x3F)) << 16 | (long) (0x80 | (cp & 0x3F)) << 24;
    }

    /**
     * @param text the text
     * @param i where to start; {@code i + 8} must not pass the end
     * @return the eight chars from {@code i} as eight bytes, first lowest, when all are ASCII; else -1
     */
    static long ascii8(CharSequence text, int i) {
        long c0 = text.charAt(i);
        long c1 = text.charAt(i + 1);
        long c2 = text.charAt(i + 2);
        long c3 = text.charAt(i + 3);
        long c4 = text.charAt(i + 4);
        long c5 = text.charAt(i + 5);
        long c6 = text.charAt(i + 6);
        long c7 = text.charAt(i + 7);
        if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) {
            return -1;
        }
        return c0 | c1 << 8 | c2 << 16 | c3 << 24 | c4 << 32 | c5 << 40 | c6 << 48 | c7 << 56;
    }

    /**
     * @param text the text
     * @param i where to start; {@code i + 4} must not pass the end
     * @return the four chars from {@code i} as four bytes, first lowest, when all are ASCII; else -1
     */
    static int ascii4(CharSequence text, int i) {
        int c0 = text.charAt(i);
        int c1 = text.charAt(i + 1);
        int c2 = text.charAt(i + 2);
        int c3 = text.charAt(i + 3);
        if ((c0 | c1 | c2 | c3) >= 0x80) {
            return -1;
        }
        return c0 | c1 << 8 | c2 << 16 | c3 << 24;
    }

    /** @return the encoded bytes of a packed code point, first byte lowest */
    static long bytes(long packed) {
        return packed & 0xFFFF_FFFFL;
    }

    /** @return how many bytes a packed code point encodes to, 1 to 4 */
    static int count(long packed) {
        return (int) (packed >>> 32) & 7;
    }

    /** @return how many chars a packed code point took, 1 or 2 */
    static int chars(long packed) {
        return 1 + ((int) (packed >>> 40) & 1);
    }

    /**
     * @param text the text
     * @return the length of its UTF-8 encoding in bytes
     */
    static long length(CharSequence text) {
        int end = text.length();
        long total = 0;
        int i = 0;
        while (i < end) {
            char c = text.charAt(i);
            if (c < 0x80) {
                total++;
                i++;
            } else {
                long e = next(text, i, end);
                total += count(e);
                i += chars(e);
            }
        }
        return total;
    }
}
