package io.chorus.core.engine;

import io.chorus.api.ClusterConfig;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.Peer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.SplittableRandom;

/**
 * Healing: members held DEAD are pinged now and then, and one that answers gets a full-state
 * exchange, so the two sides of a healed partition merge by themselves; a node left alone retries
 * its seeds the same way. Each tick (every {@code reconnectInterval}) sends at most one reconnect
 * ping, to the first DEAD member (of up to {@value #SCAN_PER_TICK} looked at, round-robin) whose own
 * backoff has run out: its first retry comes about {@code reconnectInterval} after its death, then
 * the delay doubles, with jitter, up to {@code reconnectMaxInterval}. So with N members DEAD each is
 * retried at most every max(N, its backoff) ticks: the reconnect traffic of a node stays one small
 * packet per tick however many died.
 */
final class Reconnects {
    /** DEAD members looked at per tick. */
    static final int SCAN_PER_TICK = 64;
    /** Reconnect pings awaiting an ack; more are forgotten all at once. */
    private static final int MAX_PENDING = 256;

    private static final class Retry {
        final Peer peer;
        int attempts;
        long nextAt;

        Retry(Peer peer, long nextAt) {
            this.peer = peer;
            this.nextAt = nextAt;
        }
    }

    /** Retries the seeds of a node left alone. */
    @FunctionalInterface
    interface Seeds {
        /** @param now the loop's time */
        void retryIfAlone(long now);
    }

    private final ClusterConfig config;
    private final Loop loop;
    private final LocalNode local;
    private final Outbox outbox;
    private final AntiEntropy antiEntropy;
    private final SplittableRandom random;
    private final ArrayDeque<Retry> retries = new ArrayDeque<>();
    private final HashMap<String, Retry> byName = new HashMap<>();
    private final HashMap<Integer, Peer> pings = new HashMap<>();
    private final Runnable task = this::tick;
    private Seeds seeds;
    private Runnable flush;
    private Loop.Timer timer;

    Reconnects(ClusterConfig config, Loop loop, LocalNode local, Outbox outbox, AntiEntropy antiEntropy,
            SplittableRandom random) {
        this.config = config;
        this.loop = loop;
        this.local = local;
        this.outbox = outbox;
        this.antiEntropy = antiEntropy;
        this.random = random;
    }

    /**
     * @param alone retries the seeds when this node is alone (after the DEAD members)
     * @param afterTask runs after each tick (publishes the change)
     */
    void wire(Seeds alone, Runnable afterTask) {
        this.seeds = alone;
        this.flush = afterTask;
    }

    /** Starts the ticks, the first one {@code reconnectInterval} from now. */
    void start() {
        timer = loop.reschedule(timer, config.reconnectInterval().toNanos(), task);
    }

    /** @param p a member just declared DEAD: retried from about {@code reconnectInterval} on */
    void schedule(Peer p) {
        Retry r = new Retry(p, loop.nanos() + Timing.jitter(random, config.reconnectInterval().toNanos()));
        byName.put(p.name(), r);
        retries.addLast(r);
    }

    /** @param name a member that came back, left or was forgotten: no more retries */
    void forget(String name) {
        byName.remove(name);
    }

    /**
     * @return the delay before a retry after {@code attempts} of them: the reconnect interval,
     *     doubled per attempt, at most {@code reconnectMaxInterval}
     */
    long backoff(int attempts) {
        long base = config.reconnectInterval().toNanos();
        long max = config.reconnectMaxInterval().toNanos();
        return Math.min(max, base << Math.min(attempts, 20));
    }

    /**
     * @return whether this was the ack of a reconnect ping (the member answered: their states are
     *     exchanged)
     */
    boolean onAck(Header h, int seq) {
        Peer dead = pings.remove(seq);
        if (dead == null) {
            return false;
        }
        antiEntropy.sendState(dead.address(), 0, Codec.Compress.allowedIf(h.inflates()));
        return true;
    }

    private void tick() {
        if (!local.running) {
            return;
        }
        long now = loop.nanos();
        if (!local.leaving) {
            boolean attempted = false;
            for (int i = 0, n = Math.min(retries.size(), SCAN_PER_TICK); i < n && !attempted; i++) {
                Retry r = retries.pollFirst();
                if (byName.get(r.peer.name()) != r) {
                    continue;
                }
                if (now >= r.nextAt) {
                    attempted = true;
                    int seq = local.nextSeq();
                    if (pings.size() > MAX_PENDING) {
                        pings.clear();
                    }
                    pings.put(seq, r.peer);
                    Codec.ping(outbox.packet(), seq, r.peer);
                    outbox.sendWithUpdates(r.peer.address(), null);
                    r.attempts++;
                    r.nextAt = now + Math.min(config.reconnectMaxInterval().toNanos(), Timing.jitter(random, backoff(r.attempts)));
                }
                retries.addLast(r);
            }
            seeds.retryIfAlone(now);
        }
        timer = loop.reschedule(timer, config.reconnectInterval().toNanos(), task);
        flush.run();
    }
}
