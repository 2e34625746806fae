package io.chorus.core.wire;

import java.nio.charset.StandardCharsets;

/** A bounds-checked cursor over untrusted bytes; every read checks the limit first. */
public final class WireReader {
    byte[] buf;
    int pos;
    int limit;

    /**
     * Points the reader at new bytes.
     *
     * @param b buffer
     * @param off start
     * @param len length
     * @return this
     */
    public WireReader reset(byte[] b, int off, int len) {
        this.buf = b;
        this.pos = off;
        this.limit = off + len;
        return this;
    }

    /** @return bytes left */
    public int remaining() {
        return limit - pos;
    }

    /** @return the position */
    public int position() {
        return pos;
    }

    /** @param p the new position, at most the limit @throws CodecException beyond the limit */
    public void position(int p) throws CodecException {
        if (p < 0 || p > limit) {
            throw new CodecException("position " + p + " beyond limit " + limit);
        }
        pos = p;
    }

    /** @return the limit */
    public int limit() {
        return limit;
    }

    /** @param newLimit a limit no larger than the current one */
    void limit(int newLimit) {
        this.limit = newLimit;
    }

    /** @param n bytes to need @throws CodecException if fewer remain */
    public void need(int n) throws CodecException {
        if (n < 0 || n > limit - pos) {
            throw new CodecException("truncated: need " + n + " bytes at " + pos + ", " + (limit - pos) + " left");
        }
    }

    /** @return an unsigned byte @throws CodecException if none left */
    public int u8() throws CodecException {
        need(1);
        return buf[pos++] & 0xff;
    }

    /** @return an unsigned 16-bit big-endian number @throws CodecException if truncated */
    public int u16() throws CodecException {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    /** @param n bytes to skip @throws CodecException if truncated */
    public void skip(int n) throws CodecException {
        need(n);
        pos += n;
    }

    /** @return an unsigned LEB128 number of at most 63 bits @throws CodecException if malformed */
    public long varlong() throws CodecException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    break;
                }
                return v;
            }
        }
        throw new CodecException("varint too long or negative at " + pos);
    }

    /**
     * @param max the largest value allowed
     * @return an unsigned number no larger than max
     * @throws CodecException if malformed or larger
     */
    public int varint(int max) throws CodecException {
        long v = varlong();
        if (v > max) {
            throw new CodecException("value " + v + " at " + pos + " exceeds " + max);
        }
        return (int) v;
    }

    /**
     * @param maxLen the longest string allowed
     * @return a length-prefixed UTF-8 string
     * @throws CodecException if malformed
     */
    public String string(int maxLen) throws CodecException {
        int len = varint(maxLen);
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }
}
