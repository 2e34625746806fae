package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link HashFunctionProvider} and its {@link HashFunction}: every node must
 * place every key at the same point, so the function is deterministic across instances and
 * nodes; text hashes as its UTF-8 bytes (surrogate pairs as four bytes, an unpaired surrogate as
 * {@code '?'}, as {@link String#getBytes(java.nio.charset.Charset)} encodes it); a byte range hashes
 * like a copy of just those bytes; empty input is fine; every byte counts; keys spread over the
 * whole 64-bit range; and hashing allocates nothing.
 *
 * <pre>{@code
 * class MyHashContractTest extends HashFunctionContract {
 *     @Override
 *     protected HashFunctionProvider provider() {
 *         return new MyHashProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>Every input is fixed (a seeded generator), so each check gives the same answer on every run:
 * the statistical one is loose enough that any reasonable 64-bit hash passes it by a wide margin,
 * and tight enough that a 32-bit hash, a polynomial string hash or one that ignores part of its
 * input fails it.
 */
public abstract class HashFunctionContract extends ProviderContract<HashFunctionProvider> {
    private static final int KEYS = 4096;

    /** For subclasses. */
    protected HashFunctionContract() {
        super(HashFunctionProvider.class);
    }

    /**
     * The context the function is created with.
     *
     * @return a default config and its (empty) options
     */
    protected ProviderContext context() {
        return ProviderContext.of(ClusterConfig.builder("contract").build());
    }

    /** @return a function from {@link #provider()} in {@link #context()} */
    protected final HashFunction function() {
        return provider().create(context());
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text with ASCII, 2- and 3-byte characters, surrogate pairs and, now and then, an unpaired surrogate. */
    private static String randomText(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                sb.append((char) random.nextInt(0x20, 0x7F));
            } else if (kind < 6) {
                sb.append((char) random.nextInt(0x80, 0x800));
            } else if (kind < 8) {
                char c = (char) random.nextInt(0x800, 0x10000);
                sb.append(Character.isSurrogate(c) ? 'x' : c);
            } else if (kind < 9) {
                sb.appendCodePoint(random.nextInt(0x10000, 0x110000));
            } else {
                sb.append((char) random.nextInt(0xD800, 0xE000));
            }
        }
        return sb.toString();
    }

    private static String codePoints(CharSequence s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 0x80 && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return sb.toString();
    }

    /** Two functions from two providers give the same hash for the same input: nodes agree on the ring. */
    @Test
    public void isDeterministicAcrossInstances() {
        HashFunction one = function();
        HashFunction two = provider().create(context());
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[random.nextInt(0, 100)];
            random.nextBytes(data);
            long h = one.hash(data, 0, data.length);
            assertEquals(h, one.hash(data, 0, data.length), "the same function twice");
            assertEquals(h, two.hash(data, 0, data.length), "another instance, as on another node");
            String text = randomText(random, random.nextInt(0, 30));
            assertEquals(one.hash(text), two.hash(text), () -> "another instance, on " + codePoints(text));
        }
    }

    /** {@code hash(CharSequence)} equals the hash of the text's UTF-8 bytes, for any CharSequence. */
    @Test
    public void textHashesAsItsUtf8Bytes() {
        HashFunction f = function();
        List<String> texts = new ArrayList<>(List.of("", "a", "ascii only", "ünïcödé", "日本語", "emoji \uD83D\uDE00",
                "\uD83D\uDE80", "lone \uD800 high", "lone \uDC00 low", "high at the end \uD83D", "\uDE00\uD83D reversed",
                "\uD800\uD800\uDC00", "a".repeat(100) + "é", "é" + "a".repeat(100)));
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 2000; i++) {
            texts.add(randomText(random, random.nextInt(0, i < 1500 ? 40 : 300)));
        }
        for (String s : texts) {
            byte[] b = utf8(s);
            long expected = f.hash(b, 0, b.length);
            assertEquals(expected, f.hash(s), () -> "a String: " + codePoints(s));
            assertEquals(expected, f.hash(new StringBuilder(s)), () -> "a StringBuilder: " + codePoints(s));
        }
    }

    /** {@code hash(data, offset, length)} hashes exactly that range: bytes outside it do not count. */
    @Test
    public void aRangeHashesLikeACopyOfItsBytes() {
        HashFunction f = function();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            byte[] data = new byte[random.nextInt(0, 200)];
            random.nextBytes(data);
            int offset = random.nextInt(0, data.length + 1);
            int length = random.nextInt(0, data.length - offset + 1);
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            long expected = f.hash(copy, 0, copy.length);
            assertEquals(expected, f.hash(data, offset, length), () -> "bytes " + offset + " to " + (offset + length)
                    + " of " + data.length);
            if (offset > 0) {
                data[offset - 1] ^= 0x55;
            }
            if (offset + length < data.length) {
                data[offset + length] ^= 0x55;
            }
            assertEquals(expected, f.hash(data, offset, length), "bytes next to the range changed");
        }
    }

    /** Empty input hashes like the empty string, wherever the empty range lies. */
    @Test
    public void emptyInputIsFine() {
        HashFunction f = function();
        long empty = f.hash(new byte[0], 0, 0);
        assertEquals(empty, f.hash(""), "the empty string");
        assertEquals(empty, f.hash(new StringBuilder()), "an empty StringBuilder");
        byte[] data = {1, 2, 3, 4, 5};
        for (int offset = 0; offset <= data.length; offset++) {
            assertEquals(empty, f.hash(data, offset, 0), "an empty range at " + offset);
        }
    }

    /** Changing any one byte of a key changes its hash. */
    @Test
    public void everyByteCounts() {
        HashFunction f = function();
        SplittableRandom random = new SplittableRandom(4);
        for (int length : new int[] {1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            long h = f.hash(data, 0, length);
            for (int i = 0; i < length; i++) {
                for (int bit : new int[] {0, 7}) {
                    data[i] ^= (byte) (1 << bit);
                    int at = i;
                    assertNotEquals(h, f.hash(data, 0, length), () -> "bit " + bit + " of byte " + at + " of a " + length
                            + "-byte key changed, and the hash did not");
                    data[i] ^= (byte) (1 << bit);
                }
            }
        }
    }

    /**
     * 4096 distinct keys give 4096 distinct hashes; each sixteenth of the 64-bit range (by the top
     * four bits) gets between half and twice its share; and each of the 64 bits is set in a third to
     * two thirds of them. A good hash is within a few percent of the share.
     */
    @Test
    public void spreadsKeysAcrossThe64BitRange() {
        HashFunction f = function();
        SplittableRandom random = new SplittableRandom(5);
        Set<String> seen = new HashSet<>();
        Set<Long> hashes = new HashSet<>();
        int[] sixteenths = new int[16];
        int[] bits = new int[64];
        while (seen.size() < KEYS) {
            byte[] key = new byte[random.nextInt(4, 33)];
            random.nextBytes(key);
            if (!seen.add(Arrays.toString(key))) {
                continue;
            }
            long h = f.hash(key, 0, key.length);
            hashes.add(h);
            sixteenths[(int) (h >>> 60)]++;
            for (int b = 0; b < 64; b++) {
                bits[b] += (int) (h >>> b) & 1;
            }
        }
        assertEquals(KEYS, hashes.size(), "distinct keys, distinct hashes");
        int share = KEYS / 16;
        for (int i = 0; i < 16; i++) {
            int n = sixteenths[i];
            int which = i;
            assertTrue(n >= share / 2 && n <= share * 2, () -> "sixteenth " + which + " of the range got " + n
                    + " of " + KEYS + " hashes, not between " + share / 2 + " and " + share * 2 + ": " + Arrays.toString(sixteenths));
        }
        for (int b = 0; b < 64; b++) {
            int n = bits[b];
            int which = b;
            assertTrue(n >= KEYS / 3 && n <= KEYS * 2 / 3, () -> "bit " + which + " is set in " + n + " of " + KEYS
                    + " hashes, not between a third and two thirds");
        }
    }

    /** Hashing bytes and text allocates nothing (the ring hashes on every lookup); skipped where the JVM cannot count. */
    @Test
    public void hashingAllocatesNothing() {
        HashFunction f = function();
        String ascii = "user:4815162342";
        String mixed = "clé-\u00e9\u4e2d\uD83D\uDE80-key";
        byte[] data = utf8("some bytes of a key, long enough for several blocks of any hash");
        long bytes = Allocations.measure(() -> {
            long h = 0;
            for (int i = 0; i < 20_000; i++) {
                h += f.hash(ascii) + f.hash(mixed) + f.hash(data, i & 7, 40);
            }
            return h;
        });
        Allocations.assertNone(bytes, "hashing with " + provider().id());
    }
}
