package io.chorus.benchmarks;

import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.Verification;
import java.util.ServiceLoader;

/** What the signing and sealing benchmarks share: signers found as a node finds them, and a packet signed and verified. */
final class Signers {
    private Signers() {
    }

    /** @return the message signer provider of this id, found by ServiceLoader on the class path */
    static MessageSignerProvider provider(String id) {
        return ServiceLoader.load(MessageSignerProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the " + id + " signer is not on the class path"));
    }

    /**
     * Signs {@code packet[0, length)} with {@code sender}, the trailer after it, and verifies it with
     * {@code receiver}: one packet end to end.
     *
     * @return the verdict, {@link Verification#VALID}
     * @throws IllegalStateException if it did not verify
     */
    static Verification signAndVerify(MessageSigner sender, MessageSigner receiver, byte[] packet, int length) {
        sender.sign(packet, 0, length, packet, length);
        Verification v = receiver.verify(packet, 0, length, packet, length);
        if (v != Verification.VALID) {
            throw new IllegalStateException("verification failed: " + v);
        }
        return v;
    }
}
