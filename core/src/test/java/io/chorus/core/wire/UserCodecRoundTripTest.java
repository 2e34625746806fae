package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.NodeId;
import io.chorus.api.spi.MessageSigner;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.core.wire.Recorder.Unknown;
import io.chorus.core.wire.Recorder.UserEventMsg;
import io.chorus.core.wire.UserRecorder.Event;
import io.chorus.core.wire.UserRecorder.Msg;
import io.chorus.core.wire.UserRecorder.Reply;
import io.chorus.core.wire.UserRecorder.Request;
import io.chorus.core.wire.UserRecorder.Send;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * User frames through the static encoders and back through {@link UserCodec#decode}: every field
 * of every type, signed and unsigned, at any offset; {@link UserCodec#isUser}; and what the
 * protocol codec makes of a user frame.
 */
class UserCodecRoundTripTest {
    private static final long K1 = 0x1234_5678_9abc_def0L;
    private static final long[] NUMBERS = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 1L << 56, Long.MAX_VALUE};
    /** Every character the rule allows, 66 of them. */
    static final String ALL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:";
    static final String LONGEST_TOPIC = (ALL_CHARS + ALL_CHARS).substring(0, Topics.MAX_LENGTH);

    private final PeerInterner interner = new PeerInterner();
    private final Peer sender = interner.intern(NodeId.parse("alpha@10.0.0.1:7946"));
    private final Peer origin = interner.intern(NodeId.parse("n" + "x".repeat(63) + "@[fe80::1]:65535"));
    private final UserRecorder recorder = new UserRecorder(true);
    private final Random rnd = new Random(11);

    private static byte[] topic(String t) {
        return Topics.check(t);
    }

    private byte[] payload(int n) {
        byte[] p = new byte[n];
        rnd.nextBytes(p);
        return p;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] frame(Peer from, MessageSigner signer, Consumer<WireWriter> body) {
        WireWriter w = new WireWriter(16);
        UserCodec.begin(w, from, signer != null);
        body.accept(w);
        UserCodec.finish(w, Envelope.signing(signer));
        return Arrays.copyOf(w.buffer(), w.position());
    }

    private byte[] frame(Consumer<WireWriter> body) {
        return frame(sender, null, body);
    }

    /** Decodes alone and at an offset in a larger buffer of garbage; both must agree. */
    private List<Msg> decode(UserCodec codec, byte[] f, int trailer) {
        recorder.expect(f, 4, f.length - trailer);
        Outcome outcome = codec.decode(f, 0, f.length, recorder);
        assertEquals(Outcome.OK, outcome, codec.lastError());
        assertNull(recorder.breach, recorder.breach);
        List<Msg> alone = new ArrayList<>(recorder.messages());

        byte[] framed = new byte[f.length + 37];
        rnd.nextBytes(framed);
        System.arraycopy(f, 0, framed, 17, f.length);
        recorder.expect(framed, 17 + 4, 17 + f.length - trailer);
        assertEquals(Outcome.OK, codec.decode(framed, 17, f.length, recorder), codec.lastError());
        assertNull(recorder.breach, recorder.breach);
        assertEquals(alone, recorder.messages(), "decoded differently at an offset");
        return alone;
    }

    private List<Msg> decode(byte[] f) {
        return decode(new UserCodec(null), f, 0);
    }

    @Test
    void aCompressedUserFrameInflatesOnlyWhereCompressionIsOn() {
        byte[] p = new byte[20_000];
        Arrays.fill(p, 0, 10_000, (byte) 'a');
        WireWriter w = new WireWriter(16);
        UserCodec.begin(w, sender, false);
        Codec.userEvent(w, origin, 9, 4, 3, Codec.EVENT_DIRECT, topic("big"), p);
        int plain = w.position();
        try (Deflation d = new Deflation()) {
            assertTrue(UserCodec.compress(w, d, 1024), "a compressible event over the threshold is compressed");
        }
        UserCodec.finish(w, Envelope.signing(null));
        byte[] f = Arrays.copyOf(w.buffer(), w.position());
        assertTrue(f.length < plain / 2, f.length + " bytes compressed, " + plain + " plain");
        List<String> got = new ArrayList<>();
        UserCodec.Visitor v = new UserCodec.Visitor() {
            @Override
            public void send(Peer from, String topic, byte[] b, int off, int len) {
                got.add("send");
            }

            @Override
            public void request(Peer from, long id, long timeoutMs, String topic, byte[] b, int off, int len) {
                got.add("request");
            }

            @Override
            public void reply(Peer from, long id, int status, byte[] b, int off, int len) {
                got.add("reply");
            }

            @Override
            public void userEvent(Peer o, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
                got.add(o.id() + " " + stream + " " + seq + " " + low + " " + flags + " " + topic + " "
                        + hex(Arrays.copyOfRange(b, off, off + len)));
            }
        };
        UserCodec on = new UserCodec(null, true, Codec.DEFAULT_MAX_INFLATED);
        assertEquals(Outcome.OK, on.decode(f, 0, f.length, v), on.lastError());
        assertEquals(List.of(origin.id() + " 9 4 3 " + Codec.EVENT_DIRECT + " big " + hex(p)), got);
        UserCodec off = new UserCodec(null, false, Codec.DEFAULT_MAX_INFLATED);
        assertEquals(Outcome.DROPPED, off.decode(f, 0, f.length, recorder), "a node with compression off drops it");
        UserCodec small = new UserCodec(null, true, 64 * 1024);
        byte[] huge = new byte[200_000];
        WireWriter h = new WireWriter(16);
        UserCodec.begin(h, sender, false);
        UserCodec.send(h, topic("x"), huge);
        try (Deflation d = new Deflation()) {
            assertTrue(UserCodec.compress(h, d, 1024));
        }
        byte[] bomb = Arrays.copyOf(h.buffer(), h.position());
        assertEquals(Outcome.DROPPED, small.decode(bomb, 0, bomb.length, recorder), "over the inflated cap: dropped");
        assertTrue(small.lastError().length() > 0);
    }

    @Test
    void sendCarriesTopicAndPayload() {
        for (String t : List.of("a", "orders.created", LONGEST_TOPIC)) {
            for (int n : new int[] {0, 1, 127, 128, 1400, 70_000}) {
                byte[] p = payload(n);
                byte[] f = frame(w -> UserCodec.send(w, topic(t), p));
                assertEquals(List.of(new Send(sender.id(), t, hex(p))), decode(f), t + ", " + n + " bytes");
                assertTrue(f.length <= UserCodec.overhead(sender, topic(t), 0) + n, "overhead() is an upper bound");
            }
        }
    }

    @Test
    void requestCarriesIdTimeoutTopicAndPayload() {
        for (long id : NUMBERS) {
            for (long timeout : new long[] {0, 1, 30_000, Long.MAX_VALUE}) {
                for (int n : new int[] {0, 300}) {
                    byte[] p = payload(n);
                    byte[] f = frame(w -> UserCodec.request(w, id, timeout, topic(LONGEST_TOPIC), p));
                    assertEquals(List.of(new Request(sender.id(), id, timeout, LONGEST_TOPIC, hex(p))), decode(f));
                    assertTrue(f.length <= UserCodec.overhead(sender, topic(LONGEST_TOPIC), 0) + n);
                }
            }
        }
    }

    @Test
    void replyCarriesIdStatusAndPayload() {
        for (long id : NUMBERS) {
            for (int status = UserCodec.OK; status <= UserCodec.TOO_LARGE; status++) {
                int s = status;
                byte[] p = status == UserCodec.OK ? payload(200) : "handler failed: caf\u00e9".getBytes(StandardCharsets.UTF_8);
                byte[] f = frame(w -> UserCodec.reply(w, id, s, p));
                assertEquals(List.of(new Reply(sender.id(), id, s, hex(p))), decode(f));
            }
        }
        byte[] f = frame(w -> UserCodec.reply(w, 5, UserCodec.OK, new byte[0]));
        assertEquals(List.of(new Reply(sender.id(), 5, UserCodec.OK, "")), decode(f));
    }

    @Test
    void aUserEventSentDirectlyCarriesEveryField() {
        for (long n : NUMBERS) {
            for (int flags : new int[] {0, Codec.EVENT_COALESCE, Codec.EVENT_DIRECT, Codec.EVENT_COALESCE | Codec.EVENT_DIRECT, 255}) {
                byte[] p = payload((int) (n % 1000));
                byte[] f = frame(w -> Codec.userEvent(w, origin, n, Long.MAX_VALUE - n, n, flags, topic(LONGEST_TOPIC), p));
                assertEquals(List.of(new Event(origin.id(), n, Long.MAX_VALUE - n, flags, LONGEST_TOPIC, hex(p))), decode(f));
            }
        }
    }

    @Test
    void severalMessagesInOneFrameComeOutInOrder() {
        byte[] p1 = payload(10);
        byte[] p2 = payload(0);
        byte[] p3 = payload(3000);
        byte[] f = frame(w -> {
            UserCodec.send(w, topic("a"), p1);
            UserCodec.request(w, 9, 250, topic("b:c"), p2);
            UserCodec.reply(w, 8, UserCodec.OVERLOADED, p3);
            Codec.userEvent(w, origin, 3, 4, 2, Codec.EVENT_DIRECT, topic("d"), p1);
            UserCodec.send(w, topic("e"), p3);
        });
        assertEquals(List.of(new Send(sender.id(), "a", hex(p1)), new Request(sender.id(), 9, 250, "b:c", hex(p2)),
                new Reply(sender.id(), 8, UserCodec.OVERLOADED, hex(p3)), new Event(origin.id(), 3, 4, Codec.EVENT_DIRECT, "d", hex(p1)),
                new Send(sender.id(), "e", hex(p3))), decode(f));
    }

    @Test
    void signedFramesRoundTripAndCarryBothFlags() {
        TestSigner signer = new TestSigner(1, 0, K1);
        byte[] p = payload(500);
        byte[] f = frame(sender, signer, w -> {
            UserCodec.request(w, 1, 2, topic("q"), p);
            UserCodec.reply(w, 3, UserCodec.NO_HANDLER, p);
        });
        assertEquals(Codec.FLAG_USER | Codec.FLAG_SIGNED, f[3]);
        assertEquals(1, f[f.length - TestSigner.TRAILER], "the key id leads the trailer");
        assertEquals(List.of(new Request(sender.id(), 1, 2, "q", hex(p)), new Reply(sender.id(), 3, UserCodec.NO_HANDLER, hex(p))),
                decode(new UserCodec(new TestSigner(1, 0, K1)), f, TestSigner.TRAILER));

        recorder.expect(f, 4, f.length);
        assertEquals(Outcome.BAD_SIGNATURE, new UserCodec(null).decode(f, 0, f.length, recorder), "signed, but no secret here");
        byte[] unsigned = frame(w -> UserCodec.send(w, topic("q"), p));
        assertEquals(Codec.FLAG_USER, unsigned[3]);
        assertEquals(Outcome.MISSING_SIGNATURE, new UserCodec(signer).decode(unsigned, 0, unsigned.length, recorder));
        assertEquals(0, recorder.calls);
    }

    @Test
    void isUserTellsUserFramesFromProtocolPackets() {
        byte[] user = frame(w -> UserCodec.send(w, topic("a"), new byte[0]));
        byte[] signedUser = frame(sender, new TestSigner(1, 0, K1), w -> UserCodec.send(w, topic("a"), new byte[0]));
        assertTrue(UserCodec.isUser(user, 0, user.length));
        assertTrue(UserCodec.isUser(signedUser, 0, signedUser.length));
        assertTrue(UserCodec.isUser(user, 0, 4), "the header alone decides");

        for (MessageSigner signer : new MessageSigner[] {null, new TestSigner(1, 0, K1)}) {
            Codec codec = new Codec(interner, signer);
            WireWriter w = new WireWriter(16);
            codec.begin(w, sender, 1, 1);
            Codec.ack(w, Codec.ACK, 3);
            Codec.userEvent(w, origin, 1, 1, 1, 0, topic("a"), new byte[0]);
            codec.finish(w);
            assertFalse(UserCodec.isUser(w.buffer(), 0, w.position()), "a protocol packet, even one with a user event");
        }

        byte[] framed = new byte[user.length + 3];
        System.arraycopy(user, 0, framed, 3, user.length);
        assertTrue(UserCodec.isUser(framed, 3, user.length));
        assertFalse(UserCodec.isUser(framed, 0, framed.length));
        assertFalse(UserCodec.isUser(user, 0, 3), "too short");
        assertFalse(UserCodec.isUser(new byte[0], 0, 0));
        byte[] badMagic = user.clone();
        badMagic[1] = 'H';
        assertFalse(UserCodec.isUser(badMagic, 0, badMagic.length));
    }

    @Test
    void theProtocolCodecCountsUserTypesAsUnknown() {
        byte[] p = payload(40);
        byte[] f = frame(w -> {
            UserCodec.send(w, topic("a"), p);
            UserCodec.request(w, 1, 1000, topic("b"), p);
            UserCodec.reply(w, 1, UserCodec.OK, p);
            Codec.userEvent(w, origin, 2, 3, 1, Codec.EVENT_DIRECT, topic("c"), p);
        });
        Codec codec = new Codec(interner, null);
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, codec.decode(f, 0, f.length, r), "user types are skipped, not errors");
        assertEquals(4, r.messages().size());
        assertEquals(List.of(new Unknown(UserCodec.SEND), new Unknown(UserCodec.REQUEST), new Unknown(UserCodec.REPLY)),
                r.messages().subList(0, 3));
        UserEventMsg e = (UserEventMsg) r.messages().get(3);
        assertEquals(List.of(origin, 2L, 3L, Codec.EVENT_DIRECT, "c", hex(p)),
                List.of(e.origin(), e.stream(), e.seq(), e.flags(), e.topic(), hex(e.payload())));
        assertEquals(sender, codec.lastHeader().sender());
    }

    @Test
    void theUserCodecDropsProtocolMessagesAndOutOfRangeValues() {
        UserCodec codec = new UserCodec(null);
        Codec protocol = new Codec(interner, null);
        WireWriter w = new WireWriter(16);
        protocol.begin(w, sender, 1, 1);
        Codec.ack(w, Codec.ACK, 3);
        assertDropped(codec, Arrays.copyOf(w.buffer(), w.position()), "a protocol message type");

        // a reply status past TOO_LARGE
        byte[] f = frame(w2 -> UserCodec.reply(w2, 7, UserCodec.TOO_LARGE, new byte[] {1}));
        int statusAt = f.length - 2;
        assertEquals(UserCodec.TOO_LARGE, f[statusAt]);
        for (int status = UserCodec.TOO_LARGE + 1; status < 256; status++) {
            f[statusAt] = (byte) status;
            assertDropped(codec, f, "status " + status);
        }

        // topics: empty, too long, a character outside the rule
        byte[] ok = frame(w2 -> UserCodec.send(w2, topic("abc"), new byte[] {9}));
        int topicAt = ok.length - 5;
        assertEquals(3, ok[topicAt]);
        byte[] empty = ok.clone();
        empty[topicAt] = 0;
        assertDropped(codec, empty, "an empty topic");
        for (int c = 0; c < 256; c++) {
            byte[] bad = ok.clone();
            bad[topicAt + 2] = (byte) c;
            recorder.expect(bad, 4, bad.length);
            Outcome got = codec.decode(bad, 0, bad.length, recorder);
            assertEquals(Topics.allowed(c) ? Outcome.OK : Outcome.DROPPED, got, "topic character " + c);
            assertNull(recorder.breach);
        }
        byte[] longest = topic(LONGEST_TOPIC);
        byte[] tooLong = frame(w2 -> {
            w2.u8(UserCodec.SEND);
            w2.varlong(1 + longest.length + 1 + 1);
            w2.u8(longest.length + 1);
            w2.bytes(longest, 0, longest.length);
            w2.u8('x');
            w2.u8(0);
        });
        assertDropped(codec, tooLong, "a topic of 129 characters");

        // a message type unknown to both codecs
        byte[] unknown = frame(w2 -> {
            w2.u8(99);
            w2.varlong(0);
        });
        assertDropped(codec, unknown, "type 99");
    }

    private void assertDropped(UserCodec codec, byte[] f, String what) {
        recorder.expect(f, 4, f.length);
        assertEquals(Outcome.DROPPED, codec.decode(f, 0, f.length, recorder), what);
        assertEquals(0, recorder.calls, what + ": nothing visited");
        assertFalse(codec.lastError().isEmpty(), what + ": the reason is kept");
    }
}
