package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Encryption;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.spi.MessageSigner;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.core.wire.Recorder.Alive;
import io.chorus.core.wire.Recorder.Msg;
import io.chorus.core.wire.Recorder.Ping;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The envelope around packets: the label in front, a packet signed or sealed as the mode says, and
 * on the way in the label checked and a sealed packet opened before the codec sees it; what a
 * mode does not accept refused by cause. With no label and no sealing the bytes are the codec's.
 */
class EnvelopeTest {
    private static final long K1 = 0x1234_5678_9abc_def0L;
    private static final long K2 = 0x0fed_cba9_8765_4321L;

    private final PeerInterner interner = new PeerInterner();
    private final Peer sender = interner.intern(NodeId.parse("alpha@10.0.0.1:7946"));
    private final Peer other = interner.intern(NodeId.parse("beta@[::1]:7946"));
    private final Tags tags = Tags.of(Map.of("zone", "secret-zone"));
    private final Recorder recorder = new Recorder();
    private final Envelope.Inner inner = new Envelope.Inner();

    private static MessageSigner sealing() {
        return new TestSealer(1, 0, K1, K2).signer();
    }

    private byte[] packet(Envelope e) {
        WireWriter w = new WireWriter(16);
        Codec c = Codec.of(interner, e);
        c.begin(w, sender, 2, 2);
        Codec.ping(w, 7, other);
        Codec.update(w, MemberState.ALIVE, other, 3, null, tags, null);
        c.finish(w);
        return Arrays.copyOf(w.buffer(), w.position());
    }

    private static final List<Class<?>> EXPECTED = List.of(Ping.class, Alive.class);

    /** Unwraps and decodes as a node does: the envelope's outcome, else the codec's. */
    private Outcome receive(Envelope e, byte[] b) {
        byte[] copy = b.clone();
        Outcome o = e.unwrap(copy, 0, copy.length, inner);
        if (o != Outcome.OK) {
            return o;
        }
        recorder.clear();
        return Codec.of(interner, e).decode(copy, inner.offset, inner.length, Header.Channel.PACKET, inner.opened, recorder);
    }

    private void assertDecoded(Envelope e, byte[] b) {
        assertEquals(Outcome.OK, receive(e, b));
        List<Msg> got = recorder.messages();
        assertEquals(EXPECTED, got.stream().map(Object::getClass).toList());
    }

    @Test
    void withNoLabelAndNoSealingTheBytesAreTheCodecsAlone() {
        byte[] plain = packet(Envelope.signing(null));
        byte[] before = packet(Envelope.of(Optional.empty(), null, Encryption.OFF));
        assertArrayEquals(plain, before);
        assertEquals('C', plain[0]);
        assertEquals('h', plain[1]);
        Envelope e = Envelope.signing(null);
        assertEquals(Outcome.OK, e.unwrap(plain, 0, plain.length, inner));
        assertEquals(0, inner.offset);
        assertEquals(plain.length, inner.length);
        assertEquals(0, e.overhead());
        byte[] signed = packet(Envelope.signing(new TestSigner(1, 0, K1)));
        assertArrayEquals(Arrays.copyOf(signed, 4), new byte[] {'C', 'h', 1, (byte) (plain[3] | Codec.FLAG_SIGNED)});
    }

    @Test
    void aLabelGoesInFrontAndOnlyTheSameLabelIsAccepted() {
        Envelope payments = Envelope.of(Optional.of("payments"), null, Encryption.OFF);
        byte[] b = packet(payments);
        assertArrayEquals("CL\u0008payments".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(b, 11));
        assertArrayEquals(packet(Envelope.signing(null)), Arrays.copyOfRange(b, 11, b.length), "then the packet as it was");
        assertDecoded(payments, b);
        assertEquals(Outcome.LABEL, receive(Envelope.of(Optional.of("orders"), null, Encryption.OFF), b), "another label");
        assertEquals(Outcome.LABEL, receive(Envelope.of(Optional.of("payment"), null, Encryption.OFF), b), "a label's prefix");
        assertEquals(Outcome.LABEL, receive(Envelope.signing(null), b), "a label where the node has none");
        assertEquals(Outcome.LABEL, receive(payments, packet(Envelope.signing(null))), "no label where the node has one");
        assertEquals(Outcome.LABEL, receive(payments, Arrays.copyOf(b, 5)), "cut inside the label");
        assertEquals(11, payments.overhead());
    }

