package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.api.ClusterEvent;
import io.chorus.api.NodeId;
import io.chorus.core.wire.Codec;
import io.chorus.core.wire.Peer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * User events as they pass through this node: its own broadcasts (delivered here at once, then
 * gossiped, or sent straight to each member when too big for gossip), those its origin sent here
 * directly, and those heard in gossip (delivered once, in order, and relayed while they are news).
 * The ordering, the queue and the numbering of this node's own events are {@link UserEvents}'.
 */
final class Broadcasts {
    private final MemberTable table;
    private final LocalNode local;
    private final Outbox outbox;
    private final Compression compression;
    private final Counters counters;
    private final EventSink events;
    private final UserEvents userEvents;
    private DirectEvents direct = DirectEvents.NONE;
    private Runnable gossipNow = () -> { };

    /**
     * @param reorderWindowNs how long an event waits behind a gap in its origin's order
     * @param coalescePeriodNs how long coalescing events gather before the latest is delivered
     * @param stream this node's event stream for this life
     */
    Broadcasts(Loop loop, MemberTable table, LocalNode local, Outbox outbox, Compression compression, Counters counters,
            EventSink events, long reorderWindowNs, long coalescePeriodNs, long stream) {
        this.table = table;
        this.local = local;
        this.outbox = outbox;
        this.compression = compression;
        this.counters = counters;
        this.events = events;
        this.userEvents = new UserEvents(loop, reorderWindowNs, coalescePeriodNs, this::deliver, this::released);
        userEvents.ownStream(stream);
    }

    /** @param round sends a gossip round at once, so that a broadcast's first hop does not wait for the next tick */
    void wire(Runnable round) {
        this.gossipNow = round;
    }

    /** @return the events waiting to be gossiped and delivered */
    UserEvents events() {
        return userEvents;
    }

    /** @param sender sends events over the broadcast limit straight to each member */
    void direct(DirectEvents sender) {
        this.direct = sender;
    }

    /** @param max the most at once @return whether one more own event was counted as spreading (any thread) */
    boolean reserve(int max) {
        return userEvents.reserve(max);
    }

    private void released() {
        userEvents.released();
    }

    /**
     * Broadcasts a reserved event: delivered here at once (in order), then gossiped, or sent to each
     * member when its flags say direct.
     *
     * @param flags {@link Codec#EVENT_COALESCE}, {@link Codec#EVENT_DIRECT}
     */
    void broadcast(String topic, byte[] topicBytes, byte[] payload, int flags) {
        if (!local.running) {
            userEvents.released();
            return;
        }
        long seq = userEvents.nextSeq(flags);
        long low = (flags & Codec.EVENT_COALESCE) != 0 ? 0 : userEvents.recentLow(seq);
        long stream = userEvents.ownStream();
        userEvents.accept(local.peer.id(), stream, seq, low, flags, topic, payload);
        if ((flags & Codec.EVENT_DIRECT) != 0) {
            ArrayList<Address> to = new ArrayList<>();
            boolean[] inflates = new boolean[table.size];
            for (int s = 0; s < table.size; s++) {
                if (table.peers[s] != local.peer && table.live(s)) {
                    inflates[to.size()] = compression.enabled() && table.inflates[s];
                    to.add(table.peers[s].address());
                }
            }
            userEvents.released();
            direct.send(to, Arrays.copyOf(inflates, to.size()), local.peer, stream, seq, low, flags, topicBytes, payload);
        } else if (table.liveCount() <= 1) {
            userEvents.released(); // alone: delivered here, and there is nobody to tell
        } else {
            userEvents.enqueue(new UserEvents.Item(local.peer, stream, seq, low, flags, topicBytes, topic, payload,
                    UserEvents.Whose.OWN),
                    outbox.packetRoom());
            gossipNow.run();
        }
    }

    /** An event its origin sent here directly (decoded off the loop); the payload is a copy kept here. */
    void directFrom(NodeId origin, long stream, long seq, long low, int flags, String topic, byte[] payload) {
        userEvents.accept(origin, stream, seq, low, flags | Codec.EVENT_DIRECT, topic, payload);
    }

    /** @return whether an event of this node with this topic and payload length fits in a packet */
    boolean fitsPacket(byte[] topic, int payloadLength) {
        return Codec.userEventSize(local.peer, Long.MAX_VALUE >>> 2, Long.MAX_VALUE >>> 2, Long.MAX_VALUE >>> 2, topic,
                payloadLength) <= outbox.packetRoom();
    }

    /** An event heard in gossip: delivered when its turn comes, and relayed while it is news (not a direct one). */
    void heard(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
        if (local.named(origin)) {
            return;
        }
        byte[] payload = userEvents.acceptCopy(origin.id(), stream, seq, low, flags, topic, b, off, len);
        if (payload != null && (flags & Codec.EVENT_DIRECT) == 0) {
            userEvents.enqueue(new UserEvents.Item(origin, stream, seq, low, flags, topic.getBytes(
                    StandardCharsets.ISO_8859_1), topic, payload, UserEvents.Whose.RELAYED), outbox.packetRoom());
        }
    }

    private void deliver(UserEvents.Delivery d) {
        counters.userEventsDelivered++;
        if (events.enabled()) {
            events.emit(new ClusterEvent.UserEvent(d.topic(), d.sender(), d.payload()));
        }
    }

    /** The node stopped: nothing more is gossiped. */
    void stop() {
        userEvents.clear();
    }
}
