package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.core.jfr.PushPullEvent;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor.Digest;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.WireWriter;
import java.util.SplittableRandom;

/**
 * Anti-entropy: what gossip missed is repaired by full-state exchanges. Periodic push-pull with a
 * random live member (its interval grows with the cluster); pulls on demand, when headers show a
 * sender that knows much more than this node (a join storm, a healed partition) or a gap that
 * outlasts a couple of gossip rounds (a digest of what this node holds, answered with the rest);
 * and an exchange with a member held DEAD that talks to this node, so that it refutes. Rate
 * limited, so a cluster at rest never pulls.
 */
final class AntiEntropy {
    /** The most entries a node's answer to a join holds: a larger state is sampled, and the joiner pulls the rest from others. */
    static final int JOIN_SAMPLE = 256;
    /** Digests (pulls) a node answers per second, at most; the rest are left for the pullers to take elsewhere. */
    static final double ANSWERS_PER_SECOND = 10;
    /** How many answers a node may give at once after a quiet while. */
    static final double ANSWER_BURST = 10;

    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final SplittableRandom random;
    private final long pullCooldownNs;
    private final Runnable pushPullTask = this::pushPullTick;
    private final SlotPicker picker = new SlotPicker();
    private Runnable flush;
    private Loop.Timer pushPullTimer;
    private long lastPushPull;
    private long nextPullAt;
    private long gapSince = -1;
    private int bestAlive;
    private Peer bestSource;
    private int maxKnown;
    private Peer knownSource;
    private double answerTokens = ANSWER_BURST;
    private long tokensAt;
    /** Digests left unanswered for want of budget. */
    long pullsDeclined;

    AntiEntropy(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Outbox outbox, SplittableRandom random) {
        this.config = config;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.random = random;
        // half a gossip interval: a node behind (a join storm, a healed partition) pulls again soon, from
        // whoever it hears from next, while a cluster at rest never pulls
        this.pullCooldownNs = config.gossipInterval().toNanos() / 2;
    }

    /** @param afterTask runs after each push-pull tick (publishes the change) */
    void wire(Runnable afterTask) {
        this.flush = afterTask;
    }

    /** Starts periodic push-pull, unless its interval is zero. */
    void start() {
        if (!config.pushPullInterval().isZero()) {
            lastPushPull = loop.nanos();
            pushPullTimer = loop.reschedule(pushPullTimer, Timing.jitter(random, pushPullIntervalNs()), pushPullTask);
        }
    }

    private void pushPullTick() {
        if (!local.running) {
            return;
        }
        long now = loop.nanos();
        if (!local.leaving && now - lastPushPull >= pushPullIntervalNs() / 2) {
            // the interval grows with the cluster: a node that started alone waits for the scaled one
            lastPushPull = now;
            Peer p = randomAlive(null);
            if (p != null) {
                sendState(p.address(), 0, outbox.compressFor(p));
            }
        }
        pushPullTimer = loop.reschedule(pushPullTimer, Timing.jitter(random, pushPullIntervalNs()), pushPullTask);
        flush.run();
    }

    /** @return the push-pull interval: the configured one up to 32 members, then one more for each doubling */
    private long pushPullIntervalNs() {
        long base = config.pushPullInterval().toNanos();
        int n = table.liveCount();
        if (n <= 32) {
            return base;
        }
        double mult = Math.ceil(Math.log(n) / Math.log(2) - Math.log(32) / Math.log(2)) + 1;
        return (long) (base * mult);
    }

    /** @return a random ALIVE member other than this node and {@code not}, or null when there is none */
    private Peer randomAlive(Peer not) {
        picker.start(table.size > 1 ? table.size : 0, 8);
        for (int slot = picker.next(random); slot >= 0; slot = picker.next(random)) {
            Peer p = table.peers[slot];
            if (p != local.peer && p != not && table.state(slot) == MemberState.ALIVE) {
                return p;
            }
        }
        return null;
    }

    /** A member held DEAD talks to this node: exchange state so that it refutes and we learn it (rate limited). */
    void heardFromDead(Header h, long now) {
        if (now >= nextPullAt) {
            nextPullAt = now + pullCooldownNs;
            sendState(h.sender().address(), 0, Codec.Compress.allowedIf(h.inflates()));
        }
    }

