package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import io.chorus.api.Profile;
import io.chorus.api.spi.MessageSigner;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Tags;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * One node's shared state as its parts see it, made by hand for a unit test: a LAN-profile config
 * named {@value #NAME} at {@link #ADDRESS}, a {@link ManualLoop} at {@link #START}, a
 * {@link RecordingTransport}, the real codec, member table, {@link LocalNode}, counters,
 * awareness and {@link Outbox} (bound), and recording event sink, observer and failure detector.
 * The node runs, and is ALIVE in its own table; nothing else is in it and no timer is pending.
 *
 * <p>A test makes the part it tests from these ({@code new Suspicions(n.config, n.loop, ...)}),
 * with {@link #flush} standing in for the engine's publishing, or makes every part with
 * {@link Parts}. Members are put in the table directly with {@link #add}, and what they send is
 * written with {@link #from}.
 */
final class TestNode {
    static final long MS = Timing.MS;
    /** The loop's first reading: not 0, so that a time is never mistaken for "never". */
    static final long START = 1_000 * MS;
    static final String NAME = "self";
    static final Address ADDRESS = new Address("10.0.0.1", 7946);

    final ClusterConfig config;
    final ManualLoop loop;
    final PeerInterner interner = new PeerInterner();
    final Codec codec;
    final Compression compression;
    final RecordingTransport transport;
    final RecordingEvents events = new RecordingEvents();
    final RecordingObserver observer = new RecordingObserver();
    final Observation observation = observer.observation();
    final RecordingDetector detector = new RecordingDetector();
    final MemberTable table = new MemberTable(true);
    final LocalNode local;
    final Counters counters = new Counters();
    final Awareness awareness;
    final SplittableRandom random;
    final Outbox outbox;
    final Packets packets;
    final Peer self;
    /** How often {@link #flush} ran. */
    int flushes;
    /** Stands in for the engine's publishing after a part's own task: counts. */
    final Runnable flush = () -> flushes++;
    private int nextHost = 2;

    /** Builds a node. */
    static final class Builder {
        private UnaryOperator<ClusterConfig.Builder> tweak = b -> b;
        private boolean frames = true;
        private int budget = 1400;
        private MessageSigner signer;
        private long seed = 42;
        private long incarnation = 1;
        private long start = START;

        /** @param t changes to the LAN config @return this */
        Builder config(UnaryOperator<ClusterConfig.Builder> t) {
            this.tweak = t;
            return this;
        }

        /** @return this, on a transport that carries packets only */
        Builder packetsOnly() {
            this.frames = false;
            return this;
        }

        /** @param bytes the transport's packet budget @return this */
        Builder budget(int bytes) {
            this.budget = bytes;
            return this;
        }

        /** @param s the node's signer (and its senders') @return this */
        Builder signer(MessageSigner s) {
            this.signer = s;
            return this;
        }

        /** @param s the random seed @return this */
        Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @param inc the node's incarnation @return this */
        Builder incarnation(long inc) {
            this.incarnation = inc;
            return this;
        }

        /** @param t the loop's first reading @return this */
        Builder start(long t) {
            this.start = t;
            return this;
        }

        TestNode build() {
            return new TestNode(this);
        }
    }

    /** @return a builder of a node on the LAN profile */
    static Builder with() {
        return new Builder();
    }

    /** @return a node on the LAN profile, with frames, a 1400-byte packet budget and incarnation 1 */
    static TestNode lan() {
        return with().build();
    }

    /** @param tweak changes to it @return this node's LAN config, named {@value #NAME} and bound to {@link #ADDRESS} */
    static ClusterConfig config(UnaryOperator<ClusterConfig.Builder> tweak) {
        return tweak.apply(ClusterConfig.builder(NAME).profile(Profile.LAN).bind(ADDRESS.host(), ADDRESS.port())).build();
    }

    private TestNode(Builder b) {
        this.config = config(b.tweak);
        this.loop = new ManualLoop(b.start);
        this.codec = new Codec(interner, b.signer);
        this.compression = Compression.from(config.options());
        codec.compression(compression.enabled(), compression.threshold(), compression.maxInflated(), null);
        this.transport = new RecordingTransport(ADDRESS, b.budget, b.frames, loop::nanos, interner, b.signer);
        this.local = new LocalNode(b.incarnation, Tags.of(config.tags()));
        this.awareness = new Awareness(config.awarenessMaxMultiplier());
        this.random = new SplittableRandom(b.seed);
        this.outbox = new Outbox(codec, table, local, counters);
        outbox.bind(transport);
        this.self = interner.intern(NodeId.of(NAME, ADDRESS));
        local.peer = self;
        local.running = true;
        table.add(self, MemberState.ALIVE, local.incarnation, local.tags, loop.nanos());
        this.packets = new Packets(interner, b.signer);
    }

    /** @param name a name @return an interned peer of that name at the next free address (10.0.x.y:7946) */
    Peer peer(String name) {
        int n = nextHost++;
        return peer(name, "10.0." + (n >>> 8) + "." + (n & 255));
    }

    /** @param name a name @param host an IPv4 literal @return the interned peer of that name at host:7946 */
    Peer peer(String name, String host) {
        return interner.intern(new NodeId(name, host, 7946));
    }

    /**
     * Puts a member in the table directly (no part hears of it), without tags.
     *
     * @return the member
     */
    Peer add(String name, MemberState state, long inc) {
        Peer p = peer(name);
        table.add(p, state, inc, Tags.EMPTY, loop.nanos());
        return p;
    }

    /** @return {@code count} members named {@code prefix0, prefix1, ...}, put in the table ALIVE at {@code inc} */
    Peer[] addAlive(String prefix, int count, long inc) {
        Peer[] out = new Peer[count];
        for (int i = 0; i < count; i++) {
            out[i] = add(prefix + i, MemberState.ALIVE, inc);
        }
        return out;
    }

    /** @param a an address @return the member in the table at that address */
    Peer at(Address a) {
        for (int s = 0; s < table.size; s++) {
            if (table.peers[s].address().equals(a)) {
                return table.peers[s];
            }
        }
        throw new AssertionError("no member at " + a);
    }

    /** @param p a member @return its slot */
    int slot(Peer p) {
        int s = table.find(p);
        if (s < 0) {
            throw new AssertionError(p + " is not in the table");
        }
        return s;
    }

    /** @param p a member @return its state in the table, or null when it is not there */
    MemberState state(Peer p) {
        int s = table.find(p);
        return s < 0 ? null : table.state(s);
    }

    /** @param p a member @return its incarnation in the table */
    long inc(Peer p) {
        return table.incs[slot(p)];
    }

    /** @param sender who sends it @return a packet from it, to fill */
    Packets.Packet from(Peer sender) {
        return packets.from(sender);
    }

    /**
     * Decodes bytes with this node's codec, as the inbox would, handing the messages to {@code v}.
     *
     * @param bytes a packet or frame
     * @param channel how it came
     * @param v what gets the messages
     */
    void receive(byte[] bytes, Header.Channel channel, MessageVisitor v) {
        Codec.Outcome o = codec.decode(bytes, 0, bytes.length, channel, v);
        if (o != Codec.Outcome.OK) {
            throw new AssertionError("the node's codec refused a test packet: " + o + " " + codec.lastError());
        }
    }
}
