package io.chorus.core.wire;

import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Verification;

/**
 * Checks what comes before any decoding: magic, version and, with a signer, the trailer over every
 * byte before it (a packet that came sealed was authenticated when {@link Envelope#unwrap} opened
 * it, and carries no trailer). Shared by the protocol codec and the user message codec. Not
 * thread-safe (it keeps the last error); the signer is.
 */
final class Verifier {
    /** Decode outcomes as negative codes: {@code -1 - outcome.ordinal()}. */
    private static final Codec.Outcome[] OUTCOMES = Codec.Outcome.values();

    private final MessageSigner signer;
    private final int trailer;
    String lastError = "";

    Verifier(MessageSigner signer) {
        this.signer = signer;
        this.trailer = signer == null ? 0 : signer.trailerLength();
    }

    int trailer() {
        return trailer;
    }

    MessageSigner signer() {
        return signer;
    }

    /**
     * @param opened whether the bytes came sealed and were opened (authentic, with no trailer)
     * @return the end of the verified bytes (the trailer excluded), or a negative code for which
     *     {@link #outcome} gives the outcome
     */
    int verify(byte[] b, int off, int len, boolean opened) {
        if (len < 4 || b[off] != Codec.MAGIC0 || b[off + 1] != Codec.MAGIC1) {
            lastError = "not a Chorus message (bad magic)";
            return code(Codec.Outcome.DROPPED);
        }
        if ((b[off + 2] & 0xff) != Codec.VERSION) {
            lastError = "protocol version " + (b[off + 2] & 0xff) + ", this node speaks " + Codec.VERSION;
            return code(Codec.Outcome.DROPPED);
        }
        boolean signed = (b[off + 3] & Codec.FLAG_SIGNED) != 0;
        int end = off + len;
        if (opened) {
            if (signed) {
                lastError = "a sealed packet that says it is signed";
                return code(Codec.Outcome.BAD_SIGNATURE);
            }
            return end;
        }
        if (signer != null) {
            if (!signed) {
                return code(Codec.Outcome.MISSING_SIGNATURE);
            }
            if (len < 4 + trailer) {
                lastError = "too short for a signature";
                return code(Codec.Outcome.MISSING_SIGNATURE);
            }
            end -= trailer;
            Verification verdict = signer.verify(b, off, end - off, b, end);
            switch (verdict) {
                case VALID:
                    return end;
                case UNKNOWN_KEY:
                    return code(Codec.Outcome.UNKNOWN_KEY);
                case REPLAYED:
                    return code(Codec.Outcome.REPLAYED);
                default:
                    return code(Codec.Outcome.BAD_SIGNATURE);
            }
        } else if (signed) {
            lastError = "signed message, but this node has no secret";
            return code(Codec.Outcome.BAD_SIGNATURE);
        }
        return end;
    }

    static Codec.Outcome outcome(int code) {
        return OUTCOMES[-1 - code];
    }

    private static int code(Codec.Outcome o) {
        return -1 - o.ordinal();
    }
}
