package io.chorus.security.hmac;

import static io.chorus.security.hmac.Fixture.OTHER;
import static io.chorus.security.hmac.Fixture.SECRET;
import static io.chorus.security.hmac.Fixture.packet;
import static io.chorus.security.hmac.Fixture.sign;
import static io.chorus.security.hmac.Fixture.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Secret;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Verification;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Signing, verification, labels, keys, replays and the time window, on a settable clock. */
class HmacSignerTest {
    private final Fixture f = new Fixture();

    @Test
    void aSignedPacketVerifiesOnAnotherNodeWithTheSameSecret() {
        HmacSigner a = f.signer(SECRET);
        HmacSigner b = f.signer(SECRET);
        byte[] p = sign(a, packet(new SplittableRandom(1), 1400 - HmacSigner.TRAILER));
        assertEquals(1400, p.length);
        assertEquals(Verification.VALID, verify(b, p));
        assertEquals(36, a.trailerLength());
    }

    @Test
    void theTrailerCanLiveInAnotherBuffer() {
        HmacSigner a = f.signer(SECRET);
        HmacSigner b = f.signer(SECRET);
        byte[] message = new byte[300];
        new SplittableRandom(2).nextBytes(message);
        byte[] trailer = new byte[100];
        a.sign(message, 10, 200, trailer, 50);
        assertEquals(Verification.VALID, b.verify(message, 10, 200, trailer, 50));
        message[9] ^= 1;
        message[210] ^= 1;
        assertEquals(Verification.REPLAYED, b.verify(message, 10, 200, trailer, 50), "bytes outside the range do not count");
    }

    @Test
    void changingAnySingleByteOfASignedPacketIsRejected() {
        SplittableRandom random = new SplittableRandom(0xC0FFEE);
        HmacSigner sender = f.signer(SECRET);
        HmacSigner receiver = f.signer(SECRET);
        int packets = 0;
        int checks = 0;
        for (int n = 0; n < 300; n++) {
            int length = n < 10 ? n : 1 + random.nextInt(1400 - HmacSigner.TRAILER);
            byte[] original = sign(sender, packet(random, length));
            for (int i = 0; i < original.length; i++) {
                byte[] tampered = original.clone();
                tampered[i] ^= (byte) (1 + random.nextInt(255));
                Verification v = verify(receiver, tampered);
                int at = i;
                assertNotEquals(Verification.VALID, v, () -> "byte " + at + " of a " + original.length + "-byte packet changed");
                checks++;
            }
            // the rejections created no replay state: the untouched packet is still fresh
            assertEquals(Verification.VALID, verify(receiver, original));
            packets++;
        }
        assertEquals(300, packets);
        assertTrue(checks > 100_000, "checked " + checks + " tampered packets");
    }

    @Test
    void anotherSecretIsAnUnknownKey() {
        byte[] p = sign(f.signer(OTHER), packet(new SplittableRandom(3), 100));
        assertEquals(Verification.UNKNOWN_KEY, verify(f.signer(SECRET), p));
    }

    @Test
    void theSameSecretWithAnotherLabelIsAnUnknownKey() {
        HmacSigner blue = f.signer(SECRET, Map.of("security.hmac.label", "blue"));
        HmacSigner green = f.signer(SECRET, Map.of("security.hmac.label", "green"));
        assertNotEquals(blue.keys(), green.keys());
        assertEquals(Verification.UNKNOWN_KEY, verify(green, sign(blue, packet(new SplittableRandom(4), 100))));
        assertEquals(Verification.UNKNOWN_KEY, verify(blue, sign(green, packet(new SplittableRandom(4), 100))));
        assertEquals(Verification.VALID, verify(f.signer(SECRET, Map.of("security.hmac.label", "blue")),
                sign(blue, packet(new SplittableRandom(4), 100))));
    }

    @Test
    void aForgedTagUnderAKnownKeyIsABadTag() {
        HmacSigner a = f.signer(SECRET);
        byte[] p = sign(a, packet(new SplittableRandom(5), 100));
        Arrays.fill(p, p.length - HmacSigner.TAG, p.length, (byte) 0);
        assertEquals(Verification.BAD_TAG, verify(f.signer(SECRET), p));
    }

    @Test
    void aReplayedPacketIsRejected() {
        HmacSigner a = f.signer(SECRET);
        HmacSigner b = f.signer(SECRET);
        byte[] first = sign(a, packet(new SplittableRandom(6), 100));
        byte[] second = sign(a, packet(new SplittableRandom(7), 100));
        assertEquals(Verification.VALID, verify(b, second));
        assertEquals(Verification.VALID, verify(b, first), "reordered within the window: accepted once");
        assertEquals(Verification.REPLAYED, verify(b, first));
        assertEquals(Verification.REPLAYED, verify(b, second));
    }

    @Test
    void aPacketOlderThanTheSequenceWindowIsRejected() {
        HmacSigner a = f.signer(SECRET);
        HmacSigner b = f.signer(SECRET, Map.of("security.hmac.replay-window", "64"));
        byte[] old = sign(a, packet(new SplittableRandom(8), 50));
        byte[] edge = null;
        for (int i = 0; i < 64; i++) {
            byte[] p = sign(a, packet(new SplittableRandom(9), 50));
            if (i == 0) {
                edge = p;
            }
            if (i > 0) {
                assertEquals(Verification.VALID, verify(b, p));
            }
        }
        assertEquals(Verification.REPLAYED, verify(b, old), "64 newer numbers seen: number 0 fell out of the window");
        assertEquals(Verification.VALID, verify(b, edge), "number 1 is still inside it");
    }

