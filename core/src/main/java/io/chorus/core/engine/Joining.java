package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Joining and leaving (memberlist's {@code Join} and {@code Leave}). A join sends this node's state
 * to every seed and retries with exponential backoff until the timeout; it ends when a seed's state
 * has been merged, and its caller hears of it only once the snapshot holding that state is
 * published. A node left alone retries its seeds from then on. A leave marks this node LEFT,
 * gossips it at the highest priority, and stops once it has spread (or after the leave timeout).
 */
final class Joining {
    /** A join's outcome: no seed answered before the timeout. */
    static final int TIMED_OUT = -1;
    /** A join's outcome: a seed refused it, as a live member holds this node's name elsewhere. */
    static final int REFUSED = -2;

    private static final Runnable NO_HOOK = () -> { };

    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Membership membership;
    private final Gossip gossip;
    private final AntiEntropy antiEntropy;
    private final Reconnects reconnects;
    private final SplittableRandom random;
    private final LinkedHashSet<Address> seedsTried = new LinkedHashSet<>();
    private List<Address> seeds = List.of();
    private IntConsumer joinCallback;
    private Runnable joinRetry = NO_HOOK;
    private int joinReplies;
    private Loop.Timer joinTimer;
    /** A finished join's callback, run once the snapshot holds what the join brought (see {@link #afterPublish}). */
    private IntConsumer joinDone;
    private int joinOutcome;
    private Peer nameHolder;
    private Address nameRefusedBy;
    /** A seed refused the last join: the node knocks at no seed again until it is asked to join again. */
    private boolean refused;
    private int seedAttempts;
    private long seedNextAt;
    private Runnable leaveCallback;
    private long leaveDeadline;
    private Runnable stop;

    Joining(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Membership membership, Gossip gossip,
            AntiEntropy antiEntropy, Reconnects reconnects, SplittableRandom random) {
        this.config = config;
        this.loop = loop;
        this.table = table;
        this.local = local;
        this.membership = membership;
        this.gossip = gossip;
        this.antiEntropy = antiEntropy;
        this.reconnects = reconnects;
        this.random = random;
    }

    /** @param stopNode stops the node once its leave has spread */
    void wire(Runnable stopNode) {
        this.stop = stopNode;
    }

    /**
     * Joins through seeds that may change while it tries.
     *
     * @param seedAddresses the seeds known now
     * @param withoutSeeds what to do when there are none
     * @param beforeRetry runs before each retry (may ask discovery for fresh seeds); must not block
     * @param timeoutNanos how long the join keeps trying
     * @param done gets 1 once a seed answered (a join ends at the first answer), 0 with no seed, or {@link #TIMED_OUT} or {@link #REFUSED}
     */
    void join(List<Address> seedAddresses, Engine.WithoutSeeds withoutSeeds, Runnable beforeRetry, long timeoutNanos,
            IntConsumer done) {
        this.seeds = withoutSelf(seedAddresses);
        this.refused = false;
        this.seedsTried.clear();
        this.joinCallback = done;
        this.joinRetry = beforeRetry;
        this.joinReplies = 0;
        if (seeds.isEmpty() && withoutSeeds == Engine.WithoutSeeds.START_ALONE) {
            finish(0);
            return;
        }
        long deadline = loop.nanos() + Math.max(0, timeoutNanos);
        attempt(0, deadline);
    }

    /** @return whether a join is under way */
    boolean joining() {
        return joinCallback != null;
    }

    /** A seed answered with its state, now merged: the join is done. */
    void answered() {
        if (joinCallback != null) {
            joinReplies++;
            finish(joinReplies);
        }
    }

    /**
     * A seed refused the join: a live member holds this node's name at another address.
     *
     * @param holder that member
     * @param seed the seed that said so
     */
    void refused(Peer holder, Address seed) {
        nameHolder = holder;
        nameRefusedBy = seed;
        seeds = List.of();
        refused = true; // nor at each reconnect tick, nor when discovery hands the seeds over again
        finish(REFUSED);
    }

    /** @return the member that holds this node's name, from the seed that refused the last join, or null */
    Peer nameHolder() {
        return nameHolder;
    }

    /** @return the seed that refused the last join, or null */
    Address nameRefusedBy() {
        return nameRefusedBy;
    }

    /** @return every seed the current or last join contacted, in order of first contact */
    List<Address> seedsTried() {
        return List.copyOf(seedsTried);
    }

    /**
     * Hands over the seeds discovery found now; they replace the list the join retries and the
     * reconnect ticks (when this node is alone) contact. During a join, seeds not known before are
     * contacted at once; otherwise, new seeds reset the reconnect backoff.
     *
     * @param fresh the seeds, possibly including this node's own address (ignored)
     */
    void updateSeeds(List<Address> fresh) {
        if (refused) {
            return;
        }
        List<Address> next = withoutSelf(fresh);
        if (next.equals(seeds)) {
            return;
        }
        HashSet<Address> before = new HashSet<>(seeds);
        seeds = next;
        if (!local.running) {
            return;
        }
        boolean added = false;
        for (Address a : next) {
            if (!before.contains(a)) {
                added = true;
                if (joinCallback != null) {
                    contact(a);
                }
            }
        }
        if (added && joinCallback == null) {
            seedAttempts = 0;
            seedNextAt = loop.nanos();
        }
    }

    /** A reconnect tick: a node alone with seeds (and no join under way) sends them its state, with backoff. */
    void retryIfAlone(long now) {
        boolean alone = table.count(MemberState.ALIVE) <= 1 && table.count(MemberState.SUSPECT) == 0;
        if (alone && !seeds.isEmpty() && joinCallback == null && now >= seedNextAt) {
            for (Address seed : seeds) {
                antiEntropy.sendState(seed, Codec.SYNC_JOIN, Codec.Compress.NEVER);
            }
            seedAttempts++;
            seedNextAt = now + Timing.jitter(random, reconnects.backoff(seedAttempts));
        } else if (!alone) {
            seedAttempts = 0;
        }
    }

    private List<Address> withoutSelf(List<Address> addresses) {
        LinkedHashSet<Address> out = new LinkedHashSet<>(addresses);
        if (local.peer != null) {
            out.remove(local.peer.address());
        }
        return List.copyOf(out);
    }

    private void contact(Address seed) {
        seedsTried.add(seed);
        antiEntropy.sendState(seed, Codec.SYNC_JOIN, Codec.Compress.NEVER);
    }

    private void attempt(int attempt, long deadline) {
        if (joinCallback == null || !local.running) {
            return;
        }
        long now = loop.nanos();
        if (now >= deadline) {
            IntConsumer cb = joinCallback;
            joinCallback = null;
            joinRetry = NO_HOOK;
            cb.accept(TIMED_OUT);
            return;
        }
        if (attempt > 0) {
            joinRetry.run();
        }
        for (Address seed : seeds) {
            contact(seed);
        }
        long backoff = Math.min(config.reconnectMaxInterval().toNanos(), (250 * Timing.MS) << Math.min(attempt, 16));
        long delay = Math.min(Timing.jitter(random, backoff), deadline - now);
        joinTimer = loop.schedule(delay, () -> attempt(attempt + 1, deadline));
    }

    /**
     * Ends the join. Its caller hears of it only after the next publish: a caller released earlier
     * could read a view without the members the join brought.
     */
    private void finish(int outcome) {
        IntConsumer cb = joinCallback;
        joinCallback = null;
        joinRetry = NO_HOOK;
        if (joinTimer != null) {
            joinTimer.cancel();
            joinTimer = null;
        }
        if (cb != null) {
            joinDone = cb;
            joinOutcome = outcome;
        }
    }

    /** Tells a finished join's caller, once the snapshot that holds its outcome is published. */
    void afterPublish() {
        if (joinDone != null) {
            IntConsumer cb = joinDone;
            joinDone = null;
            cb.accept(joinOutcome);
        }
    }

    /**
     * Leaves: LEFT at the highest priority, gossiped until it has spread or the leave timeout
     * passes; then the node stops.
     *
     * @param done runs once the node has stopped
     */
    void leave(Runnable done) {
        if (!local.running) {
            done.run();
            return;
        }
        if (local.leaving) {
            Runnable prev = leaveCallback;
            leaveCallback = () -> {
                prev.run();
                done.run();
            };
            return;
        }
        local.leaving = true;
        leaveCallback = done;
        leaveDeadline = loop.nanos() + config.leaveTimeout().toNanos();
        membership.leave();
        gossip.tick();
    }

    /** A gossip round of a leaving node went out: stops it once its LEFT has spread, or it is alone, or time is up. */
    void checkLeaveDone() {
        int sent = gossip.transmits(local.peer.name());
        boolean spread = sent < 0 || sent >= Math.min(gossip.retransmitLimit(), 2 * config.gossipFanout());
        boolean alone = table.liveCount() == 0;
        if (spread || alone || loop.nanos() >= leaveDeadline) {
            Runnable cb = leaveCallback;
            leaveCallback = null;
            stop.run();
            if (cb != null) {
                cb.run();
            }
        }
    }

    /** The node stops: a join under way ends as timed out. */
    void stop() {
        Timing.cancel(joinTimer);
        if (joinCallback != null) {
            finish(TIMED_OUT);
        }
    }
}