    @Test
    void aLabelAndASignatureTogether() {
        MessageSigner s = new TestSigner(1, 0, K1);
        Envelope e = Envelope.of(Optional.of("ü-label"), s, Encryption.OFF);
        byte[] b = packet(e);
        assertDecoded(e, b);
        assertEquals(3 + "ü-label".getBytes(StandardCharsets.UTF_8).length + TestSigner.TRAILER, e.overhead());
        b[b.length - 1] ^= 1;
        assertEquals(Outcome.BAD_SIGNATURE, receive(e, b));
    }

    @Test
    void sealedPacketsHideTheirBytesAndOpenToTheSameMessages() {
        Envelope e = Envelope.of(Optional.of("payments"), sealing(), Encryption.ON);
        byte[] b = packet(e);
        assertArrayEquals("CL\u0008paymentsCS".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(b, 13));
        String text = new String(b, StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains("secret-zone") && !text.contains("beta") && !text.contains("alpha"), "nothing in clear: " + text);
        assertEquals(11 + 2 + TestSealer.HEADER + packet(Envelope.signing(null)).length + TestSealer.TAG, b.length);
        assertDecoded(e, b);
        assertEquals(Outcome.REPLAYED, receive(e, b), "the same sealed packet again");
        assertEquals(11 + Math.max(TestSigner.TRAILER, 2 + TestSealer.HEADER + TestSealer.TAG), e.overhead());
    }

    @Test
    void everyByteOfASealedPacketFlippedIsRefused() {
        Envelope sender = Envelope.of(Optional.of("payments"), sealing(), Encryption.ON);
        Envelope receiver = Envelope.of(Optional.of("payments"), sealing(), Encryption.ON);
        byte[] b = packet(sender);
        Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
        for (int i = 0; i < b.length; i++) {
            for (int bit : new int[] {0, 7}) {
                b[i] ^= (byte) (1 << bit);
                Outcome o = receive(receiver, b);
                int at = i;
                assertNotEquals(Outcome.OK, o, () -> "bit " + bit + " of byte " + at + " flipped");
                seen.merge(o, 1, Integer::sum);
                b[i] ^= (byte) (1 << bit);
            }
        }
        assertEquals(Map.of(Outcome.LABEL, 2 * 11, Outcome.UNSEALED, 2 * 2, Outcome.UNKNOWN_KEY, 2,
                Outcome.BAD_SIGNATURE, 2 * (b.length - 13) - 2), seen);
        assertDecoded(receiver, b);
    }

    @Test
    void eachModeAcceptsWhatItsNeighboursSend() {
        Encryption[] modes = Encryption.values();
        for (Encryption from : modes) {
            for (Encryption to : modes) {
                Envelope a = Envelope.of(Optional.empty(), sealing(), from);
                Envelope b = Envelope.of(Optional.empty(), sealing(), to);
                Outcome o = receive(b, packet(a));
                boolean accepted = from.sendsSealed() ? to.acceptsSealed() : to.acceptsSigned();
                assertEquals(accepted ? Outcome.OK : from.sendsSealed() ? Outcome.SEALED : Outcome.UNSEALED, o, from + " to " + to);
                if (Math.abs(from.ordinal() - to.ordinal()) <= 1) {
                    assertTrue(accepted, "neighbouring steps " + from + " and " + to + " must talk");
                }
            }
        }
    }