    @Test
    void aTimestampOutsideTheWindowIsRejected() {
        HmacSigner a = f.signer(SECRET);
        HmacSigner b = f.signer(SECRET, Map.of("security.hmac.time-window", "10s"));
        byte[] p = sign(a, packet(new SplittableRandom(10), 50));
        byte[] q = sign(a, packet(new SplittableRandom(11), 50));
        f.clock.addAndGet(11_000);
        assertEquals(Verification.REPLAYED, verify(b, p), "11 s old");
        f.clock.addAndGet(-10_000);
        assertEquals(Verification.VALID, verify(b, q), "1 s old");
        byte[] future = sign(a, packet(new SplittableRandom(12), 50));
        f.clock.addAndGet(-11_000);
        assertEquals(Verification.REPLAYED, verify(b, future), "11 s ahead of the receiver's clock");
    }

    @Test
    void rejectedPacketsNeverCreateReplayState() {
        io.chorus.api.spi.ReplayWindow guard = new io.chorus.api.spi.ReplayWindow(30, 64, 16);
        HmacSigner b = new HmacSigner(SECRET, "chorus", guard, f.clock::get, new java.security.SecureRandom());
        SplittableRandom random = new SplittableRandom(13);
        byte[] genuine = sign(f.signer(SECRET), packet(random, 40));
        for (int i = 0; i < 10_000; i++) {
            byte[] forged = packet(random, 40);
            random.nextBytes(forged);
            if (i % 2 == 0) {
                // a known key id, so that the tag is computed and compared
                System.arraycopy(genuine, 40, forged, 40, HmacSigner.KEY_ID);
            }
            assertNotEquals(Verification.VALID, verify(b, forged));
        }
        assertEquals(0, guard.senders());
    }

    @Test
    void theReplayGuardIsBoundedUnderManySenders() {
        io.chorus.api.spi.ReplayWindow guard = new io.chorus.api.spi.ReplayWindow(30, 64, 16);
        HmacSigner b = new HmacSigner(SECRET, "chorus", guard, f.clock::get, new java.security.SecureRandom());
        for (int i = 0; i < 1000; i++) {
            assertEquals(Verification.VALID, verify(b, sign(f.signer(SECRET), packet(new SplittableRandom(i), 20))));
        }
        assertEquals(16, guard.senders());
    }

    @Test
    void aShortSecretIsRefusedWithAClearError() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Secret.ofText("fifteen bytes!!"));
        assertEquals("secret", e.field());
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("fifteen"), "the error never shows the secret: " + e.getMessage());
        Secret.ofText("sixteen bytes!!!");
    }

    @Test
    void theClusterLabelIsTheKeysLabelAndWinsOverTheOption() {
        java.util.function.Function<ClusterConfig.Builder, HmacSigner> make = b -> HmacSignerProvider.create(
                ProviderContext.of(b.secret(SECRET).build()), f.clock::get);
        HmacSigner labelled = make.apply(ClusterConfig.builder("n1").label("payments"));
        HmacSigner optioned = make.apply(ClusterConfig.builder("n2").option("security.hmac.label", "payments"));
        HmacSigner both = make.apply(ClusterConfig.builder("n3").label("payments").option("security.hmac.label", "payments"));
        HmacSigner other = make.apply(ClusterConfig.builder("n4").label("orders"));
        assertEquals(labelled.keys(), optioned.keys(), "the same label, given either way, gives the same key");
        assertEquals(Verification.VALID, verify(optioned, sign(labelled, packet(new SplittableRandom(20), 30))));
        assertEquals(Verification.VALID, verify(labelled, sign(both, packet(new SplittableRandom(21), 30))));
        assertEquals(Verification.UNKNOWN_KEY, verify(labelled, sign(other, packet(new SplittableRandom(22), 30))));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> make.apply(ClusterConfig.builder("n5").label("payments").option("security.hmac.label", "orders")));
        assertEquals("security.hmac.label", e.field());
        assertTrue(e.allowed().contains("'payments' (ClusterConfig.label)"), e.getMessage());
    }

    @Test
    void badOptionsNameTheKeyTheValueAndTheRange() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> f.signer(SECRET, Map.of("security.hmac.time-window", "2h")));
        assertEquals("security.hmac.time-window", e.field());
        assertTrue(e.getMessage().contains("2h") && e.getMessage().contains("1s to 1h"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> f.signer(SECRET, Map.of("security.hmac.label", " ")));
        assertEquals("security.hmac.label", e.field());
        assertTrue(e.getMessage().contains("1 to 128 bytes"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> f.signer(SECRET, Map.of("security.hmac.replay-window", "32")));
        assertTrue(e.getMessage().contains("64 to 65536"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> f.signer(SECRET, Map.of("security.hmac.max-senders", "0")));
        assertTrue(e.getMessage().contains("16 to 1000000"), e.getMessage());
    }

    @Test
    void theSignerNeverPrintsTheSecret() {
        HmacSigner a = f.signer(Secret.ofText("do-not-print-this-secret"));
        assertFalse(a.toString().contains("do-not-print"), a.toString());
        assertTrue(a.toString().contains(a.keys().get(0).id()), a.toString());
    }
}
