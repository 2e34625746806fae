package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.core.wire.Codec.Outcome;
import io.chorus.testkit.Allocations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded, bounded fuzzing of {@link Codec#decode}: it must return an outcome for any input (never
 * throw), must not read outside the range it was given, and must not allocate much more than the
 * input justifies (at most 64 bytes per input byte plus 64 KiB, measured per decode where the JVM
 * counts allocations per thread). Same seeds, same inputs; each test prints what it reached and
 * how long it took.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CodecFuzzTest {
    private static final int RANDOM_INPUTS = 200_000;
    private static final int MUTATIONS = 200_000;
    /** Allocation allowed per decode: this many bytes per input byte, plus {@link #ALLOCATION_SLACK}. */
    private static final long ALLOCATION_PER_BYTE = 64;
    private static final long ALLOCATION_SLACK = 64 * 1024;

    /** Decodes inputs and checks each decode; remembers the first few failures. */
    private static final class Harness {
        final PeerInterner interner = new PeerInterner();
        final Codec codec = new Codec(interner, null);
        final Recorder drain = new Recorder(false);
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        final FuzzFailures failures = new FuzzFailures();
        final Random padding = new Random(7);
        /** Where inputs are decoded a second time, surrounded by garbage (from the random fill and earlier inputs). */
        byte[] framed = new byte[0];
        final boolean measure = Allocations.supported();
        long mostAllocated;
        int mostAllocatedLength;
        long internerGrowth;
        int firstUse;
        int decoded;
        int pastHeader;

        void check(String what, byte[] input) {
            decoded++;
            Outcome outcome;
            int internedBefore = interner.size();
            long before = Allocations.threadBytes();
            try {
                outcome = codec.decode(input, 0, input.length, drain);
            } catch (Throwable t) {
                failure(what, input, "threw " + stack(t));
                return;
            }
            long allocated = Allocations.threadBytes() - before;
            if (outcome == null) {
                failure(what, input, "returned no outcome");
                return;
            }
            outcomes.merge(outcome, 1, Integer::sum);
            if (codec.lastHeader().sender() != null) {
                pastHeader++;
            }
            if (measure) {
                long growth = tableGrowth(internedBefore, interner.size());
                internerGrowth += growth;
                long own = allocated - growth;
                if (own > bound(input) && (own = remeasure(input)) > bound(input)) {
                    failure(what, input, "allocated " + allocated + " bytes (" + growth + " of them growing the interner's table), and "
                            + own + " on a fresh codec, decoding " + input.length);
                }
                if (own - ALLOCATION_PER_BYTE * input.length > mostAllocated - ALLOCATION_PER_BYTE * mostAllocatedLength) {
                    mostAllocated = own;
                    mostAllocatedLength = input.length;
                }
            }
            // the same bytes inside a larger buffer of garbage must decode the same: nothing outside
            // [off, off + len) is read
            int pad = 1 + padding.nextInt(32);
            if (framed.length < input.length + 2 * pad) {
                framed = new byte[2 * (input.length + 2 * pad)];
                padding.nextBytes(framed);
            }
            System.arraycopy(input, 0, framed, pad, input.length);
            Outcome again;
            try {
                again = codec.decode(framed, pad, input.length, drain);
            } catch (Throwable t) {
                failure(what, input, "threw at an offset " + stack(t));
                return;
            }
            if (again != outcome) {
                failure(what, input, "decoded " + outcome + " alone but " + again + " inside a larger buffer: it read outside its range");
            }
        }

        private static long bound(byte[] input) {
            return ALLOCATION_PER_BYTE * input.length + ALLOCATION_SLACK;
        }

        /**
         * The first time a code path runs, the JVM links it: string concatenation bootstraps,
         * exception classes loaded. Those one-time costs are charged to whichever input gets there
         * first, so an input over the bound is decoded again on a fresh codec (its ids new again)
         * and only that second measure counts.
         */
        private long remeasure(byte[] input) {
            Codec fresh = new Codec(new PeerInterner(), null);
            long before = Allocations.threadBytes();
            fresh.decode(input, 0, input.length, drain);
            long allocated = Allocations.threadBytes() - before;
            firstUse++;
            return allocated - tableGrowth(0, fresh.interner().size());
        }

        /**
         * The bytes the interner's open-addressing table allocates when interning takes it from
         * {@code before} to {@code after} peers: it doubles (two arrays, a Peer[] and an int[])
         * whenever it would be more than half full. This allocation answers to every id ever
         * decoded, not to the input at hand (amortized, it is a few bytes per new id), so it is
         * counted apart; each decoded input that names a new id adds an entry for good.
         */
        static long tableGrowth(int before, int after) {
            long bytes = 0;
            for (int len = capacity(before) * 2; len <= capacity(after); len *= 2) {
                bytes += 2 * (16 + 8L * len);
            }
            return bytes;
        }

        private static int capacity(int size) {
            int len = 64;
            while (size * 2 > len) {
                len *= 2;
            }
            return len;
        }

        private void failure(String what, byte[] input, String problem) {
            failures.add(what, input, 0, input.length, problem);
        }

        void assertClean() {
            failures.assertNone(decoded);
        }

        String summary() {
            return decoded + " decodes, " + pastHeader + " past the header, outcomes " + outcomes + ", interned peers " + interner.size()
                    + (measure ? ", closest to the allocation bound: " + mostAllocated + " bytes for " + mostAllocatedLength
                            + " input bytes, interner table growth " + internerGrowth + " bytes in all, " + firstUse
                            + " decodes measured again past first-use costs" : ", allocation not measured");
        }
    }

    private static String stack(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    @Test
    void randomBytesNeverBreakTheDecoder() {
        long start = System.nanoTime();
        Harness h = new Harness();
        Random rnd = new Random(0xC0DEC);
        Peer sender = WireCorpus.peers(h.interner).get(0);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            h.check("random input " + i, WireCorpus.random(sender, rnd));
        }
        System.out.printf("random bytes: %s; %d ms%n", h.summary(), (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        assertTrue(h.pastHeader > RANDOM_INPUTS / 5, "too few inputs got past the header: " + h.summary());
    }

    @Test
    void mutatedPacketsAndFramesNeverBreakTheDecoder() {
        long start = System.nanoTime();
        Harness h = new Harness();
        Random rnd = new Random(0x5EED);
        List<WireCorpus.Sample> corpus = WireCorpus.samples(h.interner, rnd);
        for (WireCorpus.Sample s : corpus) {
            h.check("valid sample", s.bytes());
        }
        assertTrue(h.failures.isEmpty() && h.outcomes.get(Outcome.OK) == corpus.size(), "the corpus itself must decode: " + h.failures);
        for (int i = 0; i < MUTATIONS; i++) {
            WireCorpus.Sample s = corpus.get(rnd.nextInt(corpus.size()));
            h.check("mutation " + i, WireCorpus.mutate(s, corpus, rnd));
        }
        System.out.printf("mutations: %s; %d ms%n", h.summary(), (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        int ok = h.outcomes.getOrDefault(Outcome.OK, 0) - corpus.size();
        assertTrue(ok > MUTATIONS / 50 && ok < MUTATIONS / 2, "mutations should mostly, not always, break packets: " + h.outcomes);
    }
}