    @Test
    void aNodeThatCannotSealRefusesSealedTrafficAndTheModesThatNeedIt() {
        byte[] sealed = packet(Envelope.of(Optional.empty(), sealing(), Encryption.ON));
        assertEquals(Outcome.SEALED, receive(Envelope.signing(new TestSigner(1, 0, K1)), sealed), "a signer that only signs");
        assertEquals(Outcome.SEALED, receive(Envelope.signing(null), sealed), "no secret");
        Envelope signingOnly = Envelope.signing(new TestSigner(1, 0, K1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> signingOnly.mode(Encryption.ACCEPT));
        assertTrue(e.getMessage().contains("signs only"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Envelope.of(Optional.empty(), null, Encryption.ON));
        assertEquals("plain", Envelope.signing(null).traffic());
        assertEquals("signed", signingOnly.traffic());
    }

    @Test
    void theModeSwitchesWhileRunningAndTheHeaderFlagFollows() {
        Envelope e = Envelope.of(Optional.empty(), sealing(), Encryption.OFF);
        assertEquals("signed", e.traffic());
        byte[] signed = packet(e);
        e.mode(Encryption.SEND);
        assertEquals("sealed", e.traffic());
        byte[] sealed = packet(e);
        assertEquals('S', sealed[1]);
        Envelope receiver = Envelope.of(Optional.empty(), sealing(), Encryption.ACCEPT);
        assertDecoded(receiver, signed);
        assertDecoded(receiver, sealed);
        e.mode(Encryption.OFF);
        assertEquals('h', packet(e)[1], "signed again");
    }

    /** Seeded fuzzing of {@link Envelope#unwrap}: never throws, reads nothing outside its range. */
    @Test
    void randomAndMutatedInputNeverBreaksUnwrapping() {
        Random rnd = new Random(0xE57E);
        Envelope receiver = Envelope.of(Optional.of("payments"), sealing(), Encryption.SEND);
        Envelope senderSealed = Envelope.of(Optional.of("payments"), sealing(), Encryption.ON);
        Envelope senderSigned = Envelope.of(Optional.of("payments"), sealing(), Encryption.OFF);
        List<byte[]> corpus = List.of(packet(senderSealed), packet(senderSigned), packet(Envelope.signing(null)),
                "CL\u0008paymentsCS".getBytes(StandardCharsets.US_ASCII), "CL".getBytes(StandardCharsets.US_ASCII));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < 100_000; i++) {
            byte[] in;
            if (i % 2 == 0) {
                in = new byte[rnd.nextInt(64)];
                rnd.nextBytes(in);
                if (rnd.nextBoolean() && in.length > 13) {
                    System.arraycopy(corpus.get(3), 0, in, 0, 13);
                }
            } else {
                byte[] base = corpus.get(rnd.nextInt(corpus.size()));
                in = Arrays.copyOf(base, Math.max(0, base.length + rnd.nextInt(9) - 4));
                for (int k = rnd.nextInt(4); k >= 0 && in.length > 0; k--) {
                    in[rnd.nextInt(in.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            int pad = 1 + rnd.nextInt(16);
            byte[] framed = new byte[in.length + 2 * pad];
            rnd.nextBytes(framed);
            System.arraycopy(in, 0, framed, pad, in.length);
            Outcome alone = receiver.unwrap(in, 0, in.length, inner);
            Outcome again = receiver.unwrap(framed, pad, in.length, inner);
            assertEquals(alone, again, () -> "a different outcome inside a larger buffer: " + Arrays.toString(in));
            if (alone == Outcome.OK) {
                assertTrue(inner.offset >= pad && inner.offset + inner.length <= pad + in.length, "inside the range");
            }
            outcomes.merge(alone, 1, Integer::sum);
        }
        System.out.printf("envelope fuzzing: outcomes %s%n", outcomes);
        assertTrue(outcomes.keySet().containsAll(List.of(Outcome.OK, Outcome.LABEL, Outcome.BAD_SIGNATURE)), outcomes::toString);
    }
}
