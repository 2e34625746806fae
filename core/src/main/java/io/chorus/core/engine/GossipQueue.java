package io.chorus.core.engine;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;
import io.chorus.core.wire.WireWriter;
import java.util.HashMap;

/**
 * Membership updates waiting to be piggybacked, at most one per member (a newer update replaces
 * an older one, as in memberlist). Each is sent up to a retransmit limit, fewest transmissions
 * first with each priority class {@link #PRIO_LEAD} transmissions ahead of the one below (leave
 * and death, then suspicion and alive, then tag changes), newest first. Buckets are intrusive lists, so filling a packet allocates nothing.
 */
final class GossipQueue {
    static final int PRIO_DEATH = 0;
    static final int PRIO_STATE = 1;
    static final int PRIO_TAGS = 2;
    private static final int PRIOS = 3;
    static final int MAX_TRANSMITS = 64;
    /** The shortest update (a LEFT with a short id), for the stop test. */
    private static final int MIN_UPDATE = 11;
    /**
     * How many transmissions a priority class is ahead of the next: an update goes out before one
     * of the class below unless that one has been sent this many times fewer. Priority orders fresh
     * updates (a death before an alive before a tag change) without letting a backlog of old
     * higher-priority updates, as a join storm leaves, starve a new lower-priority one.
     */
    static final int PRIO_LEAD = 4;
    /** How many items one fill looks at, at most: bounds the cost of a packet. */
    private static final int SCAN_LIMIT = 512;

    static final class Item {
        Peer member;
        MemberState state;
        long inc;
        Peer from;
        Tags tags;
        FailureReason reason;
        int transmits;
        int prio;
        int size;
        Item prev;
        Item next;
    }

    private final Item[] heads = new Item[PRIOS * MAX_TRANSMITS];
    private final Item[] tails = new Item[PRIOS * MAX_TRANSMITS];
    private final HashMap<String, Item> byMember = new HashMap<>();
    private final int capacity;
    private Item[] sent = new Item[64];
    private int size;

    GossipQueue(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** @return transmissions so far of the pending update about {@code name}, or -1 */
    int transmits(String name) {
        Item it = byMember.get(name);
        return it == null ? -1 : it.transmits;
    }

    /**
     * Queues an update about a member, replacing any pending one about it.
     *
     * @param prio PRIO_DEATH, PRIO_STATE or PRIO_TAGS
     * @param state the state it announces
     * @param member the member
     * @param inc its incarnation
     * @param from the suspector or declarer (SUSPECT, DEAD), else null
     * @param tags its tags (ALIVE), else null
     * @param reason why it is dead (DEAD), else null
     */
    void enqueue(int prio, MemberState state, Peer member, long inc, Peer from, Tags tags, FailureReason reason) {
        Item it = byMember.get(member.name());
        if (it != null) {
            unlink(it);
        } else {
            it = new Item();
            byMember.put(member.name(), it);
            size++;
        }
        it.member = member;
        it.state = state;
        it.inc = inc;
        it.from = from;
        it.tags = tags;
        it.reason = reason;
        it.prio = prio;
        it.transmits = 0;
        it.size = Codec.updateSize(state, member, inc, from, tags);
        linkFirst(it, prio * MAX_TRANSMITS);
        if (size > capacity) {
            evictOne();
        }
    }

    /**
     * Counts a transmission of the pending ALIVE about {@code name} at {@code inc}, as if sent: it
     * was heard from another member, which spreads it too (feedback). Dropped at the limit.
     *
     * @param name the member
     * @param inc the incarnation heard
     * @param limit the retransmit limit
     */
    void heardAgain(String name, long inc, int limit) {
        Item it = byMember.get(name);
        if (it == null || it.inc != inc || it.state != MemberState.ALIVE) {
            return;
        }
        unlink(it);
        it.transmits++;
        if (it.transmits >= Math.min(limit, MAX_TRANSMITS)) {
            byMember.remove(name);
            size--;
        } else {
            linkLast(it, it.prio * MAX_TRANSMITS + it.transmits);
        }
    }

    void remove(String name) {
        Item it = byMember.remove(name);
        if (it != null) {
            unlink(it);
            size--;
        }
    }

    /**
     * Writes as many updates as fit below {@code budget}, counting a transmission for each.
     *
     * @param w the packet
     * @param budget the packet's last usable byte offset
     * @param limit the retransmit limit
     * @param skip a member whose update was already written (the buddy suspicion), or null
     * @return how many updates were written
     */
    int fill(WireWriter w, int budget, int limit, String skip) {
        int lim = Math.min(limit, MAX_TRANSMITS);
        int n = 0;
        int scanned = 0;
        outer:
        for (int rank = 0; rank < MAX_TRANSMITS + (PRIOS - 1) * PRIO_LEAD; rank++) {
            for (int p = 0; p < PRIOS; p++) {
                int t = rank - p * PRIO_LEAD;
                if (t < 0 || t >= MAX_TRANSMITS) {
                    continue;
                }
                int b = p * MAX_TRANSMITS + t;
                Item it = heads[b];
                while (it != null) {
                    Item next = it.next;
                    if (t >= lim) {
                        byMember.remove(it.member.name());
                        unlink(it);
                        size--;
                    } else if (budget - w.position() < MIN_UPDATE || ++scanned > SCAN_LIMIT) {
                        break outer;
                    } else if (it.size <= budget - w.position() && (skip == null || !skip.equals(it.member.name()))) {
                        Codec.update(w, it.state, it.member, it.inc, it.from, it.tags, it.reason);
                        if (n == sent.length) {
                            sent = java.util.Arrays.copyOf(sent, n * 2);
                        }
                        sent[n++] = it;
                    }
                    it = next;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Item it = sent[i];
            sent[i] = null;
            unlink(it);
            it.transmits++;
            if (it.transmits >= lim) {
                byMember.remove(it.member.name());
                size--;
            } else {
                linkLast(it, it.prio * MAX_TRANSMITS + it.transmits);
            }
        }
        return n;
    }

    /**
     * Drops the update that has travelled most: the most transmissions, and among those the lowest
     * priority. A fresh update is never dropped for an old one that most members already heard.
     */
    private void evictOne() {
        for (int t = MAX_TRANSMITS - 1; t >= 0; t--) {
            for (int p = PRIOS - 1; p >= 0; p--) {
                Item it = tails[p * MAX_TRANSMITS + t];
                if (it != null) {
                    byMember.remove(it.member.name());
                    unlink(it);
                    size--;
                    return;
                }
            }
        }
    }

    private int bucketOf(Item it) {
        return it.prio * MAX_TRANSMITS + Math.min(it.transmits, MAX_TRANSMITS - 1);
    }

    private void linkFirst(Item it, int b) {
        it.prev = null;
        it.next = heads[b];
        if (heads[b] != null) {
            heads[b].prev = it;
        } else {
            tails[b] = it;
        }
        heads[b] = it;
    }

    private void linkLast(Item it, int b) {
        it.next = null;
        it.prev = tails[b];
        if (tails[b] != null) {
            tails[b].next = it;
        } else {
            heads[b] = it;
        }
        tails[b] = it;
    }

    private void unlink(Item it) {
        int b = bucketOf(it);
        if (it.prev != null) {
            it.prev.next = it.next;
        } else {
            heads[b] = it.next;
        }
        if (it.next != null) {
            it.next.prev = it.prev;
        } else {
            tails[b] = it.prev;
        }
        it.prev = null;
        it.next = null;
    }
}
