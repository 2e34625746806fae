package io.chorus.security.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.ReplayWindow;
import io.chorus.api.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The aes-gcm signer on a settable clock: it signs as hmac does, seals with the key the keyring's
 * primary names, and refuses, by cause and with no state change, a wrong key, a wrong label, a
 * replay, a message out of the time window and a truncated tag.
 */
class AesGcmSignerTest {
    static final Secret SECRET = Secret.ofText("correct horse battery staple");
    static final Secret OTHER = Secret.ofText("a quite different cluster secret");
    /** The engine's framing in front: a label and the sealed mark. */
    static final byte[] FRAMING = "CL\u0008paymentsCS".getBytes(StandardCharsets.US_ASCII);

    final AtomicLong clock = new AtomicLong(1_780_000_000_000L);

    AesGcmSigner signer(Secret secret, ClusterConfig.Builder config) {
        return AesGcmSignerProvider.create(ProviderContext.of(config.secret(secret).build()), clock::get);
    }

    AesGcmSigner signer(Secret secret) {
        return signer(secret, ClusterConfig.builder("n1"));
    }

    static byte[] seal(AesGcmSigner s, byte[] plain) {
        byte[] b = new byte[FRAMING.length + AesGcmSigner.HEADER + plain.length + GcmKey.TAG];
        System.arraycopy(FRAMING, 0, b, 0, FRAMING.length);
        System.arraycopy(plain, 0, b, FRAMING.length + AesGcmSigner.HEADER, plain.length);
        s.seal(b, 0, FRAMING.length, plain.length);
        return b;
    }

    static Verification open(AesGcmSigner s, byte[] b) {
        return s.open(b, 0, FRAMING.length, b.length - FRAMING.length);
    }

