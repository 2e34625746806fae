package io.chorus.core.engine;

import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Dissemination (memberlist's broadcast queue): membership updates wait in a {@link GossipQueue},
 * ride in the spare room of every packet, and go out in gossip rounds to {@code gossipFanout}
 * random live members, each update about {@code retransmitMultiplier x ceil(log10(n + 1))} times.
 * User events waiting to spread go in the same rounds, in packets when they fit and in frames of
 * their own when they do not. Also tells tag changes when they have gone out to a first round.
 */
final class Gossip {
    /** Death and leave: sent first. */
    static final int PRIO_DEATH = GossipQueue.PRIO_DEATH;
    /** Suspicion and alive. */
    static final int PRIO_STATE = GossipQueue.PRIO_STATE;
    /** Tag changes: sent last. */
    static final int PRIO_TAGS = GossipQueue.PRIO_TAGS;
    /** Most pending updates kept per node; push-pull repairs whatever is dropped. */
    private static final int QUEUE_CAPACITY = 4096;

    private record TagsSent(int needed, Engine.SentCallback done) {
    }

    private final GossipQueue queue = new GossipQueue(QUEUE_CAPACITY);
    private final ClusterConfig config;
    private final Loop loop;
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final UserEvents userEvents;
    private final SplittableRandom random;
    /** Scratch for a round's targets: a round allocates nothing. */
    private final Peer[] targets;
    private final SlotPicker picker = new SlotPicker();
    /** Tag changes waiting to have gone out to a first round of members, oldest first. */
    private final ArrayDeque<TagsSent> tagsSent = new ArrayDeque<>();
    private final long intervalNs;
    private final Runnable task = this::tick;
    private Loop.Timer timer;
    private Runnable whileLeaving;
    private Runnable flush;

    Gossip(ClusterConfig config, Loop loop, MemberTable table, LocalNode local, Outbox outbox, UserEvents userEvents,
            SplittableRandom random) {
        this.config = config;
        this.loop = loop;
        this.intervalNs = config.gossipInterval().toNanos();
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.userEvents = userEvents;
        this.random = random;
        this.targets = new Peer[config.gossipFanout()];
    }

    /**
     * @param leaving runs after each round while this node leaves (it may stop the node)
     * @param afterTask runs after each tick (publishes the change)
     */
    void wire(Runnable leaving, Runnable afterTask) {
        this.whileLeaving = leaving;
        this.flush = afterTask;
    }

    /** Starts the rounds, the first a jittered gossip interval from now. */
    void start() {
        timer = loop.reschedule(timer, Timing.jitter(random, intervalNs), task);
    }

    /** A gossip round, then the next one an interval from now (run early by a leave, so that LEFT goes out at once). */
    void tick() {
        if (!local.running) {
            return;
        }
        round();
        if (local.leaving) {
            whileLeaving.run();
            if (!local.running) {
                return;
            }
        }
        timer = loop.reschedule(timer, intervalNs, task);
        flush.run();
    }

    /** @return how many times each update is sent: {@code retransmitMultiplier x ceil(log10(n + 1))} for n live members */
    int retransmitLimit() {
        int n = table.liveCount();
        return config.retransmitMultiplier() * (int) Math.ceil(Math.log10(n + 1.0));
    }

    /**
     * Queues an update, replacing any pending one about the same member.
     *
     * @param prio {@link #PRIO_DEATH}, {@link #PRIO_STATE} or {@link #PRIO_TAGS}
     * @param state the state it announces
     * @param member the member
     * @param inc its incarnation
     * @param from the suspector or declarer (SUSPECT, DEAD), else null
     * @param tags its tags (ALIVE), else null
     * @param reason why it is dead (DEAD), else null
     */
    void enqueue(int prio, MemberState state, Peer member, long inc, Peer from, Tags tags, FailureReason reason) {
        queue.enqueue(prio, state, member, inc, from, tags, reason);
    }

    /**
     * Rumor mongering with feedback: an ALIVE about a member at the incarnation this node is
     * spreading came in from another member, which spreads it too; this node counts it as one more
     * transmission of its own, so that an update everyone has heard stops going round sooner.
     *
     * @param name the member
     * @param inc the incarnation heard
     */
    void heardAgain(String name, long inc) {
        queue.heardAgain(name, inc, retransmitLimit());
    }

    /** @param name a member whose pending update is dropped (it was forgotten) */
    void forget(String name) {
        queue.remove(name);
    }

    /** @param name a member @return transmissions so far of its pending update, or -1 when none is pending */
    int transmits(String name) {
        return queue.transmits(name);
    }

    /** @return pending updates */
    int pending() {
        return queue.size();
    }

    /** Fills a packet's spare room with pending updates (see {@link Outbox.Piggyback}). */
    void piggyback(WireWriter w, int budget, String skip) {
        queue.fill(w, budget, retransmitLimit(), skip);
    }

    /** Sends what is waiting to up to fanout members: updates and small events in a packet, big events in a frame. */
    void round() {
        if (queue.isEmpty() && !userEvents.hasPending()) {
            return;
        }
        int fanout = config.gossipFanout();
        int limit = retransmitLimit();
        int budget = outbox.budget();
        Peer[] chosen = targets;
        int n = 0;
        picker.start(table.size > 1 ? table.size : 0, 3 * fanout + 3);
        for (int slot = picker.next(random); n < fanout && slot >= 0; slot = picker.next(random)) {
            Peer p = table.peers[slot];
            if (p == local.peer || !table.live(slot) || contains(chosen, n, p)) {
                continue;
            }
            chosen[n++] = p;
            WireWriter out = outbox.packet();
            int before = out.position();
            queue.fill(out, budget, limit, null);
            userEvents.fillPacket(out, budget, limit);
            boolean sent = out.position() != before;
            if (sent) {
                outbox.send(p.address());
            }
            if (userEvents.hasBig() && outbox.streams()) {
                if (userEvents.fillFrame(outbox.frame(), limit) > 0) {
                    outbox.sendFrame(p.address(), outbox.compressFor(p));
                    sent = true;
                }
            }
            if (!sent) {
                break;
            }
        }
    }

    /**
     * Waits for this node's pending update (a tag change) to go out to a first round of members.
     *
     * @param needed how many transmissions make a first round
     * @param done told once sent
     */
    void whenSent(int needed, Engine.SentCallback done) {
        tagsSent.addLast(new TagsSent(needed, done));
    }

    /**
     * Tells the tag changes that have gone out to their first round: the pending update about this
     * node (the latest change, or a refutation that carries it) sent often enough, or no longer
     * pending at all.
     */
    void checkSent() {
        if (tagsSent.isEmpty()) {
            return;
        }
        int transmits = queue.transmits(local.peer.name());
        while (!tagsSent.isEmpty() && (transmits < 0 || transmits >= tagsSent.peekFirst().needed)) {
            tagsSent.pollFirst().done.run(true);
        }
    }

    /** The node stopped: every change still waiting is told it was not sent. */
    void stop() {
        while (!tagsSent.isEmpty()) {
            tagsSent.pollFirst().done.run(false);
        }
    }

    static boolean contains(Peer[] a, int n, Peer p) {
        for (int i = 0; i < n; i++) {
            if (a[i] == p) {
                return true;
            }
        }
        return false;
    }
}
