package io.chorus.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable (or, for packets, fixed-budget) output buffer with the wire primitives. */
public final class WireWriter {
    byte[] buf;
    int pos;

    /** @param capacity initial capacity */
    public WireWriter(int capacity) {
        this.buf = new byte[capacity];
    }

    /** @return the buffer; valid up to {@link #position()} */
    public byte[] buffer() {
        return buf;
    }

    /** @return bytes written */
    public int position() {
        return pos;
    }

    /** @param p new position (to roll back a partial write) */
    public void position(int p) {
        pos = p;
    }

    /** Empties the buffer. */
    public void clear() {
        pos = 0;
    }

    /** @param n bytes about to be written */
    public void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    /** @param v a byte */
    public void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    /** @param v an unsigned 16-bit number */
    public void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /** @param v a non-negative number, unsigned LEB128 */
    public void varlong(long v) {
        ensure(10);
        while ((v & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** @param p a peer's encoded id */
    public void peer(Peer p) {
        ensure(p.wire.length);
        pos = p.writeTo(buf, pos);
    }

    /** @param s a string, length-prefixed UTF-8 */
    public void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varlong(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** @param b bytes @param off start @param len length */
    public void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** @param v a number @return its LEB128 size */
    public static int varlongSize(long v) {
        int n = 1;
        while ((v & ~0x7fL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
