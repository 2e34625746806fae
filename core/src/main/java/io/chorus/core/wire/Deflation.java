package io.chorus.core.wire;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflate and inflate for compressed frames, with the JDK's zlib (the zlib format: a 2-byte header
 * and an Adler-32 check, so a corrupt body is caught). The {@link Deflater} and {@link Inflater}
 * hold native memory (about 270 KiB and 40 KiB): they are made on first use, reused for every
 * frame, and freed by {@link #close}. Keep one per thread: a node's protocol loop, or one for all
 * the engines of a simulation, which share its thread. Not thread-safe.
 */
public final class Deflation implements AutoCloseable {
    /**
     * Deflate expands at most about 1032 to 1: a body that claims more than this many bytes per
     * compressed byte (plus a little) is a lie, dropped before anything is allocated for it.
     */
    static final int MAX_RATIO = 1032;
    /** Scratch buffers larger than this are let go after use rather than kept. */
    private static final int KEEP = 256 * 1024;

    private final int level;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] packed = new byte[0];
    private byte[] inflated = new byte[0];

    /** Fast compression ({@link Deflater#BEST_SPEED}): on a push-pull state nearly as small as the default level, at a fraction of its time. */
    public Deflation() {
        this(Deflater.BEST_SPEED);
    }

    /** @param level a {@link Deflater} level, 1 (fastest) to 9 (smallest) */
    public Deflation(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("deflate level " + level + " out of range 1-9");
        }
        this.level = level;
    }

    /**
     * Compresses {@code b[off, off + len)} into {@link #packed()}.
     *
     * @param b the bytes
     * @param off start
     * @param len length
     * @param max the most compressed bytes worth having
     * @return the compressed length, or -1 if it would exceed {@code max}
     */
    int deflate(byte[] b, int off, int len, int max) {
        Deflater d = deflater;
        if (d == null) {
            d = deflater = new Deflater(level);
        }
        if (packed.length < max) {
            packed = new byte[max];
        }
        d.reset();
        d.setInput(b, off, len);
        d.finish();
        int n = 0;
        while (!d.finished() && n < max) {
            n += d.deflate(packed, n, max - n);
        }
        return d.finished() ? n : -1;
    }

    /** @return the output of the last {@link #deflate} */
    byte[] packed() {
        return packed;
    }

    /** Lets a big compression buffer go once the frame it held is sent. */
    void releasePacked() {
        if (packed.length > KEEP) {
            packed = new byte[0];
        }
    }

    /**
     * Inflates a compressed body that claims {@code size} bytes; the result is in {@link #inflated()}
     * until the next call. Allocates in step with what actually comes out: a buffer of at most
     * {@code size + 1} bytes (and smaller ones on the way there, a third of that in all), whatever the
     * input claims or holds.
     *
     * @param b the compressed bytes
     * @param off start
     * @param len length
     * @param size the inflated size the sender claims, already checked against the cap
     * @throws CodecException if the body is corrupt, truncated, followed by more bytes, or inflates
     *     to any other size than claimed
     */
    void inflate(byte[] b, int off, int len, int size) throws CodecException {
        Inflater f = inflater;
        if (f == null) {
            f = inflater = new Inflater();
        }
        f.reset();
        f.setInput(b, off, len);
        byte[] out = inflated;
        int n = 0;
        try {
            while (!f.finished()) {
                int limit = (int) Math.min(out.length, size + 1L);
                if (n == limit) {
                    if (n > size) {
                        throw new CodecException("compressed body inflates to more than the " + size + " bytes it claims");
                    }
                    // grow with the output (fourfold: what is let go along the way stays under a third of
                    // the end size), up to one byte past the claim so that an overrun shows
                    long next = Math.max(4096L, 4L * out.length);
                    out = inflated = Arrays.copyOf(out, (int) (next * 2 > size ? size + 1L : next));
                    limit = out.length;
                }
                int remaining = f.getRemaining();
                int k = f.inflate(out, n, limit - n);
                n += k;
                if (k == 0 && !f.finished() && f.getRemaining() == remaining) {
                    throw new CodecException(f.needsDictionary() ? "compressed body needs a preset dictionary"
                            : "compressed body truncated after " + n + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new CodecException("compressed body corrupt: " + e.getMessage());
        }
        if (n != size) {
            throw new CodecException("compressed body inflates to " + (n > size ? "more than " : "") + Math.min(n, size)
                    + " bytes, claims " + size);
        }
        if (f.getRemaining() != 0) {
            throw new CodecException(f.getRemaining() + " bytes after the end of the compressed body");
        }
    }

    /** @return the output of the last {@link #inflate} */
    byte[] inflated() {
        return inflated;
    }

    /** Lets a big inflation buffer go once what it held is decoded. */
    void releaseInflated() {
        if (inflated.length > KEEP) {
            inflated = new byte[0];
        }
    }

    /** Frees the native memory; a later use makes new ones. */
    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        packed = new byte[0];
        inflated = new byte[0];
    }

    /**
     * Compresses the messages of a packet or frame in place, unless they are fewer than
     * {@code threshold} bytes or would not shrink.
     *
     * @param w the writer, holding a header and messages, not yet signed
     * @param d the deflation to use
     * @param threshold message bytes from which to compress
     * @return whether it compressed
     */
    static boolean compressMessages(WireWriter w, Deflation d, int threshold) {
        byte[] b = w.buf;
        int start = Codec.messagesStart(b, 0);
        int raw = w.pos - start;
        if (raw < threshold) {
            return false;
        }
        int prefix = 1 + WireWriter.varlongSize(raw);
        int packed = d.deflate(b, start, raw, raw - prefix - 1);
        if (packed < 0) {
            d.releasePacked();
            return false;
        }
        w.pos = start;
        w.u8(0);
        w.varlong(raw);
        w.bytes(d.packed(), 0, packed);
        b[3] |= Codec.FLAG_COMPRESSED;
        d.releasePacked();
        return true;
    }

    /**
     * Inflates the compressed messages after a header, when the header says so.
     *
     * @param r the reader, just after the header; pointed at the inflated messages on return
     * @param d the deflation to use
     * @param maxInflated the cap
     * @throws CodecException if the body is malformed, corrupt or over the cap
     */
    static void inflateMessages(WireReader r, Deflation d, int maxInflated) throws CodecException {
        if (r.u8() != 0) {
            throw new CodecException("compressed body without its marker");
        }
        int size = r.varint(maxInflated);
        int compressed = r.remaining();
        if (size > (long) compressed * MAX_RATIO + 64) {
            throw new CodecException("compressed body of " + compressed + " bytes claims " + size
                    + " inflated, more than deflate can reach");
        }
        d.inflate(r.buf, r.pos, compressed, size);
        r.reset(d.inflated(), 0, size);
    }
}
