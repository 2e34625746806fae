package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.testkit.Allocations;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Compressed frames: the size of a push-pull state of 1,000 members before and after, round trips,
 * signing over the compressed bytes, the threshold, a node without compression (as a build before
 * it) dropping a compressed frame whole, and bounded inflation of hostile input (bombs, lies about
 * the size, truncations and mutations) that never throws and never allocates past the cap.
 */
class CompressionTest {
    private static final int MEMBERS = 1000;
    private static final String[] ZONES = {"us-east-1a", "us-east-1b", "us-east-1c"};
    private static final String[] ROLES = {"web", "worker", "cache", "db"};
    /** Visits every message but leaves tags alone, so that what is measured is the decoder's own work. */
    private static final Recorder DRAIN = new Recorder(false, false);

    private final PeerInterner interner = new PeerInterner();
    private final Peer self = interner.intern(NodeId.parse("node-self@10.1.0.1:7946"));

    /** A full state as push-pull sends it: 1,000 members, each with a zone, a role and a version tag. */
    private byte[] state(Codec codec, boolean compress, int members) {
        WireWriter w = new WireWriter(64 * 1024);
        codec.begin(w, self, members, members);
        int mark = Codec.beginSync(w, Codec.SYNC_REPLY, members);
        for (int i = 0; i < members; i++) {
            Peer p = interner.intern(NodeId.parse("node-" + i + "@10.0." + (i >>> 8) + "." + (i & 255) + ":7946"));
            Tags t = Tags.of(Map.of("zone", ZONES[i % 3], "role", ROLES[i % 4], "version", "1.4." + (i % 10 == 0 ? 3 : 2)));
            Codec.syncEntry(w, p, i % 50 == 0 ? MemberState.SUSPECT : MemberState.ALIVE, 1 + i % 7, t);
        }
        Codec.endSync(w, mark);
        codec.finish(w, Codec.Compress.allowedIf(compress));
        return Arrays.copyOf(w.buffer(), w.position());
    }

