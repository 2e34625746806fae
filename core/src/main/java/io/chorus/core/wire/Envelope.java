package io.chorus.core.wire;

import io.chorus.api.Encryption;
import io.chorus.api.spi.MessageSealer;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What goes around a packet or frame on the wire, outside the protocol's own bytes: the cluster
 * label, and either the signer's trailer or the sealer's seal. One per node, shared by every codec
 * of the node (the protocol loop's and the message threads'); thread-safe.
 *
 * <pre>
 * on the wire := [label] (packet | sealed)
 * label       := 'C' 'L' | length u8 | the label in UTF-8 (1 to 128 bytes)           (only when the node has one)
 * packet      := 'C' 'h' | version ... (see {@link Codec}) | trailer when its flags have SIGNED
 * sealed      := 'C' 'S' | sealer header | the packet, unsigned, encrypted | sealer tag
 *                associated data: the label and 'C' 'S'; the sealer adds its header
 * </pre>
 *
 * A node with no label and no secret writes exactly the bytes a build before labels and sealing
 * wrote. Receiving, {@link #unwrap} checks the label, then opens a sealed message in place or lets a
 * signed one through to the codec, which checks the trailer; what the node's {@link Encryption}
 * mode does not accept is refused before anything is decoded.
 */
public final class Envelope {
    static final int MARK = 'C';
    static final int LABEL = 'L';
    static final int SEALED = 'S';
    /** The bytes of the sealed mark, {@code 'C' 'S'}. */
    static final int SEALED_MARK = 2;

    private final byte[] labelPrefix;
    private final MessageSigner signer;
    private final MessageSealer sealer;
    private final int overhead;
    private volatile Encryption mode;

    private Envelope(Optional<String> label, MessageSigner signer, Encryption mode) {
        this.labelPrefix = label.map(Envelope::prefix).orElse(new byte[0]);
        this.signer = signer;
        this.sealer = signer == null ? null : signer.sealer().orElse(null);
        int trailer = signer == null ? 0 : signer.trailerLength();
        int seal = sealer == null ? 0 : SEALED_MARK + sealer.headerLength() + sealer.tagLength();
        this.overhead = labelPrefix.length + Math.max(trailer, seal);
        mode(mode);
    }

    /**
     * @param label the cluster label, or empty for none
     * @param signer the node's signer, or null for unsigned traffic
     * @param mode the encryption mode it starts in
     * @return the envelope
     * @throws IllegalArgumentException if the mode seals and the signer cannot
     */
    public static Envelope of(Optional<String> label, MessageSigner signer, Encryption mode) {
        return new Envelope(Objects.requireNonNull(label, "label"), signer, Objects.requireNonNull(mode, "mode"));
    }

    /**
     * @param signer the node's signer, or null
     * @return an envelope with no label that signs (or not) and never seals
     */
    public static Envelope signing(MessageSigner signer) {
        return new Envelope(Optional.empty(), signer, Encryption.OFF);
    }

    private static byte[] prefix(String label) {
        byte[] text = label.getBytes(StandardCharsets.UTF_8);
        if (text.length < 1 || text.length > 255) {
            throw new IllegalArgumentException("a label of " + text.length + " bytes: 1 to 255 fit the wire");
        }
        byte[] p = new byte[3 + text.length];
        p[0] = MARK;
        p[1] = LABEL;
        p[2] = (byte) text.length;
        System.arraycopy(text, 0, p, 3, text.length);
        return p;
    }

    /** @return the signer, or null */
    MessageSigner signer() {
        return signer;
    }

    /** @return whether this node signs or seals (it has a secret) */
    public boolean signs() {
        return signer != null;
    }

    /** @return whether this node can seal (it has a signer that seals) */
    public boolean seals() {
        return sealer != null;
    }

    /** @return the mode in force */
    public Encryption mode() {
        return mode;
    }

    /**
     * Switches the mode; the next message sent or received follows it.
     *
     * @param next the mode
     * @throws IllegalArgumentException if it seals or accepts sealed traffic and this node cannot seal
     */
    public void mode(Encryption next) {
        if (next != Encryption.OFF && sealer == null) {
            throw new IllegalArgumentException("encryption " + next.id() + " needs a signer that seals; this node "
                    + (signer == null ? "has no secret" : "signs only"));
        }
        this.mode = next;
    }

    /** @return what the node's traffic is now: {@code sealed}, {@code signed} or {@code plain} */
    public String traffic() {
        if (signer == null) {
            return "plain";
        }
        return mode.sendsSealed() ? "sealed" : "signed";
    }

    /**
     * @return the most bytes the envelope adds to a packet, in any mode this node can be in: what a
     *     packet's messages must leave free of the transport's budget
     */
    public int overhead() {
        return overhead;
    }

    /** @return whether {@link #close} moves the bytes written (a label or sealing), so a buffer cannot be closed twice */
    public boolean movesBytes() {
        return labelPrefix.length > 0 || sealer != null;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Closes a packet or frame written from position 0 of {@code w}: signs or seals it, as the mode
     * says, and puts the label in front. The header's SIGNED flag is set to match.
     *
     * @param w the writer; its position ends after the last byte to send
     */
    public void close(WireWriter w) {
        int len = w.pos;
        int lp = labelPrefix.length;
        if (sealer != null && mode.sendsSealed()) {
            w.buf[3] &= (byte) ~Codec.FLAG_SIGNED;
            int front = lp + SEALED_MARK + sealer.headerLength();
            w.ensure(front + sealer.tagLength());
            byte[] b = w.buf;
            System.arraycopy(b, 0, b, front, len);
            System.arraycopy(labelPrefix, 0, b, 0, lp);
            b[lp] = MARK;
            b[lp + 1] = SEALED;
            sealer.seal(b, 0, lp + SEALED_MARK, len);
            w.pos = front + len + sealer.tagLength();
            return;
        }
        if (signer != null) {
            w.buf[3] |= (byte) Codec.FLAG_SIGNED;
            w.ensure(signer.trailerLength());
            signer.sign(w.buf, 0, len, w.buf, len);
            w.pos = len + signer.trailerLength();
        }
        if (lp > 0) {
            int end = w.pos;
            w.ensure(lp);
            System.arraycopy(w.buf, 0, w.buf, lp, end);
            System.arraycopy(labelPrefix, 0, w.buf, 0, lp);
            w.pos = end + lp;
        }
    }

    // ------------------------------------------------------------------ receiving

    /** Where the packet inside an envelope lies, once {@link #unwrap} has let it through. Mutable; one per thread. */
    public static final class Inner {
        /** Where the packet starts. */
        public int offset;
        /** Its length. */
        public int length;
        /** Whether it came sealed and was opened: it is authentic, and carries no trailer. */
        public boolean opened;
    }

    /**
     * Checks the label, then opens a sealed message in place or lets a signed (or plain) one through,
     * as the mode accepts. Allocates nothing itself (the sealer may); nothing but the sealer's
     * replay window changes on a valid sealed message, and nothing at all otherwise.
     *
     * @param b the buffer (a sealed message is decrypted in it)
     * @param off where the message starts
     * @param len its length
     * @param inner set to where the packet inside lies, when the outcome is {@code OK}
     * @return {@code OK}, or why the message is refused
     */
    public Codec.Outcome unwrap(byte[] b, int off, int len, Inner inner) {
        int end = off + len;
        int p = off;
        int lp = labelPrefix.length;
        if (lp > 0) {
            if (len < lp || !Arrays.equals(b, off, off + lp, labelPrefix, 0, lp)) {
                return Codec.Outcome.LABEL;
            }
            p += lp;
        } else if (len >= 3 && b[off] == MARK && b[off + 1] == LABEL) {
            return Codec.Outcome.LABEL;
        }
        if (end - p >= SEALED_MARK && b[p] == MARK && b[p + 1] == SEALED) {
            MessageSealer s = sealer;
            if (s == null || !mode.acceptsSealed()) {
                return Codec.Outcome.SEALED;
            }
            int at = p + SEALED_MARK;
            Verification v = s.open(b, off, at, end - at);
            switch (v) {
                case VALID:
                    break;
                case UNKNOWN_KEY:
                    return Codec.Outcome.UNKNOWN_KEY;
                case REPLAYED:
                    return Codec.Outcome.REPLAYED;
                default:
                    return Codec.Outcome.BAD_SIGNATURE;
            }
            inner.offset = at + s.headerLength();
            inner.length = end - s.tagLength() - inner.offset;
            inner.opened = true;
            return Codec.Outcome.OK;
        }
        if (sealer != null && !mode.acceptsSigned()) {
            return Codec.Outcome.UNSEALED;
        }
        inner.offset = p;
        inner.length = end - p;
        inner.opened = false;
        return Codec.Outcome.OK;
    }

    @Override
    public String toString() {
        return "Envelope[" + (labelPrefix.length == 0 ? "no label" : "label "
                + new String(labelPrefix, 3, labelPrefix.length - 3, StandardCharsets.UTF_8)) + ", " + traffic()
                + (sealer == null ? "" : ", encryption " + mode.id()) + "]";
    }
}
