package io.chorus.core.engine;

import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.WireWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * User events on one node, on its protocol loop: those waiting to be gossiped (this node's own and
 * those it relays), and, per origin stream, what was delivered, so that each event is delivered
 * once per node and an origin's ordered events in the order it broadcast them.
 *
 * <p>Ordering: an origin numbers its ordered events 1, 2, 3... in a stream of its own (one per life
 * of the node). An event that arrives ahead of a gap is held until the gap fills, or for at most
 * the reorder window; then the gap is given up (gossip dropped the event) and delivery goes on.
 * The first event heard of a stream sets where it starts. Coalescing events have numbers of their
 * own: one newer than the last seen of its origin and topic replaces it, and what arrives within
 * the coalesce period is delivered once, the latest.
 *
 * <p>Gossip: fewest transmissions first, each at most the retransmit limit; an event that does
 * not fit in a packet goes in a frame of its own batch. The queue is bounded: past its capacity
 * the most-transmitted event is dropped.
 *
 * <p>Sequencing this node's own events: their stream (one per life), the next number of an ordered
 * or a coalescing event, the oldest ordered event of the last reorder window (where a node that
 * hears of the stream first starts), and how many are still spreading (reserved from any thread
 * before a broadcast, released when one stops being gossiped).
 */
final class UserEvents {
    /** Most events waiting to be gossiped, own and relayed. */
    static final int CAPACITY = 1024;
    /** Most streams remembered; the least recently heard is forgotten first. */
    static final int MAX_STREAMS = 4096;
    /** Most events held behind a gap per stream; past it the gap is given up at once. */
    static final int MAX_HELD = 1024;
    /** Most bytes of events put in one gossip frame (at least one event always goes). */
    static final int FRAME_BYTES = 64 * 1024;

    /** An event waiting to be gossiped. */
    static final class Item {
        final Peer origin;
        final long stream;
        final long seq;
        final long low;
        final int flags;
        final byte[] topic;
        final String topicName;
        final byte[] payload;
        final int size;
        final boolean own;
        boolean big;
        int transmits;

        Item(Peer origin, long stream, long seq, long low, int flags, byte[] topic, String topicName, byte[] payload,
                Whose whose) {
            this.origin = origin;
            this.stream = stream;
            this.seq = seq;
            this.low = low;
            this.flags = flags;
            this.topic = topic;
            this.topicName = topicName;
            this.payload = payload;
            this.size = Codec.userEventSize(origin, stream, seq, low, topic, payload.length);
            this.own = whose == Whose.OWN;
        }
    }

    /** Whose an event waiting to be gossiped is: this node's own (counted while it spreads), or one it relays. */
    enum Whose {
        /** Broadcast by this node. */
        OWN,
        /** Heard from another member and passed on. */
        RELAYED
    }

    /** An event to deliver. */
    record Delivery(NodeId sender, String topic, byte[] payload) {
    }

    private record StreamKey(String origin, long stream) {
    }

    private record CoalesceKey(String origin, String topic) {
    }

    private static final class Stream {
        long next = -1;
        final TreeMap<Long, Delivery> held = new TreeMap<>();
        Loop.Timer gapTimer;
        final HashMap<String, Long> coalesceTop = new HashMap<>();
    }

