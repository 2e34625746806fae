package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.core.jfr.SuspicionEvent;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import java.util.HashMap;

/**
 * Suspicion with Lifeguard's rules (memberlist's {@code suspicion.go}): a suspicion runs from a
 * maximum timeout that shrinks toward a minimum ({@code suspicionMultiplier x max(1, log10(n)) x
 * probeInterval}) as independent confirmations arrive ({@link SuspicionTimeout}); a suspect that
 * talks to this node is told of it, so that it refutes; one that has spoken since the suspicion
 * began gets up to {@value #MAX_DEFERRALS} more minimum timeouts, and a suspicion this node raised itself
 * is told to the suspect every probe interval. When it runs out, the member is
 * DEAD, for the reason the transports saw (a refused or cut connection) or else silence.
 */
final class Suspicions {
    /** How often a suspicion may be extended because its member was heard from meanwhile. */
    static final int MAX_DEFERRALS = 2;
    /** Delivery failures remembered; more are dropped all at once (they only name a reason). */
    private static final int MAX_FAILURES = 1024;

    /** What a suspicion that runs out declares. */
    @FunctionalInterface
    interface Verdict {
        /**
         * @param slot the member's slot
         * @param p the member
         * @param inc the incarnation suspected
         * @param reason why it is dead
         */
        void dead(int slot, Peer p, long inc, FailureReason reason);
    }

    private record DeliveryFailure(FailureReason reason, long at) {
    }

    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final Observation observation;
    private final long probeIntervalNs;
    private final HashMap<Address, DeliveryFailure> deliveryFailures = new HashMap<>();
    private Verdict verdict;
    private Runnable flush;

    Suspicions(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Outbox outbox, Observation observation) {
        this.config = config;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.observation = observation;
        this.probeIntervalNs = config.probeInterval().toNanos();
    }

    /**
     * @param onExpiry declares a member dead when its suspicion runs out
     * @param afterExpiry runs after a suspicion ran out or was deferred (publishes the change)
     */
    void wire(Verdict onExpiry, Runnable afterExpiry) {
        this.verdict = onExpiry;
        this.flush = afterExpiry;
    }

    /**
     * Starts a suspicion of the member in {@code slot} (its state already SUSPECT), replacing any.
     *
     * @param slot the slot
     * @param from the first suspector
     */
    void start(int slot, Peer from) {
        end(slot, SuspicionEvent.SUPERSEDED);
        int n = table.liveCount();
        long min = SuspicionTimeout.min(n, config.suspicionMultiplier(), probeIntervalNs);
        long max = min * config.suspicionMaxMultiplier();
        int k = config.suspicionMultiplier() - 2;
        if (n - 2 < k || k < 0) {
            k = 0;
        }
        Suspicion s = new Suspicion(loop.nanos(), min, max, k, from);
        table.suspicions[slot] = s;
        reschedule(slot, s);
        if (from == local.peer) {
            // our own probe failed: tell the suspect directly every probe interval until it refutes, so
            // that a suspicion whose gossip could not reach it (a one-way cut, since healed) still ends
            Peer p = table.peers[slot];
            long inc = table.incs[slot];
            s.nudgeTimer = loop.schedule(probeIntervalNs, () -> nudge(p, inc, s));
        }
    }

    private void nudge(Peer p, long inc, Suspicion s) {
        int slot = table.find(p);
        if (!local.running || slot < 0 || table.suspicions[slot] != s || table.incs[slot] != inc) {
            return;
        }
        long now = loop.nanos();
        if (now >= s.nextNudgeAt) {
            s.nextNudgeAt = now + probeIntervalNs;
            Codec.update(outbox.packet(), MemberState.SUSPECT, p, inc, s.firstSuspector, null, null);
            outbox.sendWithUpdates(p.address(), p.name());
            flush.run();
        }
        s.nudgeTimer = loop.schedule(probeIntervalNs, () -> nudge(p, inc, s));
    }

