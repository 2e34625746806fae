package io.chorus.security.hmac;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.Secret;
import io.chorus.api.spi.ProviderContext;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Signers on a settable clock, and random packets. */
final class Fixture {
    static final Secret SECRET = Secret.ofText("correct horse battery staple");
    static final Secret OTHER = Secret.ofText("a quite different cluster secret");

    /** Wall-clock milliseconds, set by the test. */
    final AtomicLong clock = new AtomicLong(1_780_000_000_000L);

    HmacSigner signer(Secret secret) {
        return signer(secret, Map.of());
    }

    HmacSigner signer(Secret secret, Map<String, String> options) {
        ClusterConfig config = ClusterConfig.builder("n1").secret(secret).options(Options.of(options)).build();
        return HmacSignerProvider.create(ProviderContext.of(config), clock::get);
    }

    /** @return a packet of {@code length} random bytes followed by room for the trailer */
    static byte[] packet(SplittableRandom random, int length) {
        byte[] b = new byte[length + HmacSigner.TRAILER];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** Signs {@code b} whose message is everything before the trailer. */
    static byte[] sign(HmacSigner s, byte[] b) {
        int len = b.length - HmacSigner.TRAILER;
        s.sign(b, 0, len, b, len);
        return b;
    }

    static io.chorus.api.spi.Verification verify(HmacSigner s, byte[] b) {
        int len = b.length - HmacSigner.TRAILER;
        return s.verify(b, 0, len, b, len);
    }
}
