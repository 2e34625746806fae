package io.chorus.benchmarks;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.CodecException;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec (core's {@code io.chorus.core.wire}): a full probe packet (a ping with membership
 * updates piggybacked up to the 1,400-byte UDP budget) and a push-pull state of 1,000 members, each
 * encoded and decoded. Ids are interned, as on a running node, so a known id decodes without
 * allocating; the decoding visitor reads every field and every member's tags, as the engine does
 * when they are news. The state is also encoded and decoded compressed (deflate level 1), as push-pull
 * sends it to a member that inflates.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Codec -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {
    /** The UDP packet budget. */
    static final int BUDGET = 1400;
    static final int MEMBERS = 1000;

    Codec codec;
    Peer self;
    Peer[] peers;
    Tags[] tags;
    long[] incs;
    WireWriter packet;
    WireWriter state;
    byte[] packetBytes;
    byte[] stateBytes;
    WireWriter packedState;
    byte[] packedStateBytes;
    Reader reader;
    int seq;
    /** Where the next probe packet's updates start in the member list. */
    int next;

    /** Interns the members and encodes one packet and one state to decode. */
    @Setup
    public void setUp() {
        PeerInterner interner = new PeerInterner();
        codec = new Codec(interner, null);
        self = interner.intern(NodeId.parse("bench@10.1.0.1:7946"));
        peers = new Peer[MEMBERS];
        tags = new Tags[MEMBERS];
        incs = new long[MEMBERS];
        for (int i = 0; i < MEMBERS; i++) {
            peers[i] = interner.intern(NodeId.parse("node-" + i + "@10.0." + (i >>> 8) + "." + (i & 255) + ":7946"));
            tags[i] = Tags.of(Map.of("zone", "zone-" + (i % 3), "role", "web", "version", "1.4." + (i % 10 == 0 ? 3 : 2)));
            incs[i] = 1 + i % 7;
        }
        packet = new WireWriter(BUDGET);
        state = new WireWriter(64 * 1024);
        reader = new Reader(tags);
        encodeProbePacket();
        packetBytes = java.util.Arrays.copyOf(packet.buffer(), packet.position());
        encodeState();
        stateBytes = java.util.Arrays.copyOf(state.buffer(), state.position());
        packedState = new WireWriter(64 * 1024);
        encodeState(packedState, true);
        packedStateBytes = java.util.Arrays.copyOf(packedState.buffer(), packedState.position());
        if (packetBytes.length < BUDGET - 100) {
            throw new IllegalStateException("the probe packet holds only " + packetBytes.length + " bytes");
        }
    }

    /**
     * A ping with updates piggybacked until the next would not fit: alive, suspect and dead in turn.
     *
     * @return the packet's length
     */
    @Benchmark
    public int encodeProbePacket() {
        WireWriter w = packet;
        codec.begin(w, self, MEMBERS, MEMBERS);
        seq = (seq + 1) & 0x7fffffff;
        Codec.ping(w, seq, peers[1]);
        int i = next;
        for (int k = 0; ; k++) {
            int m = i;
            MemberState kind = k % 3 == 0 ? MemberState.SUSPECT : k % 3 == 1 ? MemberState.DEAD : MemberState.ALIVE;
            Peer from = peers[(m + 1) % MEMBERS];
            if (w.position() + Codec.updateSize(kind, peers[m], incs[m], from, tags[m]) > BUDGET) {
                break;
            }
            Codec.update(w, kind, peers[m], incs[m], from, tags[m], FailureReason.CONNECTION_REFUSED);
            i = i + 1 == MEMBERS ? 0 : i + 1;
        }
        codec.finish(w);
        next = i;
        return w.position();
    }

    /** @return a checksum of the decoded packet: its seq, members, incarnations and tag maps read */
    @Benchmark
    public long decodeProbePacket() {
        reader.sum = 0;
        if (codec.decode(packetBytes, 0, packetBytes.length, reader) != Codec.Outcome.OK) {
            throw new IllegalStateException(codec.lastError());
        }
        return reader.sum;
    }

    /** @return the length of a full state of 1,000 members, as push-pull sends it */
    @Benchmark
    public int encodePushPullState() {
        return encodeState();
    }

    /** @return the length of the same state compressed, as push-pull sends it to a member that inflates */
    @Benchmark
    public int encodePushPullStateCompressed() {
        return encodeState(packedState, true);
    }

    /** @return a checksum of the decoded compressed state */
    @Benchmark
    public long decodePushPullStateCompressed() {
        reader.sum = 0;
        if (codec.decode(packedStateBytes, 0, packedStateBytes.length, reader) != Codec.Outcome.OK) {
            throw new IllegalStateException(codec.lastError());
        }
        return reader.sum;
    }

    private int encodeState() {
        return encodeState(state, false);
    }

    private int encodeState(WireWriter w, boolean compress) {
        codec.begin(w, self, MEMBERS, MEMBERS);
        int mark = Codec.beginSync(w, Codec.SYNC_REPLY, MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            Codec.syncEntry(w, peers[i], MemberState.ALIVE, incs[i], tags[i]);
        }
        Codec.endSync(w, mark);
        codec.finish(w, Codec.Compress.allowedIf(compress));
        return w.position();
    }

    /** @return a checksum of the decoded state */
    @Benchmark
    public long decodePushPullState() {
        reader.sum = 0;
        if (codec.decode(stateBytes, 0, stateBytes.length, reader) != Codec.Outcome.OK) {
            throw new IllegalStateException(codec.lastError());
        }
        return reader.sum;
    }

    /** Reads every message and every field, with each member's known tags at hand (as the member table has them). */
    static final class Reader implements MessageVisitor {
        private final Tags[] known;
        long sum;

        Reader(Tags[] known) {
            this.known = known;
        }

        private Tags tagsOf(Peer p) {
            String name = p.name();
            int i = 0;
            for (int c = name.indexOf('-') + 1; c < name.length(); c++) {
                i = i * 10 + name.charAt(c) - '0';
            }
            return known[i];
        }

        @Override
        public void ping(Header h, int seq, Peer target) {
            sum += seq + target.wireHash();
        }

        @Override
        public void ack(Header h, int seq) {
            sum += seq;
        }

        @Override
        public void nack(Header h, int seq) {
            sum += seq;
        }

        @Override
        public void pingReq(Header h, int seq, Peer target) {
            sum += seq + target.wireHash();
        }

        @Override
        public void alive(Header h, Peer member, long incarnation, TagsReader tags) throws CodecException {
            sum += member.wireHash() + incarnation + tags.read(tagsOf(member)).wireLength();
        }

        @Override
        public void suspect(Header h, Peer member, long incarnation, Peer from) {
            sum += member.wireHash() + incarnation + from.wireHash();
        }

        @Override
        public void dead(Header h, Peer member, long incarnation, Peer from, FailureReason reason) {
            sum += member.wireHash() + incarnation + from.wireHash() + reason.ordinal();
        }

        @Override
        public void left(Header h, Peer member, long incarnation) {
            sum += member.wireHash() + incarnation;
        }

        @Override
        public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off,
                int len) {
            sum += origin.wireHash() + stream + seq + low + flags + len;
        }

        @Override
        public void sync(Header h, int flags, SyncReader entries) throws CodecException {
            for (int i = entries.count(); i > 0; i--) {
                Peer p = entries.next();
                sum += p.wireHash() + entries.state().ordinal() + entries.incarnation() + entries.tags(tagsOf(p)).wireLength();
            }
        }

        @Override
        public void digest(Header h, Digest digest) {
            sum += digest.salt();
        }

        @Override
        public void unknown(Header h, int type) {
            sum += type;
        }
    }
}