    /**
     * @param slot a suspect's slot
     * @param from who suspects it too
     * @return whether that was a new, independent confirmation (the timeout shrank)
     */
    boolean confirm(int slot, Peer from) {
        Suspicion s = table.suspicions[slot];
        if (s != null && s.confirm(from)) {
            reschedule(slot, s);
            return true;
        }
        return false;
    }

    /**
     * @param slot a slot whose suspicion, if any, ends (its member refuted, died or left)
     * @param outcome the member's state now (ALIVE, DEAD, LEFT), or SUPERSEDED: for the flight recorder
     */
    void end(int slot, String outcome) {
        Suspicion s = table.suspicions[slot];
        if (s != null) {
            Timing.cancel(s.timer);
            Timing.cancel(s.nudgeTimer);
            table.suspicions[slot] = null;
            long now = loop.nanos();
            SuspicionEvent.emit(table.peers[slot], s.firstSuspector, s.confirmations(), s.deadline() - s.start,
                    now - s.start, outcome);
        }
    }

    /** @param slot a slot @return who first suspected its member, or null when it is not suspected */
    Peer firstSuspector(int slot) {
        Suspicion s = table.suspicions[slot];
        return s == null ? null : s.firstSuspector;
    }

    /**
     * Lifeguard's buddy system for a suspect that talks to us before we probe it again: tell it,
     * so that it refutes (or repeats a refutation that missed us); at most once per probe interval.
     *
     * @param slot the suspect's slot
     * @param suspect the suspect, as it sent its packet
     * @param now the loop's time
     */
    void heardFromSuspect(int slot, Peer suspect, long now) {
        Suspicion s = table.suspicions[slot];
        if (s != null && now >= s.nextNudgeAt) {
            s.nextNudgeAt = now + probeIntervalNs;
            Codec.update(outbox.packet(), MemberState.SUSPECT, suspect, table.incs[slot], s.firstSuspector, null, null);
            outbox.sendWithUpdates(suspect.address(), suspect.name());
        }
    }

    /**
     * A transport could not deliver to an address: the probe and suspicion machinery decides whether
     * the member is dead; this only says why, when it is (a refused or cut connection is a better
     * reason than silence).
     */
    void deliveryFailed(Address to, FailureReason reason) {
        if (deliveryFailures.size() > MAX_FAILURES) {
            deliveryFailures.clear();
        }
        deliveryFailures.put(to, new DeliveryFailure(reason, loop.nanos()));
    }

    private void reschedule(int slot, Suspicion s) {
        Timing.cancel(s.timer);
        Peer p = table.peers[slot];
        long inc = table.incs[slot];
        long delay = Math.max(0, s.deadline() - loop.nanos());
        s.timer = loop.schedule(delay, () -> expired(p, inc, s));
    }

    /** @return why a member about to be declared dead is dead: a connection failure seen during the suspicion, else silence */
    private FailureReason reason(Peer p, Suspicion s) {
        DeliveryFailure f = deliveryFailures.remove(p.address());
        return f != null && f.at >= s.start - probeIntervalNs ? f.reason : FailureReason.PROBE_TIMEOUT;
    }

    private void expired(Peer p, long inc, Suspicion s) {
        if (!local.running) {
            return;
        }
        int slot = table.find(p);
        if (slot < 0 || table.suspicions[slot] != s || table.state(slot) != MemberState.SUSPECT || table.incs[slot] != inc) {
            return;
        }
        if (table.heardAt[slot] > s.start && s.deferrals < MAX_DEFERRALS) {
            // it has spoken to us since we began to suspect it: it is alive and has missed the
            // news; tell it directly and give it one more minimum timeout to refute
            s.deferrals++;
            Codec.update(outbox.packet(), MemberState.SUSPECT, p, inc, s.firstSuspector, null, null);
            outbox.send(p.address());
            s.timer = loop.schedule(s.min, () -> expired(p, inc, s));
            flush.run();
            return;
        }
        observation.deathDeclared(p, s.start);
        verdict.dead(slot, p, inc, reason(p, s));
        flush.run();
    }
}
