package io.chorus.security.aes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.Verification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded, bounded fuzzing of the opening path, as the codecs are fuzzed: random bytes and sealed
 * packets mutated (bits flipped, bytes set, cut, extended, spliced with another packet, the key id
 * of a held key kept so that the tag is computed) are each refused with a verdict, never thrown
 * on, never opened, left as they came, and read only inside the range given (the same verdict
 * inside a larger buffer of garbage). Same seeds, same inputs; the test prints what it reached.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpenFuzzTest {
    private static final int INPUTS = 100_000;

    @Test
    void randomAndMutatedInputIsRefusedWithoutThrowingChangingItOrReadingOutside() {
        AesGcmSignerTest f = new AesGcmSignerTest();
        AesGcmSigner sender = f.signer(AesGcmSignerTest.SECRET);
        AesGcmSigner receiver = f.signer(AesGcmSignerTest.SECRET, ClusterConfig.builder("receiver"));
        Random rnd = new Random(0xAE5);
        List<byte[]> corpus = new ArrayList<>();
        for (int length : new int[] {0, 1, 15, 16, 17, 40, 100, 700, 1362}) {
            byte[] p = new byte[length];
            rnd.nextBytes(p);
            corpus.add(AesGcmSignerTest.seal(sender, p));
        }
        int at = AesGcmSignerTest.FRAMING.length;
        Map<Verification, Integer> verdicts = new EnumMap<>(Verification.class);
        for (int i = 0; i < INPUTS; i++) {
            byte[] in = input(rnd, corpus, i);
            int pad = 1 + rnd.nextInt(32);
            byte[] framed = new byte[in.length + 2 * pad];
            rnd.nextBytes(framed);
            System.arraycopy(in, 0, framed, pad, in.length);
            byte[] copy = in.clone();
            Verification v;
            try {
                v = receiver.open(in, 0, Math.min(at, in.length), in.length - Math.min(at, in.length));
            } catch (RuntimeException e) {
                throw new AssertionError("open threw on input " + i + ": " + Arrays.toString(copy), e);
            }
            int ad = Math.min(at, copy.length);
            assertTrue(v != Verification.VALID, () -> "a tampered or random input opened: " + Arrays.toString(copy));
            assertTrue(Arrays.equals(copy, in), "a refused input was changed");
            Verification again = receiver.open(framed, pad, pad + ad, copy.length - ad);
            assertEquals(v, again, () -> "another verdict inside a larger buffer: it read outside its range");
            verdicts.merge(v, 1, Integer::sum);
        }
        System.out.printf("opening fuzzed: %d inputs, verdicts %s%n", INPUTS, verdicts);
        assertTrue(verdicts.getOrDefault(Verification.BAD_TAG, 0) > INPUTS / 3, () -> "too few reached the tag: " + verdicts);
        for (byte[] genuine : corpus) {
            assertEquals(Verification.VALID, receiver.open(genuine, 0, at, genuine.length - at), "the corpus still opens");
        }
    }

    /** @return random bytes, or a sealed packet of the corpus mutated */
    private static byte[] input(Random rnd, List<byte[]> corpus, int i) {
        byte[] base = corpus.get(rnd.nextInt(corpus.size()));
        switch (i % 6) {
            case 0: {
                byte[] b = new byte[rnd.nextInt(1500)];
                rnd.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] b = base.clone();
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                if (Arrays.equals(b, base)) { // two flips of one bit undo each other
                    b[0] ^= 1;
                }
                return b;
            }
            case 2:
                return Arrays.copyOf(base, rnd.nextInt(base.length));
            case 3: {
                byte[] b = Arrays.copyOf(base, base.length + 1 + rnd.nextInt(40));
                for (int k = base.length; k < b.length; k++) {
                    b[k] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            case 4: {
                byte[] other = corpus.get(rnd.nextInt(corpus.size()));
                int cut = rnd.nextInt(Math.min(base.length, other.length));
                byte[] b = Arrays.copyOf(base, other.length);
                System.arraycopy(other, cut, b, cut, other.length - cut);
                if (Arrays.equals(b, other) || Arrays.equals(b, base)) {
                    b[b.length - 1] ^= 1;
                }
                return b;
            }
            default: {
                byte[] b = base.clone();
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                if (Arrays.equals(b, base)) {
                    b[b.length - 1] ^= (byte) 0x80;
                }
                return b;
            }
        }
    }
}
