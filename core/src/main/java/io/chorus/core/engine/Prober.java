package io.chorus.core.engine;

import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.spi.FailureDetector;
import io.chorus.core.jfr.ProbeRoundEvent;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.WireWriter;
import java.util.HashMap;
import java.util.SplittableRandom;

/**
 * SWIM probing, with Lifeguard's local health awareness. Each protocol period this node pings one
 * member (the next in {@link ProbeOrder}); when no ack comes within the probe timeout it asks
 * {@code indirectChecks} others to ping it (ping-req), and pings it over a stream in parallel
 * (memberlist's TCP fallback); a round that ends with no ack makes the member suspected, unless the
 * failure detector disagrees. Both timeouts stretch with the health score ({@link Awareness}): an
 * unanswered probe without nacks from the indirect probers raises it, an ack lowers it.
 *
 * <p>It also answers the probes of others: a ping with an ack (over the stream it came by, if it
 * came by one), a ping-req by pinging the target and relaying its ack, or a nack when none comes.
 */
final class Prober {
    private static final class Relay {
        final Peer origin;
        final int originSeq;
        Loop.Timer timer;

        Relay(Peer origin, int originSeq) {
            this.origin = origin;
            this.originSeq = originSeq;
        }
    }

    /** What a failed probe round makes of its target. */
    @FunctionalInterface
    interface Suspect {
        /** @param target the member no probe reached @param inc its incarnation when the probe started */
        void suspect(Peer target, long inc);
    }

    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final FailureDetector detector;
    private final Awareness awareness;
    private final Counters counters;
    private final Observation observation;
    private final Suspicions suspicions;
    private final SplittableRandom random;
    private final ProbeOrder order;
    private final long probeIntervalNs;
    private final long probeTimeoutNs;
    private final HashMap<Integer, Relay> relays = new HashMap<>();
    private final SlotPicker picker = new SlotPicker();
    /** Scratch for a probe's indirect relays. */
    private final Peer[] relayTargets;
    private final Runnable probeTask = this::tick;
    private final Runnable probeTimeoutTask = this::timedOut;
    private final Runnable roundEndTask = this::roundEnded;
    private Suspect suspect;
    private Runnable flush;

    private int probeSeq = -1;
    private Peer probeTarget;
    /** The target's incarnation when the probe started: a failed round is evidence against that one only. */
    private long probeInc;
    private boolean probeAcked;
    private int expectedNacks;
    private int nacks;
    /** When the probe's direct ping went out (loop clock). */
    private long probeStart;
    private Loop.Timer probeTimer;
    private Loop.Timer roundTimer;
    /** The next probe's timer. Each recurring task keeps its timer here for the loop to recycle. */
    private Loop.Timer probeTickTimer;

    Prober(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Outbox outbox, FailureDetector detector,
            Awareness awareness, Counters counters, Observation observation, Suspicions suspicions, SplittableRandom random,
            ProbeOrder order) {
        this.config = config;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.detector = detector;
        this.awareness = awareness;
        this.counters = counters;
        this.observation = observation;
        this.suspicions = suspicions;
        this.random = random;
        this.order = order;
        this.probeIntervalNs = config.probeInterval().toNanos();
        this.probeTimeoutNs = config.probeTimeout().toNanos();
        this.relayTargets = new Peer[config.indirectChecks()];
    }

    /**
     * @param onFailure suspects the target of a round that ended unanswered
     * @param afterTask runs after each of the prober's own tasks (publishes the change)
     */
    void wire(Suspect onFailure, Runnable afterTask) {
        this.suspect = onFailure;
        this.flush = afterTask;
    }

    /** Starts probing, the first probe a jittered probe interval from now. */
    void start() {
        probeTickTimer = loop.reschedule(probeTickTimer, Timing.jitter(random, probeIntervalNs), probeTask);
    }

    /** Stops the probe under way; the next tick finds the node stopped. */
    void stop() {
        Timing.cancel(probeTimer);
        Timing.cancel(roundTimer);
    }

    /** @return the task the loop runs for each probe (benchmarks that turn a loop by hand run it) */
    Runnable probeTask() {
        return probeTask;
    }

    private void tick() {
        if (!local.running || local.leaving) {
            return;
        }
        Peer target = order.next();
        if (target == null) {
            probeTickTimer = loop.reschedule(probeTickTimer, probeIntervalNs, probeTask);
            return;
        }
        counters.probes++;
        probeSeq = local.nextSeq();
        probeTarget = target;
        probeAcked = false;
        expectedNacks = 0;
        nacks = 0;
        probeStart = loop.nanos();
        WireWriter out = outbox.packet();
        Codec.ping(out, probeSeq, target);
        String buddy = null;
        int slot = table.find(target);
        probeInc = slot >= 0 ? table.incs[slot] : -1;
        Peer suspector = slot >= 0 ? suspicions.firstSuspector(slot) : null;
        if (suspector != null) {
            // Lifeguard's buddy system: tell a suspect directly, so it can refute at once
            int size = Codec.updateSize(MemberState.SUSPECT, target, table.incs[slot], suspector, null);
            if (out.position() + size <= outbox.budget()) {
                Codec.update(out, MemberState.SUSPECT, target, table.incs[slot], suspector, null, null);
                buddy = target.name();
            }
        }
        outbox.sendWithUpdates(target.address(), buddy);
        probeTimer = loop.reschedule(probeTimer, awareness.scale(probeTimeoutNs), probeTimeoutTask);
        roundTimer = loop.reschedule(roundTimer, awareness.scale(probeIntervalNs), roundEndTask);
        flush.run();
    }

