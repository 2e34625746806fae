package io.chorus.core.wire;

/**
 * Bytes off the network that do not decode: truncated, oversized, a bad length, a foreign magic
 * or version, or an invalid node id. The only exception a decoder throws for bad input.
 */
public final class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and where */
    public CodecException(String message) {
        super(message, null, false, false);
    }
}
