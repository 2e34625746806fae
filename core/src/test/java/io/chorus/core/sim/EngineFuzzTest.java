package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterStats;
import io.chorus.api.MemberState;
import io.chorus.api.spi.ProviderContext;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EventSink;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import io.chorus.core.wire.Codec.Outcome;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.PeerInterner;
import io.chorus.core.wire.Recorder;
import io.chorus.core.wire.WireCorpus;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds garbage and mutated packets and frames to a real engine in a converged three-node
 * simulated cluster: the node must keep running, keep every member ALIVE, and count each input
 * that does not decode.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EngineFuzzTest {
    private static final long MS = SimNetwork.MS;
    private static final int MUTATIONS = 20_000;
    private static final int GARBAGE = 2_000;
    private static final int BATCH = 200;

    private final SimNetwork net = new SimNetwork(11, 0, MS);
    private final List<SimNode> nodes = new ArrayList<>();

    private boolean everyoneSeesEveryoneAlive() {
        for (SimNode viewer : nodes) {
            for (SimNode member : nodes) {
                if (viewer.engine.stateOf(member.engine.self().name()) != MemberState.ALIVE) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the messages hold a well-formed claim that would change what the cluster knows of a
     * real member (a SUSPECT, a DEAD, a new address or incarnation). Such an input is a forgery,
     * which signing stops, rather than malformed input: it is not fed.
     */
    private boolean claimsAboutRealMembers(List<Recorder.Msg> messages) {
        for (Recorder.Msg m : messages) {
            if (m instanceof Recorder.Alive a && !harmless(a.member(), 0, a.incarnation())) {
                return true;
            } else if (m instanceof Recorder.Suspect s && real(s.member()) != null) {
                return true;
            } else if (m instanceof Recorder.Dead d && real(d.member()) != null) {
                return true;
            } else if (m instanceof Recorder.Left l && real(l.member()) != null) {
                return true;
            } else if (m instanceof Recorder.Sync sync) {
                for (Recorder.Entry e : sync.entries()) {
                    if (!harmless(e.member(), e.state(), e.incarnation())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Engine real(Peer p) {
        for (SimNode n : nodes) {
            if (n.engine.self().name().equals(p.name())) {
                return n.engine;
            }
        }
        return null;
    }

    /** An entry about a member is harmless unless it names a real one with news: another address, state or incarnation. */
    private boolean harmless(Peer p, int state, long incarnation) {
        Engine e = real(p);
        return e == null || (e.self().id().equals(p.id()) && state == 0 && incarnation <= e.incarnation());
    }

    @Test
    void malformedInputLeavesTheNodeRunningWithItsViewIntact() {
        SwimFailureDetectorProvider detectors = new SwimFailureDetectorProvider();
        for (int i = 0; i < 3; i++) {
            String name = "n" + i;
            nodes.add(net.add(a -> ClusterConfig.builder(name).bind(a.host(), a.port()).build(),
                    c -> detectors.create(ProviderContext.of(c)), EventSink.NONE, Engine.Snapshots.PUBLISHED));
        }
        for (SimNode n : nodes) {
            net.start(n);
        }
        for (SimNode n : nodes.subList(1, 3)) {
            n.engine.join(List.of(nodes.get(0).address), replies -> { });
        }
        assertTrue(net.run(30_000 * MS, this::everyoneSeesEveryoneAlive), "the cluster should converge");
        net.run(net.now + 2_000 * MS, null);

        SimNode target = nodes.get(0);
        List<Peer> peers = new ArrayList<>();
        for (SimNode n : nodes) {
            peers.add(n.engine.self());
        }
        PeerInterner strangers = new PeerInterner();
        peers.addAll(WireCorpus.peers(strangers).subList(0, 3));
        Random rnd = new Random(0xE9E);
        List<WireCorpus.Sample> corpus = WireCorpus.samples(peers, WireCorpus.TAGS, rnd, 20);
        // the engine reads tags only for news, so it may get past a bad tag that a strict decode
        // stops at: a decode that skips tags visits every message the engine might, one that reads
        // them all drops every input the engine might
        Codec lenient = new Codec(new PeerInterner(), null);
        Recorder everything = new Recorder(true, false);
        Codec strict = new Codec(new PeerInterner(), null);
        Recorder quiet = new Recorder(false, true);

        long startDropped = target.engine.stats().dropped();
        long startRejected = target.engine.stats().rejected();
        int fed = 0;
        int skipped = 0;
        int dropped = 0;
        int rejected = 0;
        int tagsDecide = 0;
        long start = System.nanoTime();
        for (int i = 0; i < MUTATIONS + GARBAGE; i++) {
            byte[] input = i < MUTATIONS ? WireCorpus.mutate(corpus.get(rnd.nextInt(corpus.size())), corpus, rnd)
                    : WireCorpus.random(peers.get(1 + rnd.nextInt(2)), rnd);
            everything.clear();
            Outcome loose = lenient.decode(input, 0, input.length, everything);
            if (claimsAboutRealMembers(everything.messages())) {
                skipped++;
                continue;
            }
            Outcome tight = strict.decode(input, 0, input.length, quiet);
            fed++;
            ClusterStats before = target.engine.stats();
            try {
                target.engine.receive(input, 0, input.length, input.length > 1400 ? Header.Channel.STREAM : Header.Channel.PACKET);
            } catch (RuntimeException e) {
                fail("the engine threw on input " + i + " (" + HexFormat.of().formatHex(input) + ")", e);
            }
            ClusterStats after = target.engine.stats();
            long droppedNow = after.dropped() - before.dropped();
            long rejectedNow = after.rejected() - before.rejected();
            String what = "input " + i + " (" + HexFormat.of().formatHex(input) + "), decoded " + loose + " skipping tags, "
                    + tight + " reading them";
            if (loose == Outcome.DROPPED) {
                assertEquals(1, droppedNow, "malformed, so counted as dropped: " + what);
            } else if (tight == Outcome.OK) {
                assertEquals(0, droppedNow, "well formed, so not dropped: " + what);
            } else if (tight == Outcome.DROPPED) {
                tagsDecide++;
            }
            assertEquals(loose != Outcome.OK && loose != Outcome.DROPPED ? 1 : 0, rejectedNow, "rejected for its flags: " + what);
            dropped += droppedNow;
            rejected += rejectedNow;
            if (fed % BATCH == 0) {
                net.run(net.now + 100 * MS, null);
            }
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        net.run(net.now + 10_000 * MS, null);

        System.out.printf("engine fuzz: %d inputs fed (%d dropped, %d rejected, %d where bad tags may or may not be read), %d "
                + "skipped as valid claims about real members; %d members known to n0; %d ms%n", fed, dropped, rejected, tagsDecide,
                skipped, target.engine.knownMembers(), wallMs);
        assertTrue(target.engine.running(), "the node keeps running");
        assertTrue(everyoneSeesEveryoneAlive(), "every node still sees every node ALIVE");
        assertEquals(dropped, target.engine.stats().dropped() - startDropped, "nothing else was dropped");
        assertEquals(rejected, target.engine.stats().rejected() - startRejected, "nothing else was rejected");
        for (SimNode other : nodes.subList(1, 3)) {
            assertEquals(0, other.engine.stats().dropped(), "what n0 sends after the garbage still decodes at " + other.engine.self());
        }
        assertTrue(fed > (MUTATIONS + GARBAGE) * 3 / 4, "most inputs should be fed, " + skipped + " were skipped");
        assertTrue(dropped > fed / 2, "most inputs should be malformed");

        // and the protocol still works: a member killed now is found dead
        SimNode victim = nodes.get(2);
        net.kill(victim);
        String name = victim.engine.self().name();
        assertTrue(net.run(net.now + 60_000 * MS, () -> target.engine.stateOf(name) == MemberState.DEAD
                && nodes.get(1).engine.stateOf(name) == MemberState.DEAD), "a killed member should be detected");
        assertEquals(MemberState.ALIVE, target.engine.stateOf(nodes.get(1).engine.self().name()));
    }
}