    /**
     * Pulls on demand: every header advertises how many members its sender sees ALIVE and knows at
     * all. A node far behind pulls the full state from the best-informed sender it heard; a node
     * missing a few members pulls once the gap has outlasted a couple of gossip rounds.
     *
     * @param h the header of a live member's packet
     * @param now the loop's time
     */
    void heard(Header h, long now) {
        Peer sender = h.sender();
        int theirs = h.senderAlive();
        if (theirs > bestAlive) {
            bestAlive = theirs;
            bestSource = sender;
        }
        int known = h.senderKnown();
        if (known > maxKnown) {
            maxKnown = known;
            knownSource = sender;
        }
        if (maxKnown <= table.size) {
            gapSince = -1;
        } else if (gapSince < 0) {
            gapSince = now;
        }
        if (now < nextPullAt) {
            return;
        }
        int mine = table.count(MemberState.ALIVE);
        Peer from = null;
        if (bestSource != null && bestAlive - mine >= pullThreshold(mine)) {
            // pull from whoever is talking now if it is far ahead too: the pulls of a join storm then
            // spread over the members that know much, not all on the best informed one
            from = theirs - mine >= pullThreshold(mine) ? sender : bestSource;
        } else if (gapSince >= 0 && now - gapSince >= pullCooldownNs && knownSource != null) {
            from = known > table.size ? sender : knownSource;
        }
        if (from != null) {
            nextPullAt = now + pullCooldownNs;
            bestAlive = 0;
            bestSource = null;
            maxKnown = 0;
            knownSource = null;
            gapSince = -1;
            sendDigest(from);
        }
    }

    /** @return whether the members this node heard from lately see many more members ALIVE than it does */
    boolean catchingUp() {
        int mine = table.count(MemberState.ALIVE);
        return bestSource != null && bestAlive - mine >= pullThreshold(mine);
    }

    private static int pullThreshold(int mine) {
        return Math.max(4, mine / 16);
    }

    private void sendDigest(Peer from) {
        int salt = random.nextInt();
        long[] keys = new long[table.size];
        for (int s = 0; s < table.size; s++) {
            keys[s] = Codec.digestKey(table.wireHashes[s], table.incs[s], table.states[s], salt);
        }
        Codec.digest(outbox.frame(), salt, keys, table.size);
        outbox.sendFrame(from.address(), outbox.compressFor(from));
    }

    /**
     * A delta pull: answered with the entries the sender's digest does not hold, within this node's
     * answer budget ({@value #ANSWERS_PER_SECOND} a second): a pull over budget is left unanswered,
     * and its sender pulls again, from whoever it hears from next.
     */
    void onDigest(Header h, Digest digest) {
        long now = loop.nanos();
        answerTokens = Math.min(ANSWER_BURST, answerTokens + (now - tokensAt) * ANSWERS_PER_SECOND / 1e9);
        tokensAt = now;
        if (answerTokens < 1) {
            pullsDeclined++;
            return;
        }
        answerTokens--;
        int salt = digest.salt();
        int[] delta = new int[table.size];
        int n = 0;
        for (int s = 0; s < table.size; s++) {
            if (!digest.mightContain(Codec.digestKey(table.wireHashes[s], table.incs[s], table.states[s], salt))) {
                delta[n++] = s;
            }
        }
        WireWriter w = outbox.frame();
        int limit = outbox.streams() ? Integer.MAX_VALUE : outbox.budget();
        int mark = Codec.beginSync(w, Codec.SYNC_REPLY, n);
        int written = 0;
        for (int i = 0; i < n; i++) {
            int s = delta[i];
            int before = w.position();
            Codec.syncEntry(w, table.peers[s], table.state(s), table.incs[s], table.tags[s]);
            if (w.position() > limit) {
                w.position(before); // a packet-only transport: what fits in one packet
                break;
            }
            written++;
        }
        Codec.endSync(w, mark, n, written);
        sent(h.sender().address(), Codec.SYNC_REPLY | Codec.SYNC_PARTIAL, written,
                outbox.sendFrame(h.sender().address(), Codec.Compress.allowedIf(h.inflates())));
    }

