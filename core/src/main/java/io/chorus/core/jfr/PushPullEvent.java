package io.chorus.core.jfr;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A full or partial state sent to a member or received from one (anti-entropy: push-pull, a join, a pull's answer). */
@Name("chorus.PushPull")
@Label("Push-Pull")
@Description("A state exchanged with a member: the peer, the direction, the kind, its bytes and entries")
public final class PushPullEvent extends ChorusEvent {
    /** Which way a state went. */
    public enum Direction {
        /** This node sent it. */
        SENT,
        /** This node received it. */
        RECEIVED
    }

    @Label("Peer")
    @Description("The member it went to or came from (host:port, or name@host:port)")
    String peer;

    @Label("Direction")
    @Description("SENT or RECEIVED")
    String direction;

    @Label("Kind")
    @Description("PUSH (a periodic push-pull or a join's state), REPLY (the answer), or PARTIAL (a sample or a delta)")
    String kind;

    @Label("Bytes")
    @Description("The frame's size on the wire")
    @DataAmount
    long bytes;

    @Label("Entries")
    @Description("Member entries it carried")
    int entries;

    /**
     * @param peer the other member
     * @param direction which way it went
     * @param kind PUSH, REPLY or PARTIAL
     * @param bytes its size
     * @param entries its entries
     */
    public static void emit(Object peer, Direction direction, String kind, long bytes, int entries) {
        PushPullEvent e = new PushPullEvent();
        if (e.isEnabled()) {
            e.peer = String.valueOf(peer);
            e.direction = direction.name();
            e.kind = kind;
            e.bytes = bytes;
            e.entries = entries;
            e.commit();
        }
    }
}
