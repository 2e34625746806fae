package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.MemberState;
import io.chorus.api.spi.MessageSigner;
import io.chorus.core.wire.Codec.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * Seeded, bounded fuzzing of the user message decoders: {@link UserCodec#decode} on user frames,
 * and {@link Codec#decode} on protocol packets that gossip user events. For a corpus of valid
 * inputs (each type, signed and unsigned, empty to large payloads, short to longest topics): every
 * truncation, every single-byte change (four values per position), random multi-byte mutations
 * ({@link WireCorpus#mutate}) and random bytes. A decode must return an outcome, never throw, and
 * hand the visitor only values in range ({@link UserRecorder} checks: the input's own buffer, a
 * payload inside the decoded range, a topic that keeps the rule, a reply status up to TOO_LARGE,
 * non-negative numbers). A changed signed input must be rejected with the outcome its header and
 * trailer call for, and nothing of it visited. Same seeds, same inputs; each test prints what it
 * reached and how long it took.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserCodecFuzzTest {
    private static final int RANDOM_INPUTS = 100_000;
    private static final int MUTATIONS = 100_000;
    private static final int SIGNED_MUTATIONS = 20_000;
    /** Payloads of at least this many bytes (more than a gossip frame holds) are made exactly that large. */
    private static final int LARGE = 65_536;
    private static final long K1 = 0x1234_5678_9abc_def0L;
    private static final long K2 = 0x0fed_cba9_8765_4321L;
    private static final long[] KEYRING = {0, K1, K2};
    /** Values each position is set to in the single-byte pass: two flips, all ones, and one at random. */
    private static final int[] FLIPS = {0x01, 0x80, 0xff};
    private static final int[] USER_TYPES = {UserCodec.SEND, UserCodec.REQUEST, UserCodec.REPLY, Codec.USER_EVENT};

    private final PeerInterner peers = new PeerInterner();
    private final List<Peer> ids = WireCorpus.peers(peers);

    // ------------------------------------------------------------------ corpus

    private static String topic(Random rnd) {
        String all = UserCodecRoundTripTest.ALL_CHARS;
        int len;
        switch (rnd.nextInt(4)) {
            case 0:
                len = 1;
                break;
            case 1:
                len = Topics.MAX_LENGTH;
                break;
            default:
                len = 1 + rnd.nextInt(Topics.MAX_LENGTH);
                break;
        }
        StringBuilder s = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            s.append(all.charAt(rnd.nextInt(all.length())));
        }
        return s.toString();
    }

    /** @return a random payload of at most {@code max} bytes; of exactly {@code max} past {@link #LARGE} */
    private static byte[] payload(Random rnd, int max) {
        int n;
        switch (max >= LARGE ? 4 : rnd.nextInt(5)) {
            case 0:
                n = 0;
                break;
            case 1:
                n = rnd.nextInt(16);
                break;
            case 2:
                n = rnd.nextInt(Math.min(max, 1500) + 1);
                break;
            case 3:
                n = rnd.nextInt(max + 1);
                break;
            default:
                n = max;
                break;
        }
        byte[] p = new byte[n];
        rnd.nextBytes(p);
        return p;
    }

    private static long number(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return rnd.nextInt(128);
            case 1:
                return rnd.nextInt(1 << 20);
            case 2:
                return Long.MAX_VALUE - rnd.nextInt(3);
            default:
                return rnd.nextLong() >>> 1;
        }
    }

    /** Writes one user message, recording where its length field and its topic's length are. */
    private void message(WireWriter w, int type, Random rnd, int maxPayload, List<Integer> lengthAt) {
        int start = w.position();
        byte[] p = payload(rnd, maxPayload);
        byte[] t = Topics.check(topic(rnd));
        long id = number(rnd);
        long other = number(rnd);
        lengthAt.add(start + 1);
        switch (type) {
            case UserCodec.SEND:
                UserCodec.send(w, t, p);
                break;
            case UserCodec.REQUEST:
                UserCodec.request(w, id, other, t, p);
                break;
            case UserCodec.REPLY:
                UserCodec.reply(w, id, rnd.nextInt(UserCodec.TOO_LARGE + 1), p);
                return;
            default: {
                Peer origin = ids.get(rnd.nextInt(ids.size()));
                Codec.userEvent(w, origin, id, other, other / 2, rnd.nextInt(4), t, p);
                break;
            }
        }
        // the topic's length byte sits just before the topic, which ends where the payload starts
        lengthAt.add(w.position() - p.length - t.length - 1);
    }

    /** Adds the offsets of every id's name length and host kind, as {@link WireCorpus} does. */
    private WireCorpus.Sample sample(WireWriter w, List<Integer> lengthAt) {
        byte[] b = Arrays.copyOf(w.buffer(), w.position());
        for (Peer p : ids) {
            for (int at = indexOf(b, p.wire, 0); at >= 0; at = indexOf(b, p.wire, at + 1)) {
                lengthAt.add(at);
                lengthAt.add(at + 1 + (p.wire[0] & 0xff));
            }
        }
        return new WireCorpus.Sample(b, lengthAt.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * @return user frames: each type alone, then 2 to 8 of them mixed, {@code rounds} of each shape,
     *     signed by {@code signer} when it is not null
     */
    private List<WireCorpus.Sample> userFrames(MessageSigner signer, Random rnd, int rounds, int maxPayload) {
        List<WireCorpus.Sample> out = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int shape = 0; shape <= USER_TYPES.length; shape++) {
                WireWriter w = new WireWriter(64);
                List<Integer> lengthAt = new ArrayList<>();
                UserCodec.begin(w, ids.get(rnd.nextInt(ids.size())), signer != null);
                int n = shape == USER_TYPES.length ? 2 + rnd.nextInt(7) : 1;
                for (int i = 0; i < n; i++) {
                    int type = shape == USER_TYPES.length ? USER_TYPES[rnd.nextInt(USER_TYPES.length)] : USER_TYPES[shape];
                    message(w, type, rnd, n == 1 ? maxPayload : maxPayload / 8, lengthAt);
                }
                UserCodec.finish(w, Envelope.signing(signer));
                out.add(sample(w, lengthAt));
            }
        }
        return out;
    }

    /** @return protocol packets holding user events, alone or among pings, acks and alive updates */
    private List<WireCorpus.Sample> eventPackets(MessageSigner signer, Random rnd, int count, int maxPayload) {
        Codec codec = new Codec(new PeerInterner(), signer);
        List<WireCorpus.Sample> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            WireWriter w = new WireWriter(64);
            List<Integer> lengthAt = new ArrayList<>();
            codec.begin(w, ids.get(rnd.nextInt(ids.size())), rnd.nextInt(100), rnd.nextInt(100));
            int n = k % 3 == 0 ? 1 : 2 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                Peer p = ids.get(rnd.nextInt(ids.size()));
                switch (i == 0 ? 0 : rnd.nextInt(4)) {
                    case 1:
                        lengthAt.add(w.position() + 1);
                        Codec.ping(w, rnd.nextInt(1000), p);
                        break;
                    case 2:
                        lengthAt.add(w.position() + 1);
                        Codec.ack(w, Codec.ACK, rnd.nextInt(1000));
                        break;
                    case 3:
                        lengthAt.add(w.position() + 1);
                        Codec.update(w, MemberState.ALIVE, p, rnd.nextInt(100), null, WireCorpus.TAGS.get(1), null);
                        break;
                    default:
                        message(w, Codec.USER_EVENT, rnd, n == 1 ? maxPayload : maxPayload / 8, lengthAt);
                        break;
                }
            }
            codec.finish(w);
            out.add(sample(w, lengthAt));
        }
        return out;
    }

    /**
     * @return random bytes of length 0 to 1500; most start with a user header, and half of those
     *     carry a valid sender and a stream of user-typed (sometimes other) messages with
     *     consistent lengths, some of them with a valid topic
     */
    private byte[] random(Random rnd) {
        byte[] b = new byte[rnd.nextInt(1501)];
        rnd.nextBytes(b);
        int mode = rnd.nextInt(8);
        if (mode < 1 || b.length < 4) {
            return b;
        }
        b[0] = (byte) Codec.MAGIC0;
        b[1] = (byte) Codec.MAGIC1;
        b[2] = (byte) Codec.VERSION;
        b[3] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : Codec.FLAG_USER);
        Peer sender = ids.get(rnd.nextInt(ids.size()));
        if (mode < 4 || b.length < 4 + sender.wire.length + 2) {
            return b;
        }
        WireWriter w = new WireWriter(b.length);
        w.bytes(b, 0, 4);
        w.peer(sender);
        w.varlong(0);
        w.varlong(0);
        while (w.position() < b.length) {
            int room = b.length - w.position();
            byte[] body = new byte[Math.min(room, rnd.nextInt(rnd.nextBoolean() ? 16 : 200))];
            rnd.nextBytes(body);
            int type = rnd.nextInt(10) == 0 ? rnd.nextInt(256) : USER_TYPES[rnd.nextInt(USER_TYPES.length)];
            if (body.length > 3 && rnd.nextBoolean()) {
                // a plausible topic where one of the types puts it (the first byte for a SEND)
                int len = 1 + rnd.nextInt(Math.min(body.length - 1, Topics.MAX_LENGTH));
                body[0] = (byte) len;
                for (int i = 1; i <= len; i++) {
                    body[i] = (byte) UserCodecRoundTripTest.ALL_CHARS.charAt(rnd.nextInt(UserCodecRoundTripTest.ALL_CHARS.length()));
                }
            }
            w.u8(type);
            w.varlong(body.length);
            w.bytes(body, 0, body.length);
        }
        return Arrays.copyOf(w.buffer(), w.position());
    }

    // ------------------------------------------------------------------ harness

    /** Decodes inputs with a user or a protocol decoder and checks each decode. */
    private static final class Harness {
        final UserRecorder checker = new UserRecorder(false);
        /** For the protocol codec: checks user events, counts every message. */
        final Recorder protocolVisitor = new Recorder(true) {
            @Override
            public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off,
                    int len) {
                checker.userEvent(origin, stream, seq, low, flags, topic, b, off, len);
                super.userEvent(origin, stream, seq, low, flags, topic, b, off, len);
            }
        };
        final UserCodec user;
        final Codec protocol;
        final int trailer;
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        final FuzzFailures failures = new FuzzFailures();
        final Random padding = new Random(7);
        byte[] framed = new byte[0];
        int decoded;
        int visited;
        int calls;

        /** @param signer the decoder's signer, or null @param protocol whether to decode as protocol packets */
        Harness(MessageSigner signer, boolean protocol) {
            this.user = protocol ? null : new UserCodec(signer);
            this.protocol = protocol ? new Codec(new PeerInterner(), signer) : null;
            this.trailer = signer == null ? 0 : signer.trailerLength();
        }

        /** @return the outcome, or null when the decode failed (recorded) */
        Outcome decode(String what, byte[] b, int off, int len) {
            decoded++;
            checker.expect(b, off + 4, off + len - trailer);
            checker.breach = null;
            protocolVisitor.clear();
            Outcome outcome;
            try {
                outcome = user != null ? user.decode(b, off, len, checker) : protocol.decode(b, off, len, protocolVisitor);
            } catch (Throwable t) {
                failure(what, b, off, len, "threw " + stack(t));
                return null;
            }
            if (outcome == null) {
                failure(what, b, off, len, "returned no outcome");
                return null;
            }
            if (checker.breach != null) {
                failure(what, b, off, len, "visited " + checker.breach);
            }
            outcomes.merge(outcome, 1, Integer::sum);
            int n = messages();
            calls += n;
            if (n > 0) {
                visited++;
            }
            return outcome;
        }

        /** @return the messages the last decode visited */
        int messages() {
            return user != null ? checker.calls : protocolVisitor.messages().size();
        }

        /** Decodes alone, then at an offset inside garbage: the outcome must be the same. */
        Outcome check(String what, byte[] input) {
            Outcome outcome = decode(what, input, 0, input.length);
            if (outcome == null) {
                return null;
            }
            int pad = 1 + padding.nextInt(32);
            if (framed.length < input.length + 2 * pad) {
                framed = new byte[2 * (input.length + 2 * pad)];
                padding.nextBytes(framed);
            }
            System.arraycopy(input, 0, framed, pad, input.length);
            Outcome again = decode(what + " at an offset", framed, pad, input.length);
            if (again != null && again != outcome) {
                failure(what, input, 0, input.length,
                        "decoded " + outcome + " alone but " + again + " inside a larger buffer: it read outside its range");
            }
            return outcome;
        }

        /**
         * Truncates at every length and sets every byte to four other values (in place, then
         * restored), with {@code each} run on every outcome.
         */
        void exhaust(String what, byte[] b, Expectation each) {
            Random values = new Random(b.length);
            for (int len = 0; len < b.length; len++) {
                Outcome o = decode(what + " cut to " + len, b, 0, len);
                each.check(what + " cut to " + len, b, len, o);
            }
            for (int pos = 0; pos < b.length; pos++) {
                byte old = b[pos];
                for (int k = 0; k <= FLIPS.length; k++) {
                    int v = k < FLIPS.length ? (old ^ FLIPS[k]) & 0xff : (old + 1 + values.nextInt(255)) & 0xff;
                    b[pos] = (byte) v;
                    String w = what + " byte " + pos + " = " + v;
                    Outcome o = decode(w, b, 0, b.length);
                    each.check(w, b, b.length, o);
                }
                b[pos] = old;
            }
        }

        void failure(String what, byte[] b, int off, int len, String problem) {
            failures.add(what, b, off, len, problem);
        }

        void assertClean() {
            failures.assertNone(decoded);
        }

        String summary() {
            return decoded + " decodes, " + visited + " visited something (" + calls + " messages), outcomes " + outcomes;
        }
    }

    /** A check run on each outcome of {@link Harness#exhaust}. */
    private interface Expectation {
        void check(String what, byte[] b, int len, Outcome o);
    }

    private static String stack(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    /**
     * What a signing decoder must answer for a changed signed input: DROPPED for a broken magic or
     * version, MISSING_SIGNATURE without the flag or room for a trailer, UNKNOWN_KEY for a key id
     * not in the ring, BAD_SIGNATURE otherwise.
     */
    private static Outcome signedVerdict(byte[] b, int len) {
        if (len < 4 || b[0] != Codec.MAGIC0 || b[1] != Codec.MAGIC1 || (b[2] & 0xff) != Codec.VERSION) {
            return Outcome.DROPPED;
        }
        if ((b[3] & Codec.FLAG_SIGNED) == 0 || len < 4 + TestSigner.TRAILER) {
            return Outcome.MISSING_SIGNATURE;
        }
        int key = b[len - TestSigner.TRAILER] & 0xff;
        return key < KEYRING.length && KEYRING[key] != 0 ? Outcome.BAD_SIGNATURE : Outcome.UNKNOWN_KEY;
    }

    /** An expectation for changed signed inputs: the verdict above, and nothing visited. */
    private static Expectation rejected(Harness h) {
        return (what, b, len, o) -> {
            if (o == null) {
                return;
            }
            Outcome want = signedVerdict(b, len);
            if (o != want || h.messages() != 0) {
                h.failure(what, b, 0, len, "a changed signed input gave " + o + " (" + want + " expected) and visited " + h.messages()
                        + " messages");
            }
        };
    }

    private static final Expectation ANY = (what, b, len, o) -> { };

    // ------------------------------------------------------------------ tests

    @Test
    void everyTruncationAndByteChangeOfUserFramesDecodesSafely() {
        long start = System.nanoTime();
        Random rnd = new Random(0x05E4);
        List<WireCorpus.Sample> corpus = userFrames(null, rnd, 30, 3000);
        corpus.addAll(userFrames(null, rnd, 1, 70_000).subList(0, USER_TYPES.length));
        Harness h = new Harness(null, false);
        int bytes = 0;
        for (WireCorpus.Sample s : corpus) {
            assertEquals(Outcome.OK, h.check("valid frame", s.bytes()), h.user.lastError());
            assertTrue(h.messages() > 0);
            bytes += s.bytes().length;
        }
        h.assertClean();
        for (WireCorpus.Sample s : corpus) {
            h.exhaust("frame", s.bytes().clone(), ANY);
        }
        System.out.printf("user frames, exhaustive: %d frames, %d bytes; %s; %d ms%n", corpus.size(), bytes, h.summary(),
                (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        assertTrue(h.outcomes.get(Outcome.DROPPED) > h.decoded / 10, "truncations and header changes must be dropped: " + h.summary());
    }

    @Test
    void randomMutationsOfUserFramesDecodeSafely() {
        long start = System.nanoTime();
        Random rnd = new Random(0x5EED5);
        List<WireCorpus.Sample> corpus = userFrames(null, rnd, 40, 2000);
        Harness h = new Harness(null, false);
        for (int i = 0; i < MUTATIONS; i++) {
            WireCorpus.Sample s = corpus.get(rnd.nextInt(corpus.size()));
            h.check("mutation " + i, WireCorpus.mutate(s, corpus, rnd));
        }
        System.out.printf("user frames, mutations: %s; %d ms%n", h.summary(), (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        int ok = h.outcomes.getOrDefault(Outcome.OK, 0);
        assertTrue(ok > h.decoded / 50 && ok < h.decoded / 2, "mutations should mostly, not always, break frames: " + h.summary());
    }

    @Test
    void randomBytesNeverBreakTheUserDecoder() {
        long start = System.nanoTime();
        Random rnd = new Random(0xB17E5);
        Harness h = new Harness(null, false);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            h.check("random input " + i, random(rnd));
        }
        System.out.printf("user frames, random bytes: %s; %d ms%n", h.summary(), (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        assertTrue(h.visited > h.decoded / 50, "too few random inputs reached the visitor: " + h.summary());
    }

    @Test
    void anyChangeToASignedUserFrameIsRejectedUndecoded() {
        long start = System.nanoTime();
        Random rnd = new Random(0x516);
        TestSigner signer = new TestSigner(1, KEYRING);
        List<WireCorpus.Sample> corpus = userFrames(signer, rnd, 8, 1500);
        Harness h = new Harness(new TestSigner(1, KEYRING), false);
        for (WireCorpus.Sample s : corpus) {
            assertEquals(Outcome.OK, h.decode("valid signed frame", s.bytes(), 0, s.bytes().length), h.user.lastError());
            assertTrue(h.messages() > 0);
        }
        h.assertClean();
        Expectation rejected = rejected(h);
        for (WireCorpus.Sample s : corpus) {
            h.exhaust("signed frame", s.bytes().clone(), rejected);
            byte[] longer = Arrays.copyOf(s.bytes(), s.bytes().length + 1);
            rejected.check("signed frame extended", longer, longer.length, h.decode("signed frame extended", longer, 0, longer.length));
        }
        int mutated = 0;
        while (mutated < SIGNED_MUTATIONS) {
            WireCorpus.Sample s = corpus.get(rnd.nextInt(corpus.size()));
            byte[] m = WireCorpus.mutate(s, corpus, rnd);
            if (Arrays.equals(m, s.bytes())) {
                continue;
            }
            mutated++;
            rejected.check("signed mutation " + mutated, m, m.length, h.check("signed mutation " + mutated, m));
        }
        System.out.printf("signed user frames: %d frames; %s; %d ms%n", corpus.size(), h.summary(), (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        assertEquals(corpus.size(), h.outcomes.get(Outcome.OK), "only the unchanged frames decode");
    }

    @Test
    void userEventsInProtocolPacketsDecodeSafely() {
        long start = System.nanoTime();
        Random rnd = new Random(0xE7E27);
        List<WireCorpus.Sample> corpus = eventPackets(null, rnd, 60, 400);
        Harness h = new Harness(null, true);
        for (WireCorpus.Sample s : corpus) {
            assertEquals(Outcome.OK, h.check("valid packet", s.bytes()), h.protocol.lastError());
            assertTrue(h.protocolVisitor.messages().stream().anyMatch(m -> m instanceof Recorder.UserEventMsg));
        }
        h.assertClean();
        for (WireCorpus.Sample s : corpus) {
            h.exhaust("packet", s.bytes().clone(), ANY);
        }
        for (int i = 0; i < MUTATIONS / 4; i++) {
            WireCorpus.Sample s = corpus.get(rnd.nextInt(corpus.size()));
            h.check("mutation " + i, WireCorpus.mutate(s, corpus, rnd));
        }
        System.out.printf("user events in protocol packets: %d packets; %s; %d ms%n", corpus.size(), h.summary(),
                (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        assertTrue(h.outcomes.getOrDefault(Outcome.OK, 0) > h.decoded / 50, "some changes decode: " + h.summary());
    }

    @Test
    void anyChangeToASignedPacketWithUserEventsIsRejectedUndecoded() {
        long start = System.nanoTime();
        Random rnd = new Random(0x516E);
        List<WireCorpus.Sample> corpus = eventPackets(new TestSigner(2, KEYRING), rnd, 30, 1000);
        Harness h = new Harness(new TestSigner(2, KEYRING), true);
        for (WireCorpus.Sample s : corpus) {
            assertEquals(Outcome.OK, h.decode("valid signed packet", s.bytes(), 0, s.bytes().length), h.protocol.lastError());
        }
        Expectation rejected = rejected(h);
        for (WireCorpus.Sample s : corpus) {
            h.exhaust("signed packet", s.bytes().clone(), rejected);
        }
        int mutated = 0;
        while (mutated < SIGNED_MUTATIONS) {
            WireCorpus.Sample s = corpus.get(rnd.nextInt(corpus.size()));
            byte[] m = WireCorpus.mutate(s, corpus, rnd);
            if (Arrays.equals(m, s.bytes())) {
                continue;
            }
            mutated++;
            rejected.check("signed mutation " + mutated, m, m.length, h.check("signed mutation " + mutated, m));
        }
        System.out.printf("signed protocol packets with user events: %d packets; %s; %d ms%n", corpus.size(), h.summary(),
                (System.nanoTime() - start) / 1_000_000);
        h.assertClean();
        assertEquals(corpus.size(), h.outcomes.get(Outcome.OK), "only the unchanged packets decode");
    }
}
