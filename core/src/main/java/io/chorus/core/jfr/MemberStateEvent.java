package io.chorus.core.jfr;

import io.chorus.api.FailureReason;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A member's state changed in this node's view. */
@Name("chorus.MemberState")
@Label("Member State Change")
@Description("A member's state changed in this node's view: from, to, why, at which incarnation, on whose word")
public final class MemberStateEvent extends ChorusEvent {
    @Label("Member")
    @Description("The member (name@host:port)")
    String member;

    @Label("From")
    @Description("The state before: ALIVE, SUSPECT, DEAD, LEFT, or NEW for a member first heard of")
    String from;

    @Label("To")
    @Description("The state now")
    String to;

    @Label("Reason")
    @Description("JOINED, REJOINED, REFUTED, SUSPECTED, LEFT, or for DEAD the failure reason (PROBE_TIMEOUT, ...)")
    String reason;

    @Label("Incarnation")
    @Description("The member's incarnation in the news")
    long incarnation;

    @Label("By")
    @Description("The suspector or declarer (name), when the news named one")
    String by;

    /**
     * @param member the member
     * @param from its state before, null when new
     * @param to its state now
     * @param incarnation its incarnation
     * @param by the suspector or declarer, or null
     * @param failure why it is dead (DEAD), or null
     */
    public static void emit(Peer member, MemberState from, MemberState to, long incarnation, Peer by, FailureReason failure) {
        MemberStateEvent e = new MemberStateEvent();
        if (e.isEnabled()) {
            e.member = member.id().toString();
            e.from = from == null ? "NEW" : from.name();
            e.to = to.name();
            e.reason = reason(from, to, failure);
            e.incarnation = incarnation;
            e.by = by == null ? null : by.name();
            e.commit();
        }
    }

    /** @return why a member moved, in a word */
    static String reason(MemberState from, MemberState to, FailureReason failure) {
        switch (to) {
            case ALIVE:
                if (from == null) {
                    return "JOINED";
                }
                return from == MemberState.SUSPECT ? "REFUTED" : "REJOINED";
            case SUSPECT:
                return "SUSPECTED";
            case DEAD:
                return failure == null ? FailureReason.PROBE_TIMEOUT.name() : failure.name();
            default:
                return "LEFT";
        }
    }
}