    static byte[] plain(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void itSignsExactlyAsTheHmacSignerDoes() {
        AesGcmSigner a = signer(SECRET);
        MessageSigner hmac = hmac(ClusterConfig.builder("n2").secret(SECRET).build());
        byte[] m = Arrays.copyOf(plain(new SplittableRandom(1), 100), 100 + a.trailerLength());
        a.sign(m, 0, 100, m, 100);
        assertEquals(36, a.trailerLength());
        assertEquals(Verification.VALID, hmac.verify(m, 0, 100, m, 100), "an hmac node verifies what aes-gcm signs");
        assertEquals(hmac.keyring().orElseThrow().keys(), a.keys(), "the same key ids");
    }

    @Test
    void theHeaderCarriesTheKeyIdAndAFreshNonceEachTime() {
        AesGcmSigner a = signer(SECRET);
        Set<String> nonces = new HashSet<>();
        byte[] p = plain(new SplittableRandom(2), 50);
        for (int i = 0; i < 1000; i++) {
            byte[] b = seal(a, p);
            assertEquals(a.keys().get(0).id(), HexFmt.hex(b, FRAMING.length, 4), "the key id, as the keyring lists it");
            assertTrue(nonces.add(HexFmt.hex(b, FRAMING.length + 4, 12)), "a nonce repeated");
        }
        byte[] other = seal(signer(SECRET), p);
        assertTrue(nonces.add(HexFmt.hex(other, FRAMING.length + 4, 12)), "another signer (another start) draws another epoch");
        assertEquals(38, 2 + AesGcmSigner.HEADER + GcmKey.TAG, "bytes a sealed packet adds, with the engine's 2-byte mark");
    }

    @Test
    void aWrongKeyAWrongLabelAReplayAndATruncatedTagAreEachRefusedByCause() {
        AesGcmSigner a = signer(SECRET);
        ReplayWindow guard = new ReplayWindow(30, 1024, 16);
        AesGcmSigner b = new AesGcmSigner(hmac(ClusterConfig.builder("n2").secret(SECRET).build()), SECRET, "chorus", guard,
                clock::get, new java.security.SecureRandom());
        SplittableRandom r = new SplittableRandom(3);
        assertEquals(Verification.UNKNOWN_KEY, open(b, seal(signer(OTHER), plain(r, 80))), "another secret");
        AesGcmSigner orders = signer(SECRET, ClusterConfig.builder("n3").label("orders"));
        assertEquals(Verification.UNKNOWN_KEY, open(b, seal(orders, plain(r, 80))), "another label: another key, another id");
        byte[] sent = seal(a, plain(r, 80));
        byte[] relabelled = sent.clone();
        relabelled[5] ^= 1; // the label in the associated data
        assertEquals(Verification.BAD_TAG, open(b, relabelled), "the label in front altered");
        for (int cut = 1; cut <= GcmKey.TAG; cut++) {
            assertEquals(Verification.BAD_TAG, open(b, Arrays.copyOf(sent, sent.length - cut)), "tag cut by " + cut);
        }
        assertEquals(Verification.BAD_TAG, b.open(sent, 0, FRAMING.length, AesGcmSigner.HEADER + GcmKey.TAG - 1), "too short");
        assertEquals(0, guard.senders(), "nothing refused left a trace");
        byte[] copy = sent.clone();
        assertEquals(Verification.VALID, open(b, sent));
        assertEquals(Verification.REPLAYED, open(b, copy), "the same sealed packet again");
        assertEquals(1, guard.senders());
    }

    @Test
    void theTimeWindowOfSignedTrafficAppliesToSealedTraffic() {
        AesGcmSigner a = signer(SECRET);
        AesGcmSigner b = signer(SECRET, ClusterConfig.builder("n1").options(io.chorus.api.Options.of(
                Map.of("security.hmac.time-window", "10s"))));
        SplittableRandom r = new SplittableRandom(4);
        byte[] old = seal(a, plain(r, 30));
        clock.addAndGet(11_000);
        assertEquals(Verification.REPLAYED, open(b, old), "11 s old");
        byte[] fresh = seal(a, plain(r, 30));
        assertEquals(Verification.VALID, open(b, fresh));
    }

    @Test
    void openingDecryptsInPlaceAndNothingElse() {
        AesGcmSigner a = signer(SECRET);
        byte[] p = "tag zone=eu-secret-1, event payload".getBytes(StandardCharsets.UTF_8);
        byte[] sent = seal(a, p);
        assertTrue(!new String(sent, StandardCharsets.ISO_8859_1).contains("secret"), "sealed");
        assertArrayEquals(FRAMING, Arrays.copyOf(sent, FRAMING.length), "the framing in front stays in clear");
        assertEquals(Verification.VALID, open(signer(SECRET), sent));
        int at = FRAMING.length + AesGcmSigner.HEADER;
        assertArrayEquals(p, Arrays.copyOfRange(sent, at, at + p.length));
    }

    @Test
    void aRotationChangesTheSealingKeyAndRemovingAKeyStopsItOpening() {
        AesGcmSigner a = signer(SECRET);
        AesGcmSigner b = signer(SECRET);
        String old = a.keys().get(0).id();
        Secret next = Secret.ofText("the next secret, rotated to");
        String nextId = a.install(next).id();
        b.install(next);
        a.promote(nextId);
        byte[] sent = seal(a, new byte[10]);
        assertEquals(nextId, HexFmt.hex(sent, FRAMING.length, 4), "sealed with the promoted key");
        assertEquals(Verification.VALID, open(b, sent));
        b.promote(nextId);
        b.remove(old);
        assertEquals(Verification.UNKNOWN_KEY, open(b, seal(signer(SECRET), new byte[10])), "the removed key");
        assertNotEquals(old, nextId);
    }

    /** @return the hmac signer for a config, found as the aes-gcm signer finds it */
    static MessageSigner hmac(ClusterConfig config) {
        return ServiceLoader.load(MessageSignerProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("hmac")).findFirst().orElseThrow().create(ProviderContext.of(config));
    }

    /** Hex of a range, lowercase. */
    static final class HexFmt {
        static String hex(byte[] b, int off, int len) {
            return java.util.HexFormat.of().formatHex(b, off, off + len);
        }
    }
}
