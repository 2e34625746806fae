package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.core.wire.Recorder.Ack;
import io.chorus.core.wire.Recorder.Left;
import io.chorus.core.wire.Recorder.Ping;
import io.chorus.core.wire.Recorder.Unknown;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versions mix: a message type this version does not know is skipped by its length and reported. */
class CodecUnknownMessageTest {
    private final PeerInterner interner = new PeerInterner();
    private final Codec codec = new Codec(interner, null);
    private final Peer sender = interner.intern(NodeId.parse("alpha@10.0.0.1:7946"));
    private final Peer target = interner.intern(NodeId.parse("beta@10.0.0.2:7946"));
    private final WireWriter w = new WireWriter(64);

    private void unknownMessage(int type, byte[] body) {
        w.u8(type);
        w.varlong(body.length);
        w.bytes(body, 0, body.length);
    }

    @Test
    void unknownTypeBetweenKnownOnesIsSkippedAndReportedOnce() {
        codec.begin(w, sender, 1, 1);
        Codec.ping(w, 4, target);
        // a body that would be malformed as any known message: only its length may be trusted
        unknownMessage(200, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 9, Codec.ACK, 1, 1});
        Codec.ack(w, Codec.ACK, 5);
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), r), codec.lastError());
        assertEquals(List.of(new Ping(4, target), new Unknown(200), new Ack(5)), r.messages());
    }

    @Test
    void emptyAndLargeUnknownBodiesAreSkipped() {
        codec.begin(w, sender, 1, 1);
        unknownMessage(0, new byte[0]);
        unknownMessage(255, new byte[300]);
        unknownMessage(Codec.DIGEST + 1, new byte[] {1});
        Codec.update(w, MemberState.LEFT, target, 2, null, null, null);
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), r), codec.lastError());
        assertEquals(List.of(new Unknown(0), new Unknown(255), new Unknown(Codec.DIGEST + 1), new Left(target, 2)), r.messages());
    }

    @Test
    void unknownMessageLongerThanThePacketIsDropped() {
        codec.begin(w, sender, 1, 1);
        Codec.ack(w, Codec.ACK, 5);
        w.u8(200);
        w.varlong(3);
        w.u8(1);
        w.u8(2);
        Recorder r = new Recorder();
        assertEquals(Outcome.DROPPED, codec.decode(w.buffer(), 0, w.position(), r));
        assertEquals(List.of(new Ack(5)), r.messages());
    }

    @Test
    void knownMessageWithExtraTrailingBytesSkipsThem() {
        codec.begin(w, sender, 1, 1);
        // an ACK from a later version with a field appended
        w.u8(Codec.ACK);
        w.varlong(3);
        w.varlong(6);
        w.u16(0xbeef);
        Codec.ack(w, Codec.NACK, 7);
        Recorder r = new Recorder();
        assertEquals(Outcome.OK, codec.decode(w.buffer(), 0, w.position(), r), codec.lastError());
        assertEquals(List.of(new Ack(6), new Recorder.Nack(7)), r.messages());
    }
}
