package io.chorus.core.engine;

import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.Verification;

/**
 * A {@link MessageSigner} whose one-byte trailer is the verdict its check gives: it signs with
 * {@link Verification#VALID}, and a test that writes another verdict's ordinal over the trailer
 * gets that outcome. Checks nothing else; enough to drive the codec's outcomes by cause.
 */
final class VerdictSigner implements MessageSigner {
    @Override
    public int trailerLength() {
        return 1;
    }

    @Override
    public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        trailer[trailerOffset] = (byte) Verification.VALID.ordinal();
    }

    @Override
    public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
        int v = trailer[trailerOffset];
        return v >= 0 && v < Verification.values().length ? Verification.values()[v] : Verification.BAD_TAG;
    }

    /** @param signed bytes this signer signed @param verdict the verdict to get @return a copy with that trailer */
    static byte[] withVerdict(byte[] signed, Verification verdict) {
        byte[] copy = signed.clone();
        copy[copy.length - 1] = (byte) verdict.ordinal();
        return copy;
    }
}