    private final Loop loop;
    private final long reorderWindowNs;
    private final long coalescePeriodNs;
    private final Consumer<Delivery> deliver;
    private final Runnable ownDone;
    private ArrayList<Item> items = new ArrayList<>();
    private ArrayList<Item> spare = new ArrayList<>();
    private final HashMap<CoalesceKey, Item> queuedCoalescing = new HashMap<>();
    private final HashMap<CoalesceKey, Delivery> coalescePending = new HashMap<>();
    private final Map<StreamKey, Stream> streams = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamKey, Stream> eldest) {
            if (size() > MAX_STREAMS) {
                cancel(eldest.getValue().gapTimer);
                return true;
            }
            return false;
        }
    };
    private int bigCount;
    private long gapsGivenUp;
    /** This node's own events still spreading: counted when accepted, from any thread. */
    private final AtomicInteger spreading = new AtomicInteger();
    /** This node's event stream: one per life, so that receivers never confuse two lives. */
    private long ownStream;
    private long ownSeq;
    private long ownCoalesceSeq;
    /** This node's ordered events of the last reorder window: (number, time) pairs, oldest first. */
    private final ArrayDeque<long[]> recent = new ArrayDeque<>();

    /**
     * @param loop the protocol loop
     * @param reorderWindowNs how long an event waits behind a gap
     * @param coalescePeriodNs how long coalescing events gather before the latest is delivered
     * @param deliver receives each event to deliver, in order
     * @param ownDone runs when one of this node's own events stops being gossiped
     */
    UserEvents(Loop loop, long reorderWindowNs, long coalescePeriodNs, Consumer<Delivery> deliver, Runnable ownDone) {
        this.loop = loop;
        this.reorderWindowNs = reorderWindowNs;
        this.coalescePeriodNs = coalescePeriodNs;
        this.deliver = deliver;
        this.ownDone = ownDone;
    }

    boolean hasPending() {
        return !items.isEmpty();
    }

    // ------------------------------------------------------------------ this node's own events

    /** @param stream this node's event stream for this life (set once, before start) */
    void ownStream(long stream) {
        this.ownStream = stream;
    }

    /** @return this node's event stream */
    long ownStream() {
        return ownStream;
    }

    /**
     * Counts one more of this node's own events as spreading, unless {@code max} already are.
     * Thread-safe.
     *
     * @param max the most at once
     * @return whether it was counted; the caller must then broadcast it (or {@link #released} it)
     */
    boolean reserve(int max) {
        while (true) {
            int n = spreading.get();
            if (n >= max) {
                return false;
            }
            if (spreading.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** One of this node's own events stopped spreading (or was never gossiped). Thread-safe. */
    void released() {
        spreading.decrementAndGet();
    }

    /**
     * @param flags the event's flags ({@link Codec#EVENT_COALESCE} numbers it among the coalescing ones)
     * @return the number of this node's next event
     */
    long nextSeq(int flags) {
        return (flags & Codec.EVENT_COALESCE) != 0 ? ++ownCoalesceSeq : ++ownSeq;
    }

    /**
     * @param seq the number of an ordered event this node broadcasts now
     * @return the oldest of this node's ordered events broadcast within the reorder window, which may
     *     still be on their way to a node that hears of this stream for the first time
     */
    long recentLow(long seq) {
        long now = loop.nanos();
        while (!recent.isEmpty() && now - recent.peekFirst()[1] > reorderWindowNs) {
            recent.pollFirst();
        }
        long low = recent.isEmpty() ? seq : recent.peekFirst()[0];
        recent.addLast(new long[] {seq, now});
        if (recent.size() > MAX_HELD) {
            recent.pollFirst();
        }
        return low;
    }

    boolean hasBig() {
        return bigCount > 0;
    }

    int size() {
        return items.size();
    }

    long gapsGivenUp() {
        return gapsGivenUp;
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Takes an event heard (or broadcast here): delivers it when its turn comes.
     *
     * @param low the oldest ordered event the origin broadcast within the reorder window before this
     *     one: a stream heard of for the first time starts there, since those may still be on their way
     * @return whether it is news (neither delivered nor held before): news is relayed
     */
    boolean accept(NodeId origin, long stream, long seq, long low, int flags, String topic, byte[] payload) {
        return accept(origin, stream, seq, low, flags, topic, payload, 0, payload.length, false) != null;
    }

    /**
     * Takes an event as {@link #accept(NodeId, long, long, long, int, String, byte[])} does, with its
     * payload still in a buffer it does not own: the payload is copied only when the event is news,
     * so the many duplicates gossip brings cost no copy.
     *
     * @return the payload kept (a copy), or null when the event is not news
     */
    byte[] acceptCopy(NodeId origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
        return accept(origin, stream, seq, low, flags, topic, b, off, len, true);
    }

    private byte[] accept(NodeId origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len,
            boolean copy) {
        Stream st = streams.computeIfAbsent(new StreamKey(origin.name(), stream), k -> new Stream());
        if ((flags & Codec.EVENT_COALESCE) != 0) {
            Long top = st.coalesceTop.get(topic);
            if (top != null && seq <= top) {
                return null;
            }
            st.coalesceTop.put(topic, seq);
            byte[] payload = copy ? java.util.Arrays.copyOfRange(b, off, off + len) : b;
            Delivery d = new Delivery(origin, topic, payload);
            if (coalescePeriodNs == 0) {
                deliver.accept(d);
            } else {
                CoalesceKey key = new CoalesceKey(origin.name(), topic);
                if (coalescePending.put(key, d) == null) {
                    loop.schedule(coalescePeriodNs, () -> {
                        Delivery latest = coalescePending.remove(key);
                        if (latest != null) {
                            deliver.accept(latest);
                        }
                    });
                }
            }
            return payload;
        }
        if (st.next < 0) {
            st.next = low >= 1 && low <= seq ? low : seq;
        }
        if (seq < st.next || st.held.containsKey(seq)) {
            return null;
        }
        byte[] payload = copy ? java.util.Arrays.copyOfRange(b, off, off + len) : b;
        Delivery d = new Delivery(origin, topic, payload);
        if (seq == st.next) {
            deliver.accept(d);
            st.next++;
            drain(st);
        } else {
            st.held.put(seq, d);
            if (st.held.size() > MAX_HELD) {
                giveUpGap(st);
            } else if (st.gapTimer == null) {
                st.gapTimer = loop.schedule(reorderWindowNs, () -> gapExpired(st));
            }
        }
        return payload;
    }

    private void drain(Stream st) {
        while (!st.held.isEmpty() && st.held.firstKey() == st.next) {
            deliver.accept(st.held.pollFirstEntry().getValue());
            st.next++;
        }
        if (st.held.isEmpty()) {
            cancel(st.gapTimer);
            st.gapTimer = null;
        }
    }

    private void gapExpired(Stream st) {
        st.gapTimer = null;
        if (!st.held.isEmpty()) {
            giveUpGap(st);
        }
    }

    /** Gives up the first gap: the events missing before the first held one were lost. */
    private void giveUpGap(Stream st) {
        long first = st.held.firstKey();
        gapsGivenUp += first - st.next;
        st.next = first;
        drain(st);
        if (!st.held.isEmpty() && st.gapTimer == null) {
            st.gapTimer = loop.schedule(reorderWindowNs, () -> gapExpired(st));
        }
    }

    // ------------------------------------------------------------------ gossiping

    /**
     * Queues an event to gossip. A coalescing event replaces a queued one of its origin and topic.
     *
     * @param it the event
     * @param packetRoom the most bytes an event may take to go in a packet
     */
    void enqueue(Item it, int packetRoom) {
        it.big = it.size > packetRoom;
        if ((it.flags & Codec.EVENT_COALESCE) != 0) {
            Item old = queuedCoalescing.put(new CoalesceKey(it.origin.name(), it.topicName), it);
            if (old != null && items.remove(old)) {
                if (old.big) {
                    bigCount--;
                }
                retired(old);
            }
        }
        items.add(0, it);
        if (it.big) {
            bigCount++;
        }
        if (items.size() > CAPACITY) {
            Item most = items.get(0);
            for (Item x : items) {
                if (x.transmits > most.transmits) {
                    most = x;
                }
            }
            items.remove(most);
            forget(most);
        }
    }

    /**
     * Writes as many small events as fit below {@code budget}, fewest transmissions first.
     *
     * @return how many were written
     */
    int fillPacket(WireWriter w, int budget, int limit) {
        return fill(w, budget, limit, false);
    }

    /**
     * Writes events too big for a packet into a frame, up to {@link #FRAME_BYTES} (at least one).
     *
     * @return how many were written
     */
    int fillFrame(WireWriter w, int limit) {
        return fill(w, w.position() + FRAME_BYTES, limit, true);
    }

    private int fill(WireWriter w, int budget, int limit, boolean big) {
        int n = 0;
        ArrayList<Item> keep = spare;
        keep.clear();
        ArrayList<Item> sent = null;
        for (Item it : items) {
            boolean fits = it.big == big && (it.size <= budget - w.position() || big && n == 0);
            if (!fits) {
                keep.add(it);
                continue;
            }
            Codec.userEvent(w, it.origin, it.stream, it.seq, it.low, it.flags, it.topic, it.payload);
            n++;
            it.transmits++;
            if (it.transmits >= limit) {
                forget(it);
            } else {
                if (sent == null) {
                    sent = new ArrayList<>();
                }
                sent.add(it);
            }
        }
        if (n == 0) {
            keep.clear();
            return 0;
        }
        if (sent != null) {
            merge(keep, sent);
        }
        spare = items;
        items = keep;
        return n;
    }

    /**
     * Appends {@code sent} to {@code keep} in transmission order. Both are in that order (the
     * queue is, and each sent event went up by one), but an event left out because it did not fit
     * may have been sent more often than one that went: appending would put it first next time.
     * On a tie the event left out goes first.
     */
    private static void merge(ArrayList<Item> keep, ArrayList<Item> sent) {
        int i = keep.size() - 1;
        int j = sent.size() - 1;
        keep.addAll(sent);
        for (int d = keep.size() - 1; j >= 0; d--) {
            if (i >= 0 && keep.get(i).transmits > sent.get(j).transmits) {
                keep.set(d, keep.get(i--));
            } else {
                keep.set(d, sent.get(j--));
            }
        }
    }

    private void forget(Item it) {
        if (it.big) {
            bigCount--;
        }
        if ((it.flags & Codec.EVENT_COALESCE) != 0) {
            queuedCoalescing.remove(new CoalesceKey(it.origin.name(), it.topicName), it);
        }
        retired(it);
    }

    private void retired(Item it) {
        if (it.own) {
            ownDone.run();
        }
    }

    /** Drops everything queued (the node stopped); own events count as done. */
    void clear() {
        for (Item it : items) {
            retired(it);
        }
        items.clear();
        queuedCoalescing.clear();
        bigCount = 0;
    }

    private static void cancel(Loop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
