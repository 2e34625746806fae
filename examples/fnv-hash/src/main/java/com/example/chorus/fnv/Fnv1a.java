package com.example.chorus.fnv;

import io.chorus.api.spi.HashFunction;

/** FNV-1a, 64 bits; text is hashed as its UTF-8 bytes, encoded on the fly so nothing is allocated. */
final class Fnv1a implements HashFunction {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private static long step(long h, int b) {
        return (h ^ (b & 0xff)) * PRIME;
    }

    @Override
    public long hash(byte[] data, int offset, int length) {
        long h = OFFSET;
        for (int i = offset; i < offset + length; i++) {
            h = step(h, data[i]);
        }
        return h;
    }

    @Override
    public long hash(CharSequence text) {
        long h = OFFSET;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                h = step(h, c);
            } else if (c < 0x800) {
                h = step(step(h, 0xc0 | c >> 6), 0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                h = step(step(step(step(h, 0xf0 | cp >> 18), 0x80 | cp >> 12 & 0x3f), 0x80 | cp >> 6 & 0x3f), 0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                h = step(h, '?'); // a lone surrogate, as String.getBytes(UTF_8) writes it
            } else {
                h = step(step(step(h, 0xe0 | c >> 12), 0x80 | c >> 6 & 0x3f), 0x80 | c & 0x3f);
            }
        }
        return h;
    }
}
