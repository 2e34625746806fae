package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
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
    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final SplittableRandom random;
    private final long pullCooldownNs;
    private final Runnable pushPullTask = this::pushPullTick;
    private Runnable flush;
    private Loop.Timer pushPullTimer;
    private long lastPushPull;
    private long nextPullAt;
    private long gapSince = -1;
    private int bestAlive;
    private Peer bestSource;
    private int maxKnown;
    private Peer knownSource;

    AntiEntropy(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Outbox outbox, SplittableRandom random) {
        this.config = config;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.random = random;
        this.pullCooldownNs = 2 * config.gossipInterval().toNanos();
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
            Peer p = randomAlive();
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

    private Peer randomAlive() {
        for (int tries = 0; tries < 8 && table.size > 1; tries++) {
            int slot = random.nextInt(table.size);
            if (table.peers[slot] != local.peer && table.state(slot) == MemberState.ALIVE) {
                return table.peers[slot];
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
            from = bestSource;
        } else if (gapSince >= 0 && now - gapSince >= pullCooldownNs && knownSource != null) {
            from = knownSource;
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

    /** A delta pull: answered with the entries the sender's digest does not hold. */
    void onDigest(Header h, Digest digest) {
        int salt = digest.salt();
        int[] delta = new int[table.size];
        int n = 0;
        for (int s = 0; s < table.size; s++) {
            if (!digest.mightContain(Codec.digestKey(table.wireHashes[s], table.incs[s], table.states[s], salt))) {
                delta[n++] = s;
            }
        }
        WireWriter w = outbox.frame();
        int mark = Codec.beginSync(w, Codec.SYNC_REPLY, n);
        for (int i = 0; i < n; i++) {
            int s = delta[i];
            Codec.syncEntry(w, table.peers[s], table.state(s), table.incs[s], table.tags[s]);
        }
        Codec.endSync(w, mark);
        outbox.sendFrame(h.sender().address(), Codec.Compress.allowedIf(h.inflates()));
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
        outbox.sendFrame(to, compress);
    }
}