    /**
     * Answers a full state: with this node's own, or, to a join in a cluster larger than
     * {@value #JOIN_SAMPLE}, with a random sample of it (the joiner pulls the rest from others), so
     * that a join storm through one seed costs the seed a bounded answer per joiner.
     *
     * @param h the header of the state that came
     * @param join whether it came from a node that joins
     */
    void answer(Header h, boolean join) {
        Codec.Compress compress = Codec.Compress.allowedIf(h.inflates());
        if (join && table.size > JOIN_SAMPLE) {
            sendSample(h.sender().address(), compress);
        } else {
            sendState(h.sender().address(), Codec.SYNC_REPLY, compress);
        }
    }

    private void sendSample(Address to, Codec.Compress compress) {
        // reservoir sampling of the other live members; this node first
        int[] chosen = new int[JOIN_SAMPLE - 1];
        int seen = 0;
        for (int s = 0; s < table.size; s++) {
            if (table.peers[s] == local.peer || !table.live(s)) {
                continue;
            }
            if (seen < chosen.length) {
                chosen[seen] = s;
            } else {
                int j = random.nextInt(seen + 1);
                if (j < chosen.length) {
                    chosen[j] = s;
                }
            }
            seen++;
        }
        int n = Math.min(seen, chosen.length);
        WireWriter w = outbox.frame();
        int mark = Codec.beginSync(w, Codec.SYNC_REPLY | Codec.SYNC_PARTIAL, n + 1);
        Codec.syncEntry(w, local.peer, MemberState.ALIVE, local.incarnation, local.tags);
        for (int i = 0; i < n; i++) {
            int s = chosen[i];
            Codec.syncEntry(w, table.peers[s], table.state(s), table.incs[s], table.tags[s]);
        }
        Codec.endSync(w, mark);
        sent(to, Codec.SYNC_REPLY | Codec.SYNC_PARTIAL, n + 1, outbox.sendFrame(to, compress));
    }

    /**
     * A seed answered a join with a sample: pull the rest at once, from another member of the
     * sample, so that the seed does not serve the whole state to every joiner.
     *
     * @param seed the member that sent the sample
     */
    void pullAfterSample(Peer seed) {
        Peer p = randomAlive(seed);
        if (p != null) {
            nextPullAt = loop.nanos() + pullCooldownNs;
            bestAlive = 0;
            bestSource = null;
            maxKnown = 0;
            knownSource = null;
            gapSince = -1;
            sendDigest(p);
        }
    }

    /**
     * Sends this node's full state: over a stream when the transport has one, else what fits in one
     * packet.
     *
     * @param to the receiver
     * @param flags {@link Codec#SYNC_REPLY}, {@link Codec#SYNC_JOIN}
     * @param compress whether the receiver may get it compressed (a seed not yet heard from may not)
     */
    void sendState(Address to, int flags, Codec.Compress compress) {
        WireWriter w = outbox.frame();
        int limit = outbox.streams() ? Integer.MAX_VALUE : outbox.budget();
        int count = table.size;
        int mark = Codec.beginSync(w, flags, count);
        int written = 0;
        for (int s = 0; s < count; s++) {
            int before = w.position();
            Peer p = table.peers[s];
            long inc = p == local.peer ? local.incarnation : table.incs[s];
            Codec.syncEntry(w, p, table.state(s), inc, table.tags[s]);
            if (w.position() > limit) {
                w.position(before);
                break;
            }
            written++;
        }
        Codec.endSync(w, mark, count, written);
        sent(to, flags, written, outbox.sendFrame(to, compress));
    }

    /** A state sent: recorded for the flight recorder (a {@link PushPullEvent}, when enabled). */
    private static void sent(Address to, int flags, int entries, int bytes) {
        if (bytes > 0) {
            PushPullEvent.emit(to, PushPullEvent.Direction.SENT, kind(flags), bytes, entries);
        }
    }

    /** @param flags a state's flags @return its kind, as a {@link PushPullEvent} names it: PUSH, REPLY or PARTIAL */
    static String kind(int flags) {
        if ((flags & Codec.SYNC_PARTIAL) != 0) {
            return "PARTIAL";
        }
        return (flags & Codec.SYNC_REPLY) != 0 ? "REPLY" : "PUSH";
    }
}
