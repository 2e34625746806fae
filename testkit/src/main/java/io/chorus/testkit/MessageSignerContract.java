package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.KeyringException;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSealer;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Verification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link MessageSignerProvider} and its {@link MessageSigner}, between signers
 * made from the same config as on two nodes: what one signs the other verifies; flipping any bit
 * of the message is a {@link Verification#BAD_TAG}; flipping any bit of the trailer, a message
 * sent without a trailer, one cut short or one with a byte appended, and one signed with another
 * secret are all rejected ({@code BAD_TAG} or {@code UNKNOWN_KEY}); only the range given is signed;
 * the trailer's length is fixed; several threads sign and verify at once. When the signer has a
 * {@link Keyring}, the contract also rotates keys as {@link Keyring} describes, with no message
 * lost, and checks what the keyring refuses.
 *
 * <pre>{@code
 * class MySignerContractTest extends MessageSignerContract {
 *     @Override
 *     protected MessageSignerProvider provider() {
 *         return new MySignerProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>Each valid message is verified once: a signer may reject a message it has already accepted as
 * {@link Verification#REPLAYED}, and rejected messages must leave no such trace, so the contract
 * verifies the untouched message only after every tampered copy of it.
 *
 * <p>When the signer also seals ({@link MessageSigner#sealer()}), the contract checks the sealer the
 * same way, with associated data in front as the engine puts it: what one seals another opens to
 * the same bytes, which do not appear in the sealed message; flipping any bit of the associated
 * data, the header, the ciphertext or the tag, cutting the message short or extending it, and
 * another secret are all rejected, a rejected message leaving the original openable; a message
 * opened once is {@link Verification#REPLAYED} the second time; a key rotation loses no sealed
 * message; several threads seal and open at once.
 */
public abstract class MessageSignerContract extends ProviderContract<MessageSignerProvider> {
    /** The secret both signers of a pair share. */
    protected static final Secret SECRET = Secret.ofText("the contract's cluster secret, 1");
    /** Another cluster's secret. */
    protected static final Secret OTHER_SECRET = Secret.ofText("another cluster's secret, number 2");
    /** The secret a keyring rotation moves to. */
    protected static final Secret NEXT_SECRET = Secret.ofText("the secret rotated to, number 3");

    /** For subclasses. */
    protected MessageSignerContract() {
        super(MessageSignerProvider.class);
    }

    /**
     * The context a signer with {@code secret} is created with; override to add options.
     *
     * @param secret the cluster secret
     * @return a default config with that secret, and its (empty) options
     */
    protected ProviderContext context(Secret secret) {
        return ProviderContext.of(ClusterConfig.builder("contract").secret(secret).build());
    }

    /**
     * @param secret the cluster secret
     * @return a new signer, as one node holds it
     */
    protected final MessageSigner signer(Secret secret) {
        return provider().create(context(secret));
    }

    /** A message and its trailer, in one buffer as the engine sends them. */
    private static byte[] signed(MessageSigner s, byte[] message) {
        byte[] b = Arrays.copyOf(message, message.length + s.trailerLength());
        s.sign(b, 0, message.length, b, message.length);
        return b;
    }

    /** Verifies the last {@code trailerLength()} bytes as the trailer of all the bytes before, as the engine does. */
    private static Verification verify(MessageSigner s, byte[] b) {
        int length = b.length - s.trailerLength();
        return s.verify(b, 0, length, b, length);
    }

    private static byte[] random(long seed, int length) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void assertRejected(Verification v, String what) {
        assertTrue(v == Verification.BAD_TAG || v == Verification.UNKNOWN_KEY,
                () -> what + " verified as " + v + ", not BAD_TAG or UNKNOWN_KEY");
    }

    /** The trailer's length is positive and the same every time and on every node. */
    @Test
    public void trailerLengthIsPositiveAndFixed() {
        MessageSigner a = signer(SECRET);
        int length = a.trailerLength();
        assertTrue(length > 0, () -> "a trailer of " + length + " bytes");
        assertEquals(length, a.trailerLength(), "the same every time");
        assertEquals(length, signer(SECRET).trailerLength(), "the same on another node");
    }

    /** What one signer signs, another made from the same config verifies. */
    @Test
    public void whatOneSignsAnotherWithTheSameSecretVerifies() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        for (int length : new int[] {1, 4, 64, 1000, 1400}) {
            assertEquals(Verification.VALID, verify(b, signed(a, random(length, length))), length + " bytes");
        }
        assertEquals(Verification.VALID, verify(a, signed(b, random(2, 100))), "the other way");
    }

    /** Only {@code message[offset, offset + length)} is signed; the trailer may be in another buffer. */
    @Test
    public void onlyTheRangeGivenIsSigned() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        byte[] message = random(3, 200);
        byte[] buffer = new byte[300];
        Arrays.fill(buffer, (byte) 0x11);
        System.arraycopy(message, 0, buffer, 40, message.length);
        byte[] trailer = new byte[a.trailerLength() + 20];
        a.sign(buffer, 40, message.length, trailer, 7);

        byte[] moved = new byte[260];
        Arrays.fill(moved, (byte) 0x77);
        System.arraycopy(message, 0, moved, 3, message.length);
        byte[] trailerMoved = new byte[a.trailerLength() + 3];
        System.arraycopy(trailer, 7, trailerMoved, 3, a.trailerLength());
        assertEquals(Verification.VALID, b.verify(moved, 3, message.length, trailerMoved, 3),
                "the same bytes at another offset, with other bytes around them and the trailer elsewhere");
    }

    /** Flipping any bit of a signed message makes its tag wrong; the untouched message still verifies after. */
    @Test
    public void flippingAnyByteOfTheMessageIsABadTag() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        byte[] sent = signed(a, random(4, 64));
        int length = sent.length - a.trailerLength();
        for (int i = 0; i < length; i++) {
            for (int bit : new int[] {0, 7}) {
                sent[i] ^= (byte) (1 << bit);
                int at = i;
                assertEquals(Verification.BAD_TAG, verify(b, sent), () -> "bit " + bit + " of message byte " + at + " flipped");
                sent[i] ^= (byte) (1 << bit);
            }
        }
        assertEquals(Verification.VALID, verify(b, sent), "the untouched message, after every tampered copy was rejected");
    }

    /** Flipping any bit of the trailer is rejected; the untouched message still verifies after. */
    @Test
    public void flippingAnyByteOfTheTrailerIsRejected() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        byte[] sent = signed(a, random(5, 64));
        for (int i = sent.length - a.trailerLength(); i < sent.length; i++) {
            for (int bit : new int[] {0, 7}) {
                sent[i] ^= (byte) (1 << bit);
                assertRejected(verify(b, sent), "bit " + bit + " of trailer byte " + (i - (sent.length - a.trailerLength())) + " flipped");
                sent[i] ^= (byte) (1 << bit);
            }
        }
        assertEquals(Verification.VALID, verify(b, sent), "the untouched message, after every tampered copy was rejected");
    }

    /** A message sent without a trailer is rejected, whatever its last bytes hold. */
    @Test
    public void aMessageWithoutATrailerIsRejected() {
        MessageSigner b = signer(SECRET);
        int t = b.trailerLength();
        assertRejected(verify(b, random(6, 200)), "an unsigned message");
        assertRejected(verify(b, new byte[200]), "an unsigned message of zeros");
        byte[] zeroTrailer = Arrays.copyOf(random(7, 200), 200 + t);
        assertRejected(verify(b, zeroTrailer), "a message with a trailer of zeros");
        byte[] ones = Arrays.copyOf(random(8, 200), 200 + t);
        Arrays.fill(ones, 200, ones.length, (byte) 0xFF);
        assertRejected(verify(b, ones), "a message with a trailer of 0xff bytes");
    }

    /** A signed message cut short by any number of bytes, or with a byte appended, is rejected. */
    @Test
    public void aMessageCutShortOrExtendedIsRejected() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        byte[] sent = signed(a, random(9, 300));
        for (int cut = 1; cut <= a.trailerLength() + 1; cut++) {
            assertRejected(verify(b, Arrays.copyOf(sent, sent.length - cut)), "the message cut short by " + cut + " bytes");
        }
        assertRejected(verify(b, Arrays.copyOf(sent, sent.length + 1)), "the message with a zero byte appended");
        assertEquals(Verification.VALID, verify(b, sent), "the whole message, after every cut copy was rejected");
    }

    /** A message signed with another cluster's secret is rejected. */
    @Test
    public void anotherSecretIsRejected() {
        byte[] sent = signed(signer(OTHER_SECRET), random(10, 100));
        assertRejected(verify(signer(SECRET), sent), "a message signed with another secret");
    }

    /** Signers are thread-safe: four threads sign, and one shared signer verifies, at once. */
    @Test
    public void severalThreadsSignAndVerifyAtOnce() throws Exception {
        MessageSigner receiver = signer(SECRET);
        onFourThreadsAtOnce(() -> {
            MessageSigner sender = signer(SECRET);
            return (thread, i) -> {
                Verification v = verify(receiver, signed(sender, random(thread * 1000L + i, 20 + i)));
                return v == Verification.VALID ? null : v.toString();
            };
        });
    }

    /** One thread's work: message {@code i} sent and checked; what went wrong, or null. */
    @FunctionalInterface
    private interface Exchange {
        String check(int thread, int i);
    }

    /** Runs 300 exchanges on each of four threads at once, each thread with its own from {@code perThread}; none may fail. */
    private static void onFourThreadsAtOnce(java.util.function.Supplier<Exchange> perThread) throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    Exchange exchange = perThread.get();
                    List<String> bad = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        String wrong = exchange.check(thread, i);
                        if (wrong != null) {
                            bad.add("thread " + thread + " message " + i + ": " + wrong);
                        }
                    }
                    return bad;
                }));
            }
            for (Future<List<String>> f : results) {
                assertEquals(List.of(), f.get(Await.DEFAULT_DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }


    // ------------------------------------------------------------------ sealing

    /** The associated data the engine puts in front of a sealed message: a label and a mark. */
    private static final byte[] FRAMING = "CL\u0003abcCS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static MessageSealer sealer(MessageSigner s) {
        assertNotNull(s.sealer(), "sealer() returned null; a signer that only signs returns Optional.empty()");
        assumeTrue(s.sealer().isPresent(), "the signer only signs: it has no sealer");
        return s.sealer().get();
    }

    /** @return {@code FRAMING | header | plaintext sealed | tag}, as the engine sends it */
    private static byte[] sealed(MessageSealer s, byte[] plaintext) {
        byte[] b = new byte[FRAMING.length + s.headerLength() + plaintext.length + s.tagLength()];
        System.arraycopy(FRAMING, 0, b, 0, FRAMING.length);
        System.arraycopy(plaintext, 0, b, FRAMING.length + s.headerLength(), plaintext.length);
        s.seal(b, 0, FRAMING.length, plaintext.length);
        return b;
    }

    private static Verification open(MessageSealer s, byte[] b) {
        return s.open(b, 0, FRAMING.length, b.length - FRAMING.length);
    }

    /** @return the plaintext of an opened message */
    private static byte[] plaintext(MessageSealer s, byte[] b) {
        return Arrays.copyOfRange(b, FRAMING.length + s.headerLength(), b.length - s.tagLength());
    }

    /** A sealer's header and tag lengths are fixed, and the same on every node. */
    @Test
    public void sealedOverheadIsFixed() {
        MessageSealer a = sealer(signer(SECRET));
        assertTrue(a.tagLength() >= 12, () -> "a tag of " + a.tagLength() + " bytes is too short to trust");
        assertTrue(a.headerLength() >= 0);
        assertEquals(a.headerLength(), sealer(signer(SECRET)).headerLength());
        assertEquals(a.tagLength(), sealer(signer(SECRET)).tagLength());
        assertEquals(a.headerLength() + 10 + a.tagLength(), sealed(a, new byte[10]).length - FRAMING.length);
    }

    /** What one seals, another with the same secret opens to the same bytes; the bytes are not in the sealed message. */
    @Test
    public void whatOneSealsAnotherOpens() {
        MessageSealer a = sealer(signer(SECRET));
        MessageSealer b = sealer(signer(SECRET));
        for (int length : new int[] {0, 1, 15, 16, 17, 64, 1000, 1400, 70_000}) {
            byte[] plain = random(100 + length, length);
            byte[] sent = sealed(a, plain);
            if (length >= 16) {
                String text = new String(sent, java.nio.charset.StandardCharsets.ISO_8859_1);
                String hidden = new String(plain, 0, 16, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(hidden), length + " bytes: the plaintext shows in the sealed message");
            }
            assertEquals(Verification.VALID, open(b, sent), length + " bytes");
            assertArrayEquals(plain, plaintext(b, sent), length + " bytes opened");
        }
        byte[] back = sealed(b, random(7, 50));
        assertEquals(Verification.VALID, open(a, back), "the other way");
    }

    /** The same plaintext sealed twice looks different (a fresh nonce each time). */
    @Test
    public void theSamePlaintextSealsDifferentlyEachTime() {
        MessageSealer a = sealer(signer(SECRET));
        byte[] plain = random(8, 100);
        assertFalse(Arrays.equals(sealed(a, plain), sealed(a, plain)));
        assertFalse(Arrays.equals(sealed(a, plain), sealed(sealer(signer(SECRET)), plain)), "nor on another node");
    }

    /** Flipping any bit anywhere, the associated data included, is rejected; the untouched message opens after. */
    @Test
    public void flippingAnyBitOfASealedMessageIsRejected() {
        MessageSealer a = sealer(signer(SECRET));
        MessageSealer b = sealer(signer(SECRET));
        byte[] sent = sealed(a, random(9, 64));
        for (int i = 0; i < sent.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                sent[i] ^= (byte) (1 << bit);
                int at = i;
                int flipped = bit;
                Verification v = open(b, sent);
                assertTrue(v == Verification.BAD_TAG || v == Verification.UNKNOWN_KEY,
                        () -> "bit " + flipped + " of byte " + at + " flipped opened as " + v);
                sent[i] ^= (byte) (1 << bit);
            }
        }
        assertEquals(Verification.VALID, open(b, sent), "the untouched message, after every tampered copy was rejected");
    }

    /** A sealed message cut short by any number of bytes, or extended, is rejected; nothing too short for a header and tag opens. */
    @Test
    public void aSealedMessageCutShortOrExtendedIsRejected() {
        MessageSealer a = sealer(signer(SECRET));
        MessageSealer b = sealer(signer(SECRET));
        byte[] sent = sealed(a, random(10, 100));
        for (int cut = 1; cut <= sent.length - FRAMING.length; cut++) {
            int c = cut;
            Verification v = open(b, Arrays.copyOf(sent, sent.length - cut));
            assertTrue(v == Verification.BAD_TAG || v == Verification.UNKNOWN_KEY, () -> "cut by " + c + ": " + v);
        }
        Verification v = open(b, Arrays.copyOf(sent, sent.length + 1));
        assertTrue(v == Verification.BAD_TAG || v == Verification.UNKNOWN_KEY, () -> "extended: " + v);
        assertEquals(Verification.VALID, open(b, sent));
    }

    /** A message sealed with another cluster's secret is rejected. */
    @Test
    public void anotherSecretCannotOpen() {
        byte[] sent = sealed(sealer(signer(OTHER_SECRET)), random(11, 100));
        Verification v = open(sealer(signer(SECRET)), sent);
        assertTrue(v == Verification.BAD_TAG || v == Verification.UNKNOWN_KEY, v::toString);
    }

    /** A sealed message opened once is refused the second time. */
    @Test
    public void aSealedMessageOpensOnce() {
        MessageSealer a = sealer(signer(SECRET));
        MessageSealer b = sealer(signer(SECRET));
        byte[] sent = sealed(a, random(12, 100));
        byte[] copy = sent.clone();
        assertEquals(Verification.VALID, open(b, sent));
        assertEquals(Verification.REPLAYED, open(b, copy), "the same sealed message again");
    }

    /** Install, promote, remove on two nodes: no sealed message between them is lost, and the removed key opens nothing. */
    @Test
    public void aKeyRotationLosesNoSealedMessage() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        Keyring ka = keyring(a);
        Keyring kb = keyring(b);
        String old = primary(ka).id();
        KeyInfo next = ka.install(NEXT_SECRET);
        kb.install(NEXT_SECRET);
        ka.promote(next.id());
        assertEquals(Verification.VALID, open(sealer(b), sealed(sealer(a), random(13, 100))), "a seals with the new key");
        assertEquals(Verification.VALID, open(sealer(a), sealed(sealer(b), random(14, 100))), "b still with the old one");
        kb.promote(next.id());
        ka.remove(old);
        kb.remove(old);
        assertEquals(Verification.VALID, open(sealer(b), sealed(sealer(a), random(15, 100))), "after the old key is removed");
        Verification v = open(sealer(a), sealed(sealer(signer(SECRET)), random(16, 100)));
        assertTrue(v == Verification.UNKNOWN_KEY || v == Verification.BAD_TAG, () -> "sealed with the removed key: " + v);
    }

    /** Sealers are thread-safe: four threads seal, and one shared sealer opens, at once. */
    @Test
    public void severalThreadsSealAndOpenAtOnce() throws Exception {
        MessageSealer receiver = sealer(signer(SECRET));
        onFourThreadsAtOnce(() -> {
            MessageSealer sender = sealer(signer(SECRET));
            return (thread, i) -> {
                byte[] plain = random(thread * 1000L + i, 20 + i);
                byte[] sent = sealed(sender, plain);
                Verification v = open(receiver, sent);
                return v == Verification.VALID && Arrays.equals(plain, plaintext(receiver, sent)) ? null : v.toString();
            };
        });
    }

    // ------------------------------------------------------------------ keyring

    private Keyring keyring(MessageSigner s) {
        assertNotNull(s.keyring(), "keyring() returned null; a signer with fixed keys returns Optional.empty()");
        assumeTrue(s.keyring().isPresent(), "the signer's keys are fixed: it has no keyring");
        return s.keyring().get();
    }

    private static KeyInfo primary(Keyring k) {
        return k.keys().stream().filter(KeyInfo::primary).findFirst().orElseThrow();
    }

    /** A keyring lists its keys, exactly one of them primary and listed first. */
    @Test
    public void theKeyringListsOnePrimaryKeyFirst() {
        Keyring k = keyring(signer(SECRET));
        List<KeyInfo> keys = k.keys();
        assertFalse(keys.isEmpty(), "a signer holds at least the key it signs with");
        assertTrue(keys.get(0).primary(), () -> "the primary key is listed first: " + keys);
        assertEquals(1, keys.stream().filter(KeyInfo::primary).count(), () -> "exactly one primary key: " + keys);
        assertEquals(primary(keyring(signer(SECRET))).id(), keys.get(0).id(), "the same secret gives the same key id on every node");
    }

    /** Install, promote, remove on two nodes, in the documented order: no message between them is lost. */
    @Test
    public void aKeyRotationLosesNoMessage() {
        MessageSigner a = signer(SECRET);
        MessageSigner b = signer(SECRET);
        Keyring ka = keyring(a);
        Keyring kb = keyring(b);
        String old = primary(ka).id();

        KeyInfo next = ka.install(NEXT_SECRET);
        assertFalse(next.primary(), "an installed key does not sign yet");
        assertEquals(next, ka.install(NEXT_SECRET), "installing a key held changes nothing");
        assertEquals(2, ka.keys().size(), () -> "two keys: " + ka.keys());
        assertEquals(old, primary(ka).id(), "the primary is unchanged by install");
        kb.install(NEXT_SECRET);
        assertEquals(Verification.VALID, verify(b, signed(a, random(11, 100))), "both installed");

        ka.promote(next.id());
        assertEquals(next.id(), primary(ka).id());
        assertEquals(next.id(), ka.keys().get(0).id(), "the primary is listed first");
        assertEquals(Verification.VALID, verify(b, signed(a, random(12, 100))), "a signs with the new key, b still accepts it");
        assertEquals(Verification.VALID, verify(a, signed(b, random(13, 100))), "b signs with the old key, a still accepts it");
        kb.promote(next.id());

        ka.remove(old);
        kb.remove(old);
        assertEquals(List.of(new KeyInfo(next.id(), true)), ka.keys());
        assertEquals(Verification.VALID, verify(b, signed(a, random(14, 100))), "after the old key is removed");
        assertEquals(Verification.VALID, verify(a, signed(b, random(15, 100))), "after the old key is removed, the other way");
        assertRejected(verify(a, signed(signer(SECRET), random(16, 100))), "a message signed with the removed key");
    }

    /** The primary key cannot be removed, and an id the keyring does not hold is an error. */
    @Test
    public void theKeyringRefusesToRemoveThePrimaryOrAnUnknownKey() {
        Keyring k = keyring(signer(SECRET));
        String primary = primary(k).id();
        assertThrows(KeyringException.class, () -> k.remove(primary), "removing the primary key");
        assertThrows(KeyringException.class, () -> k.remove("no-such-key"), "removing a key not held");
        assertThrows(KeyringException.class, () -> k.promote("no-such-key"), "promoting a key not held");
        assertEquals(primary, primary(k).id(), "nothing changed");
    }
}