    private List<Recorder.Msg> decode(Codec codec, byte[] b) {
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, codec.decode(b, 0, b.length, r), codec::lastError);
        return r.messages();
    }

    @Test
    void pushPullStateOf1000MembersIsAtLeastThreeTimesSmallerCompressed() {
        Codec codec = new Codec(interner, null);
        byte[] plain = state(codec, false, MEMBERS);
        long t0 = System.nanoTime();
        byte[] packed = state(codec, true, MEMBERS);
        long t1 = System.nanoTime();
        assertEquals(0, plain[3] & Codec.FLAG_COMPRESSED);
        assertEquals(Codec.FLAG_COMPRESSED, packed[3] & Codec.FLAG_COMPRESSED);
        assertEquals(Codec.FLAG_INFLATES, packed[3] & Codec.FLAG_INFLATES);
        Codec receiver = new Codec(new PeerInterner(), null);
        List<Recorder.Msg> expected = decode(receiver, plain);
        long t2 = System.nanoTime();
        List<Recorder.Msg> got = decode(receiver, packed);
        long t3 = System.nanoTime();
        assertEquals(expected, got, "the compressed state decodes to the same entries");
        assertEquals(MEMBERS, ((Recorder.Sync) got.get(0)).entries().size());
        for (int level : new int[] {1, 6, 9}) {
            Codec c = new Codec(interner, null);
            c.compression(true, Codec.DEFAULT_THRESHOLD, Codec.DEFAULT_MAX_INFLATED, new Deflation(level));
            System.out.printf("deflate level %d: %d bytes%n", level, state(c, true, MEMBERS).length);
        }
        double ratio = (double) plain.length / packed.length;
        System.out.printf("push-pull state of %d members (zone, role, version tags): %d bytes plain, %d compressed (%.1fx);"
                + " first encode+deflate %d us, first decode %d us plain / %d us inflated (cold)%n", MEMBERS, plain.length,
                packed.length, ratio, (t1 - t0) / 1000, (t2 - t1) / 1000, (t3 - t2) / 1000);
        assertTrue(ratio >= 3, "compressed " + packed.length + " bytes against " + plain.length + ": " + ratio + "x");
    }

    @Test
    void signatureCoversTheCompressedBytesAndIsCheckedBeforeInflating() {
        Codec codec = new Codec(interner, new TestSigner(1, 0, 42));
        byte[] packed = state(codec, true, 200);
        assertEquals(Codec.FLAG_COMPRESSED | Codec.FLAG_SIGNED,
                packed[3] & (Codec.FLAG_COMPRESSED | Codec.FLAG_SIGNED));
        Codec receiver = new Codec(new PeerInterner(), new TestSigner(1, 0, 42));
        assertEquals(200, ((Recorder.Sync) decode(receiver, packed).get(0)).entries().size());
        byte[] tampered = packed.clone();
        tampered[packed.length / 2] ^= 1;
        assertEquals(Outcome.BAD_SIGNATURE, receiver.decode(tampered, 0, tampered.length, new Recorder()));
    }

    @Test
    void smallFramesAndThresholdZeroStayPlain() {
        Codec codec = new Codec(interner, null);
        byte[] small = state(codec, true, 5);
        assertEquals(0, small[3] & Codec.FLAG_COMPRESSED, "5 members are under the 1 KiB threshold");
        codec.compression(true, 0, Codec.DEFAULT_MAX_INFLATED, null);
        assertEquals(0, state(codec, true, MEMBERS)[3] & Codec.FLAG_COMPRESSED, "threshold 0 never compresses");
        assertEquals(Codec.FLAG_INFLATES, state(codec, true, 5)[3] & Codec.FLAG_INFLATES, "but still advertises inflating");
        codec.compression(true, 64, Codec.DEFAULT_MAX_INFLATED, null);
        assertEquals(Codec.FLAG_COMPRESSED, state(codec, true, 5)[3] & Codec.FLAG_COMPRESSED, "a lower threshold");
        // incompressible messages over the threshold go plain
        WireWriter w = new WireWriter(4096);
        codec.begin(w, self, 1, 1);
        byte[] noise = new byte[3000];
        new Random(1).nextBytes(noise);
        Codec.userEvent(w, self, 1, 1, 1, 0, new byte[] {'t'}, noise);
        assertFalse(codec.finish(w, Codec.Compress.ALLOWED));
        assertEquals(0, w.buffer()[3] & Codec.FLAG_COMPRESSED);
    }

    @Test
    void aNodeWithoutCompressionDropsACompressedFrameWholeAndTalksPlainBothWays() {
        Codec modern = new Codec(interner, null);
        Codec legacy = new Codec(new PeerInterner(), null);
        legacy.compression(false, Codec.DEFAULT_THRESHOLD, Codec.DEFAULT_MAX_INFLATED, null);
        // the legacy node reads a compressed frame as a build before compression does: a message of
        // type 0 whose length runs past the end, so it drops the frame and visits nothing
        byte[] packed = state(modern, true, MEMBERS);
        Recorder r = new Recorder();
        assertEquals(Outcome.DROPPED, legacy.decode(packed, 0, packed.length, r));
        assertTrue(r.messages().isEmpty(), "nothing visited: " + r.messages().size());
        assertTrue(legacy.lastError().startsWith("truncated"), legacy::lastError);
        // it neither advertises nor compresses, even when asked to
        byte[] fromLegacy = state(legacy, true, MEMBERS);
        assertEquals(0, fromLegacy[3] & (Codec.FLAG_COMPRESSED | Codec.FLAG_INFLATES));
        assertEquals(MEMBERS, ((Recorder.Sync) decode(modern, fromLegacy).get(0)).entries().size());
        assertFalse(modern.lastHeader().inflates());
        // plain frames from a modern node are what they always were: the legacy node reads them
        assertEquals(MEMBERS, ((Recorder.Sync) decode(legacy, state(modern, false, MEMBERS)).get(0)).entries().size());
        assertTrue(legacy.lastHeader().inflates());
    }

    // ------------------------------------------------------------------ hostile input

    /** A header, then a compressed body that claims {@code claim} bytes and holds {@code deflated}. */
    private byte[] frame(int claim, byte[] deflated) {
        Codec codec = new Codec(interner, null);
        WireWriter w = new WireWriter(1024);
        codec.begin(w, self, 1, 1);
        w.u8(0);
        w.varlong(claim);
        w.bytes(deflated, 0, deflated.length);
        w.buf[3] |= Codec.FLAG_COMPRESSED;
        return Arrays.copyOf(w.buf, w.pos);
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(9);
        d.setInput(raw);
        d.finish();
        byte[] out = new byte[raw.length / 100 + 1024];
        int n = 0;
        while (!d.finished()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            n += d.deflate(out, n, out.length - n);
        }
        d.end();
        return Arrays.copyOf(out, n);
    }

    /**
     * Decodes twice (the first run of a path also links its string concatenations, which allocates)
     * and asserts the outcome.
     *
     * @return the bytes the second decode allocated, or -1 where the JVM does not count them
     */
    private static long dropped(Codec codec, byte[] b, String why) {
        long allocated = -1;
        for (int i = 0; i < 2; i++) {
            long before = Allocations.threadBytes();
            Outcome o = codec.decode(b, 0, b.length, DRAIN);
            allocated = Allocations.supported() ? Allocations.threadBytes() - before : -1;
            assertEquals(Outcome.DROPPED, o, why);
            assertTrue(codec.lastError().contains(why), codec.lastError() + " should say " + why);
        }
        return allocated;
    }

    @Test
    void bombsAndLiesAboutTheSizeAreDroppedWithoutAllocatingPastTheCap() {
        int cap = 1 << 20;
        Codec codec = new Codec(new PeerInterner(), null);
        codec.compression(true, Codec.DEFAULT_THRESHOLD, cap, null);
        byte[] first = frame(1, new byte[0]);
        codec.decode(first, 0, first.length, DRAIN); // a first drop, for what is lazy (the interner's table)
        byte[] zeros = new byte[16 << 20];
        byte[] bomb = deflate(zeros); // 16 MiB of zeros in about 16 KiB
        // a claim over the cap: dropped before inflating
        long a = dropped(codec, frame(16 << 20, bomb), "exceeds " + cap);
        // a claim under the cap that the body overruns: inflation stops one byte past the claim
        long b = dropped(codec, frame(cap, bomb), "more than");
        // a claim deflate cannot reach from the bytes at hand: dropped before any allocation
        long c = dropped(codec, frame(cap, new byte[] {0x78, 0x01, 0, 0, 0, 0, 0, 0}), "more than deflate can reach");
        // bodies that come up short, are corrupt, or have bytes after the end
        dropped(codec, frame(1001, deflate(new byte[1000])), "inflates to 1000 bytes, claims 1001");
        byte[] truncated = deflate(new byte[1000]);
        dropped(codec, frame(1000, Arrays.copyOf(truncated, truncated.length - 5)), "truncated");
        dropped(codec, frame(1000, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), "corrupt");
        byte[] trailing = Arrays.copyOf(deflate(new byte[1000]), deflate(new byte[1000]).length + 3);
        dropped(codec, frame(1000, trailing), "after the end");
        System.out.printf("allocated while dropping: claim over the cap %d bytes, overrun %d, impossible claim %d%n", a, b, c);
        if (Allocations.supported()) {
            assertTrue(a < 64 * 1024, "claim over the cap allocated " + a);
            assertTrue(b < cap * 4 / 3 + 64 * 1024, "overrun allocated " + b);
            assertTrue(c < 64 * 1024, "impossible claim allocated " + c);
        }
        // and the codec still decodes what is sound
        byte[] sound = state(new Codec(interner, null), true, 300);
        assertEquals(300, ((Recorder.Sync) decode(codec, sound).get(0)).entries().size());
    }

    @Test
    void truncatedAndMutatedCompressedFramesNeverThrowNorAllocatePastTheCap() {
        int cap = 256 * 1024;
        Codec unsignedEncoder = new Codec(interner, null);
        byte[][] seeds = {state(unsignedEncoder, true, MEMBERS), state(unsignedEncoder, true, 40),
            frame(cap, deflate(new byte[cap * 4]))};
        Codec codec = new Codec(new PeerInterner(), null);
        codec.compression(true, Codec.DEFAULT_THRESHOLD, cap, null);
        for (byte[] seed : seeds) {
            codec.decode(seed, 0, seed.length, DRAIN); // interns the ids, as a running node has them
        }
        Random random = new Random(11);
        int[] outcomes = new int[Outcome.values().length];
        long most = 0;
        int inputs = 0;
        for (byte[] seed : seeds) {
            for (int len = 0; len <= seed.length; len += 1 + len / 64) {
                most = Math.max(most, decodeSafely(codec, Arrays.copyOf(seed, len), outcomes));
                inputs++;
            }
            for (int i = 0; i < 4000; i++) {
                byte[] m = seed.clone();
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    int at = random.nextInt(m.length);
                    m[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (m[at] ^ (1 << random.nextInt(8)));
                }
                most = Math.max(most, decodeSafely(codec, m, outcomes));
                inputs++;
            }
        }
        System.out.printf("%d truncated and mutated compressed frames: %d decoded, %d dropped; most allocated by one %d bytes%n",
                inputs, outcomes[Outcome.OK.ordinal()], outcomes[Outcome.DROPPED.ordinal()], most);
        assertTrue(outcomes[Outcome.DROPPED.ordinal()] > inputs / 2);
        if (Allocations.supported()) {
            assertTrue(most < cap * 4 / 3 + 64 * 1024, "one decode allocated " + most + " bytes, cap " + cap);
        }
    }

    /** @return the bytes allocated; measured again when high (a path's first run also links its string concatenations) */
    private static long decodeSafely(Codec codec, byte[] b, int[] outcomes) {
        long before = Allocations.threadBytes();
        Outcome o = codec.decode(b, 0, b.length, DRAIN);
        long allocated = Allocations.threadBytes() - before;
        assertNotNull(o);
        outcomes[o.ordinal()]++;
        if (allocated > 64 * 1024) {
            before = Allocations.threadBytes();
            codec.decode(b, 0, b.length, DRAIN);
            allocated = Allocations.threadBytes() - before;
        }
        return allocated;
    }
}