    private void timedOut() {
        if (!local.running || probeAcked) {
            return;
        }
        Peer target = probeTarget;
        int k = config.indirectChecks();
        int sentTo = 0;
        Peer[] chosen = relayTargets;
        picker.start(table.size > 2 ? table.size : 0, 3 * k + 3);
        for (int slot = picker.next(random); sentTo < k && slot >= 0; slot = picker.next(random)) {
            Peer relay = table.peers[slot];
            if (relay == local.peer || relay == target || table.state(slot) != MemberState.ALIVE
                    || Gossip.contains(chosen, sentTo, relay)) {
                continue;
            }
            chosen[sentTo++] = relay;
            Codec.pingReq(outbox.packet(), probeSeq, target);
            outbox.sendWithUpdates(relay.address(), null);
        }
        expectedNacks = sentTo;
        if (sentTo > 0) {
            counters.indirectProbes++;
        }
        if (outbox.streams()) {
            // memberlist's TCP fallback: a ping over the stream in parallel with the indirect
            // probes, so a network that drops datagrams does not get a healthy member suspected
            Codec.ping(outbox.packet(), probeSeq, target);
            outbox.sendOverStream(target.address());
        }
        flush.run();
    }

    private void roundEnded() {
        if (!local.running) {
            return;
        }
        if (!probeAcked) {
            counters.probeFailures++;
            ProbeRoundEvent.emit(probeTarget, ProbeRoundEvent.Result.NO_ACK, 0, expectedNacks > 0);
            awareness.apply(expectedNacks > 0 ? Math.max(0, expectedNacks - nacks) : 1);
            Peer target = probeTarget;
            int slot = table.find(target);
            // a member that came back (a refutation, or a restart at the same address) while the
            // probe ran is not the one that failed to answer
            if (table.holdsLive(slot, target) && table.incs[slot] == probeInc && detector.suspect(target.id(), loop.nanos())) {
                if (table.state(slot) == MemberState.ALIVE) {
                    counters.suspicions++;
                    observation.suspicionRaised(target);
                }
                suspect.suspect(target, probeInc);
            }
        }
        probeSeq = -1;
        probeTickTimer = loop.reschedule(probeTickTimer, 0, probeTask);
        flush.run();
    }

    /** A ping: answered with an ack when it is for this node, over the stream it came by if it came by one. */
    void onPing(Header h, int seq, Peer target) {
        if (!local.named(target)) {
            return;
        }
        Codec.ack(outbox.packet(), Codec.ACK, seq);
        if (h.channel() == Header.Channel.STREAM) {
            // the stream fallback probe: answer over the stream too, since packets may not get through
            outbox.sendOverStream(h.sender().address());
        } else {
            outbox.sendWithUpdates(h.sender().address(), null);
        }
    }

    /**
     * An ack of this node's probe, or of a ping it relays for another's ping-req.
     *
     * @param from who sent the ack: the target itself, or a relay of an indirect probe
     * @param channel how it came: a packet, or a stream (the fallback probe's answer)
     * @param seq the probe's number
     * @return whether it was one of those
     */
    boolean onAck(Peer from, Header.Channel channel, int seq) {
        if (seq == probeSeq && !probeAcked) {
            probeAcked = true;
            long now = loop.nanos();
            boolean direct = from == probeTarget;
            if (direct && channel == Header.Channel.PACKET) {
                directProbeAnswered(now);
            }
            ProbeRoundEvent.Result result = !direct ? ProbeRoundEvent.Result.INDIRECT_ACK
                    : channel == Header.Channel.PACKET ? ProbeRoundEvent.Result.ACK : ProbeRoundEvent.Result.STREAM_ACK;
            ProbeRoundEvent.emit(probeTarget, result, now - probeStart, expectedNacks > 0);
            detector.heartbeat(probeTarget.id(), loop.nanos());
            awareness.apply(-1);
            Timing.cancel(probeTimer);
            Timing.cancel(roundTimer);
            long next = Math.max(0, probeStart + probeIntervalNs - loop.nanos());
            probeTickTimer = loop.reschedule(probeTickTimer, next, probeTask);
            return true;
        }
        Relay relay = relays.remove(seq);
        if (relay != null) {
            Timing.cancel(relay.timer);
            Codec.ack(outbox.packet(), Codec.ACK, relay.originSeq);
            outbox.sendWithUpdates(relay.origin.address(), null);
            return true;
        }
        return false;
    }

    /**
     * The one place a probe's round-trip time is measured: from the direct ping sent to the target's
     * own ack received over a packet. An ack relayed by an indirect prober, or the answer to the
     * stream fallback (sent later, over another channel), is no measure of the path to the target.
     * Network coordinates will feed from here too. Allocates nothing.
     *
     * @param now the loop's clock when the ack arrived
     */
    private void directProbeAnswered(long now) {
        counters.probeRtt.record(now - probeStart, now);
    }

    /** A nack from an indirect prober: counted, so that an unanswered round blames the target, not this node. */
    void onNack(int seq) {
        if (seq == probeSeq) {
            nacks++;
        }
    }

    /** Another member asks this node to ping a target for it: the ack is relayed, or a nack sent when none comes. */
    void onPingReq(Header h, int seq, Peer target) {
        Peer origin = h.sender();
        int relaySeq = local.nextSeq();
        Relay relay = new Relay(origin, seq);
        relays.put(relaySeq, relay);
        Codec.ping(outbox.packet(), relaySeq, target);
        outbox.sendWithUpdates(target.address(), null);
        relay.timer = loop.schedule(probeTimeoutNs * 4 / 5, () -> {
            if (relays.remove(relaySeq) != null && local.running) {
                Codec.ack(outbox.packet(), Codec.NACK, seq);
                outbox.send(origin.address());
                flush.run();
            }
        });
    }
}
